/**
 * Every setting the kernel knows, with its type, default and meaning. Each default works offline
 * on a fresh machine. Subsystems add their keys here so the portal and `agentos settings` can list them.
 */
import { z } from 'zod';

export interface SettingDefinition<T = unknown> {
  description: string;
  schema: z.ZodType<T>;
  default: T;
  values?: string[];
  secret?: boolean;
}

const def = <T>(d: SettingDefinition<T>): SettingDefinition<T> => d;

export const SETTINGS = {
  'llm.endpoint': def({
    description: 'OpenAI-compatible base URL, e.g. http://127.0.0.1:11434/v1 (Ollama) or http://127.0.0.1:8080/v1 (llama.cpp). Empty: no language model.',
    schema: z.string().max(2000).refine((v) => v === '' || /^https?:\/\//.test(v), 'must start with http:// or https://'),
    default: '',
  }),
  'llm.model': def({ description: 'Model name sent to the endpoint.', schema: z.string().max(200), default: '' }),
  'llm.apiKey': def({ description: 'API key for hosted endpoints (sent as a Bearer token).', schema: z.string().max(500), default: '', secret: true }),
  'llm.timeoutMs': def({ description: 'Timeout for one language-model call.', schema: z.number().int().min(1000).max(600_000), default: 60_000 }),
  'llm.allowRemote': def({ description: 'Allow an llm.endpoint that is not on this machine (a hosted API): requests and their data then leave this computer.', schema: z.boolean(), default: false }),
  'llm.agentBelow': def({ description: 'With an endpoint set, a request the classical path understands with less confidence than this goes to the model (0: only requests it does not understand).', schema: z.number().min(0).max(1), default: 0.35 }),
  'llm.agentMaxSteps': def({ description: 'Most model calls one agent request may make.', schema: z.number().int().min(1).max(50), default: 8 }),
  'llm.agentMaxTokens': def({ description: 'Most tokens (prompt and answer, all calls together) one agent request may use.', schema: z.number().int().min(256).max(2_000_000), default: 32_000 }),
  'llm.agentTimeMs': def({ description: 'Most time one agent request may take, all model calls and skill steps together.', schema: z.number().int().min(1000).max(3_600_000), default: 180_000 }),
  'llm.tools': def({
    description: 'How the agent offers skills to the model: on (OpenAI tool calling), off (JSON answers, for models without tool support), auto (tool calling, falling back to JSON when the server refuses tools).',
    schema: z.enum(['auto', 'on', 'off']),
    default: 'auto' as 'auto' | 'on' | 'off',
    values: ['auto', 'on', 'off'],
  }),
  'llm.stream': def({ description: 'Stream the model’s answers (server-sent events) in agent mode.', schema: z.boolean(), default: false }),
  'voice.engine': def({
    description: 'Speech recognition engine: auto picks the first ready one.',
    schema: z.enum(['auto', 'whisper-cpp', 'transformers', 'pocketsphinx']),
    default: 'auto' as 'auto' | 'whisper-cpp' | 'transformers' | 'pocketsphinx',
    values: ['auto', 'whisper-cpp', 'transformers', 'pocketsphinx'],
  }),
  'voice.whisperModel': def({ description: 'Path to a whisper.cpp ggml model file (agentos voice download MODEL fetches one).', schema: z.string().max(4096), default: '' }),
  'voice.transformersModelDir': def({ description: 'Local folder of a Whisper ONNX model for transformers.js.', schema: z.string().max(4096), default: '' }),
  'voice.speakReplies': def({ description: 'Speak answers to voice requests.', schema: z.boolean(), default: true }),
  'voice.tts': def({ description: 'Voice for spoken replies.', schema: z.enum(['espeak', 'browser']), default: 'espeak' as 'espeak' | 'browser', values: ['espeak', 'browser'] }),
  'graph.backend': def({ description: 'Knowledge graph store (neo4j uses NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD).', schema: z.enum(['sqlite', 'neo4j']), default: 'sqlite' as 'sqlite' | 'neo4j', values: ['sqlite', 'neo4j'] }),
  'intent.embeddingModelDir': def({ description: 'Local folder of a sentence-embedding ONNX model (transformers.js); fused with the classical scores when set.', schema: z.string().max(4096), default: '' }),
  'intent.allowRemoteModels': def({ description: 'Allow transformers.js to download models from the Hugging Face hub.', schema: z.boolean(), default: false }),
  'sandbox.callTimeoutMs': def({ description: 'A community skill call running longer than this is stopped (its process is killed).', schema: z.number().int().min(100).max(3_600_000), default: 30_000 }),
  'sandbox.memoryMb': def({ description: 'Heap limit of a community skill process (MB).', schema: z.number().int().min(16).max(16_384), default: 256 }),
  'sandbox.cpuSeconds': def({ description: 'CPU seconds a community skill process may use before it is killed (prlimit).', schema: z.number().int().min(1).max(86_400), default: 120 }),
  'sandbox.maxOutputBytes': def({ description: 'Bytes of stdout/stderr a community skill process may write before it is killed.', schema: z.number().int().min(1000).max(1_000_000_000), default: 1_000_000 }),
  'log.level': def({ description: 'Lowest level written to the log file (logs/agentos.log in the profile): debug, info, warn or error.', schema: z.enum(['debug', 'info', 'warn', 'error']), default: 'info' as 'debug' | 'info' | 'warn' | 'error', values: ['debug', 'info', 'warn', 'error'] }),
  'ui.theme': def({ description: 'Portal theme.', schema: z.enum(['system', 'light', 'dark']), default: 'system' as 'system' | 'light' | 'dark', values: ['system', 'light', 'dark'] }),
  'ui.timeFormat': def({
    description: 'Clock for times in answers, the CLI, the portal and spoken replies: 12h ("6:00 PM"), 24h ("18:00"), or auto (the locale\'s own; 24-hour when no locale is set).',
    schema: z.enum(['auto', '12h', '24h']),
    default: 'auto' as 'auto' | '12h' | '24h',
    values: ['auto', '12h', '24h'],
  }),
  'ui.locale': def({
    description: 'Locale for dates and times, a BCP 47 tag such as en-US, en-GB or de-DE. Empty: the one the environment names (LC_ALL, LC_TIME or LANG).',
    schema: z.string().max(50).refine((v) => v === '' || (() => { try { return Intl.getCanonicalLocales(v).length === 1; } catch { return false; } })(), 'must be a locale tag such as en-US or de-DE, or empty'),
    default: '',
  }),
} satisfies Record<string, SettingDefinition<never> | SettingDefinition<unknown>>;

export type SettingKey = keyof typeof SETTINGS;
