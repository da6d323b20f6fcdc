/**
 * Where the model runs, and what to do when it cannot be asked. By default only a model on this
 * machine is used (a request, its conversation and the skills' results are sent to it); a hosted
 * endpoint needs `llm.allowRemote`. Failures name the fix: start the server, check the endpoint,
 * raise a limit.
 */
import { LlmError } from '../llm/index.js';

/** True for loopback hosts: localhost (and *.localhost), 127.0.0.0/8, ::1. */
export function isLocalEndpoint(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::1' || host === '0:0:0:0:0:0:0:1';
}

export interface AgentFailure {
  code: string;
  message: string;
  fix: string;
}

export function remoteRefused(endpoint: string): AgentFailure {
  return {
    code: 'llm_remote_refused',
    message: `The language model at ${endpoint} is not on this computer, so the request was not sent to it.`,
    fix: 'To allow a hosted model (your request and skill results are then sent to it): agentos settings set llm.allowRemote true',
  };
}

/** A model error as the user reads it: what failed and the exact fix. */
export function modelFailure(error: unknown, endpoint: string): AgentFailure {
  if (!(error instanceof LlmError)) return { code: 'llm_failed', message: `The language model call failed: ${(error as Error).message}`, fix: 'Check the model server’s log, or run: agentos llm test' };
  if (error.code === 'unreachable') {
    const ollama = /:11434\b/.test(endpoint);
    return {
      code: 'llm_unreachable',
      message: `The language model at ${endpoint} is not answering (${error.message.replace(/\s*Is the model server running.*$/, '')}).`,
      fix: ollama
        ? 'Start Ollama: ollama serve (or check llm.endpoint: agentos settings set llm.endpoint http://127.0.0.1:11434/v1).'
        : `Start the model server (e.g. ollama serve, or llama-server --port ${portOf(endpoint)}), or check llm.endpoint: agentos settings set llm.endpoint URL.`,
    };
  }
  if (error.code === 'timeout') return { code: 'llm_timeout', message: error.message.replace(error.fix, '').trim(), fix: 'The model may still be loading or be too large for this machine: raise llm.timeoutMs (agentos settings set llm.timeoutMs 120000) or use a smaller model (llm.model).' };
  return { code: `llm_${error.code}`, message: error.message.replace(error.fix, '').trim(), fix: error.fix || 'Run agentos llm test to check the endpoint and model.' };
}

function portOf(endpoint: string): string {
  try {
    return new URL(endpoint).port || '8080';
  } catch {
    return '8080';
  }
}
