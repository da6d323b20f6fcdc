/**
 * The `llm` capability skills receive (LlmCapability of the skill contract) on top of the chat
 * client: a message list in, the answer's text out, bounded so a skill cannot run up a bill or
 * hang the kernel.
 */
import type { ChatMessage, LlmCapability } from '../contracts/index.js';
import { LlmClient, type LlmClientOptions } from './client.js';
import type { LlmMessage } from './types.js';

/** A skill asking for more than this gets this many tokens. */
const MAX_TOKENS_CAP = 4096;
const MAX_MESSAGES = 200;

export function toLlmMessages(messages: ChatMessage[]): LlmMessage[] {
  return messages.slice(-MAX_MESSAGES).map((m) => ({
    role: m.role,
    content: String(m.content ?? ''),
    ...(m.name ? { name: m.name } : {}),
    ...(m.toolCallId ? { toolCallId: m.toolCallId } : {}),
  }));
}

export function createLlmCapability(client: LlmClient): LlmCapability {
  return {
    async chat(messages, options = {}) {
      const result = await client.chat(toLlmMessages(messages), {
        maxTokens: Math.min(options.maxTokens ?? 1024, MAX_TOKENS_CAP),
        ...(options.temperature !== undefined ? { temperature: Math.max(0, Math.min(2, options.temperature)) } : {}),
      });
      return result.content;
    },
  };
}

/** The client for the endpoint, model, key and timeout in settings; undefined when no endpoint is set. */
export function clientFromSettings(settings: { endpoint: string; model: string; apiKey: string; timeoutMs: number }, fetchImpl?: typeof fetch): LlmClient | undefined {
  if (!settings.endpoint) return undefined;
  const options: LlmClientOptions = { endpoint: settings.endpoint, model: settings.model, apiKey: settings.apiKey, timeoutMs: settings.timeoutMs, ...(fetchImpl ? { fetch: fetchImpl } : {}) };
  return new LlmClient(options);
}
