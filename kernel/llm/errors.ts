/**
 * Language-model errors a user can act on: what went wrong, with which endpoint, and what to change.
 */
export type LlmErrorCode = 'not_configured' | 'unreachable' | 'timeout' | 'auth' | 'not_found' | 'bad_request' | 'rate_limited' | 'server' | 'bad_response' | 'aborted';

export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    /** What to do about it. */
    readonly fix: string,
    readonly status?: number,
  ) {
    super(`${message} ${fix}`.trim());
    this.name = 'LlmError';
  }
}

const snippet = (body: string) => {
  try {
    const j = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    const m = typeof j.error === 'string' ? j.error : (j.error?.message ?? j.message);
    if (m) return m.slice(0, 300);
  } catch {
    // not JSON
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 300);
};

/** The error for an HTTP status from `url`. */
export function httpError(status: number, body: string, url: string, model: string): LlmError {
  const detail = snippet(body);
  const said = detail ? ` The server said: ${detail}` : '';
  if (status === 401 || status === 403) return new LlmError('auth', `${url} refused the request (HTTP ${status}).${said}`, 'Check the API key: agentos settings set llm.apiKey KEY', status);
  if (status === 404) {
    if (/model/i.test(detail)) return new LlmError('not_found', `The server does not know the model "${model}".${said}`, 'Pick one it offers (agentos llm test lists them): agentos settings set llm.model NAME', status);
    return new LlmError('not_found', `${url} does not exist (HTTP 404).`, 'llm.endpoint should be the API base URL, usually ending in /v1 (e.g. http://127.0.0.1:11434/v1).', status);
  }
  if (status === 429) return new LlmError('rate_limited', `The server is rate-limiting requests (HTTP 429).${said}`, 'Wait a moment and try again, or raise the limit with your provider.', status);
  if (status >= 500) return new LlmError('server', `The model server failed (HTTP ${status}).${said}`, 'Check the server’s own log; a model that does not fit in memory fails like this.', status);
  return new LlmError('bad_request', `The server rejected the request (HTTP ${status}).${said}`, 'Check llm.model, and that this server supports the features used (tools, streaming).', status);
}

/** The error for a failed fetch (no HTTP answer at all). */
export function networkError(error: unknown, url: string, timeoutMs: number): LlmError {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return new LlmError('timeout', `${url} did not answer within ${Math.round(timeoutMs / 1000)} s.`, 'Is the model still loading? Raise llm.timeoutMs (agentos settings set llm.timeoutMs 120000) or use a smaller model.');
  if (e.name === 'AbortError') return new LlmError('aborted', 'The language-model call was cancelled.', '');
  const code = e.cause?.code ?? '';
  const reason = code || e.cause?.message || e.message;
  return new LlmError('unreachable', `Could not reach ${url} (${reason}).`, 'Is the model server running, and is llm.endpoint right? e.g. agentos settings set llm.endpoint http://127.0.0.1:11434/v1');
}
