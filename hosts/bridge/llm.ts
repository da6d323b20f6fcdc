/**
 * Bridge handler for the settings view's "test connection" button: asks the configured
 * OpenAI-compatible endpoint for its models (GET /models), timed, so the user sees at once
 * whether the URL, key and model name work. Never throws: the answer is the test's verdict.
 */
import type { Handlers } from './types.js';

/** How long the test waits at most, whatever llm.timeoutMs says: a settings button must answer quickly. */
const TEST_TIMEOUT_MS = 5_000;

export async function testLlmEndpoint(endpoint: string, model: string, apiKey: string, fetchImpl: typeof fetch = fetch): Promise<{ ok: boolean; detail: string; model?: string; latencyMs?: number }> {
  if (!endpoint) return { ok: false, detail: 'No language-model endpoint is set. Enter an OpenAI-compatible URL such as http://127.0.0.1:11434/v1 (Ollama).' };
  const started = performance.now();
  const url = `${endpoint.replace(/\/+$/, '')}/models`;
  try {
    const res = await fetchImpl(url, { headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, signal: AbortSignal.timeout(TEST_TIMEOUT_MS) });
    const latencyMs = Math.round(performance.now() - started);
    if (res.status === 401 || res.status === 403) return { ok: false, latencyMs, detail: `${url} refused the API key (HTTP ${res.status}). Check llm.apiKey.` };
    if (!res.ok) return { ok: false, latencyMs, detail: `${url} answered HTTP ${res.status}. Is this the API base URL (it usually ends in /v1)?` };
    const body = (await res.json().catch(() => null)) as { data?: { id?: string }[] } | null;
    const ids = (body?.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
    if (model && ids.length > 0 && !ids.includes(model)) {
      return { ok: false, latencyMs, detail: `Connected, but the server has no model "${model}". It offers: ${ids.slice(0, 8).join(', ')}.` };
    }
    const chosen = model || ids[0];
    return { ok: true, latencyMs, detail: `Connected in ${latencyMs} ms${ids.length ? `; ${ids.length} model(s) available` : ''}.`, ...(chosen ? { model: chosen } : {}) };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${TEST_TIMEOUT_MS / 1000} s` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    return { ok: false, detail: `Could not reach ${url}: ${reason}. Is the model server running?` };
  }
}

export const handlers: Handlers<'llm.test'> = {
  async 'llm.test'(_input, { kernel }) {
    return testLlmEndpoint(kernel.settings.get('llm.endpoint'), kernel.settings.get('llm.model'), kernel.settings.get('llm.apiKey'));
  },
};
