/** The optional language-model provider: an OpenAI-compatible chat client and the `llm` capability built on it. */
export { LlmClient, type LlmClientOptions } from './client.js';
export { LlmError, type LlmErrorCode } from './errors.js';
export { createLlmCapability, clientFromSettings, toLlmMessages } from './capability.js';
export type { ChatChunk, ChatOptions, ChatResult, LlmMessage, LlmTool, LlmToolCall } from './types.js';
