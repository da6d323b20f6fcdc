/**
 * An OpenAI-compatible chat client (POST {endpoint}/chat/completions): plain and streamed
 * answers, tool calling, Bearer keys, a timeout on every call, and errors that name the fix.
 * Works with Ollama, llama.cpp server, LM Studio, vLLM and hosted APIs alike.
 */
import { describeIssues } from '../contracts/index.js';
import { httpError, LlmError, networkError } from './errors.js';
import { sseData } from './sse.js';
import { ChatChunkSchema, ChatCompletionSchema, ModelListSchema, type ChatChunk, type ChatOptions, type ChatResult, type LlmMessage, type LlmToolCall } from './types.js';

export interface LlmClientOptions {
  endpoint: string;
  model?: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const toWire = (m: LlmMessage) => ({
  role: m.role,
  content: m.content,
  ...(m.name ? { name: m.name } : {}),
  ...(m.toolCallId ? { tool_call_id: m.toolCallId } : {}),
  ...(m.toolCalls?.length ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) } : {}),
});

export class LlmClient {
  readonly endpoint: string;
  readonly model: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: LlmClientOptions) {
    if (!options.endpoint) {
      throw new LlmError('not_configured', 'No language-model endpoint is configured.', 'Set one, e.g.: agentos settings set llm.endpoint http://127.0.0.1:11434/v1');
    }
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new LlmError('not_configured', `llm.endpoint "${options.endpoint}" is not a URL.`, 'Use the API base URL, e.g. http://127.0.0.1:11434/v1');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new LlmError('not_configured', `llm.endpoint must be http(s), not ${url.protocol}`, 'Use e.g. http://127.0.0.1:11434/v1');
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.model = options.model ?? '';
    this.apiKey = options.apiKey ?? '';
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.fetchImpl = options.fetch ?? fetch;
  }

  private headers(): Record<string, string> {
    return { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) };
  }

  private async post(path: string, body: unknown, options: ChatOptions): Promise<Response> {
    const url = `${this.endpoint}${path}`;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method: 'POST', headers: this.headers(), body: JSON.stringify(body), signal: AbortSignal.any(signals) });
    } catch (error) {
      throw networkError(error, url, timeoutMs);
    }
    if (!res.ok) throw httpError(res.status, await res.text().catch(() => ''), url, this.modelFor(options));
    return res;
  }

  private modelFor(options: ChatOptions): string {
    return options.model ?? this.model;
  }

  private requestBody(messages: LlmMessage[], options: ChatOptions, stream: boolean) {
    const model = this.modelFor(options);
    if (!model) throw new LlmError('not_configured', 'No model name is configured.', 'Set one the server offers (agentos llm test lists them): agentos settings set llm.model NAME');
    if (messages.length === 0) throw new LlmError('bad_request', 'A chat needs at least one message.', '');
    return {
      model,
      messages: messages.map(toWire),
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
      ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options.stop?.length ? { stop: options.stop } : {}),
      ...(options.tools?.length
        ? {
            tools: options.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })),
            tool_choice: typeof options.toolChoice === 'object' ? { type: 'function', function: { name: options.toolChoice.name } } : (options.toolChoice ?? 'auto'),
          }
        : {}),
    };
  }

  /** One complete answer: text and/or tool calls. */
  async chat(messages: LlmMessage[], options: ChatOptions = {}): Promise<ChatResult> {
    const started = performance.now();
    const body = this.requestBody(messages, options, false);
    const res = await this.post('/chat/completions', body, options);
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new LlmError('bad_response', `${this.endpoint}/chat/completions did not answer with JSON.`, 'Is llm.endpoint the API base URL (usually ending in /v1)?');
    }
    const parsed = ChatCompletionSchema.safeParse(json);
    if (!parsed.success) throw new LlmError('bad_response', `The server's answer is not an OpenAI-style chat completion (${describeIssues(parsed.error).slice(0, 3).join('; ')}).`, 'Check that llm.endpoint points at an OpenAI-compatible API.');
    const choice = parsed.data.choices[0]!;
    const toolCalls: LlmToolCall[] = (choice.message.tool_calls ?? []).map((c, i) => ({
      id: c.id ?? `call_${i}`,
      name: c.function.name,
      arguments: typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments ?? {}),
    }));
    const usage = parsed.data.usage;
    return {
      content: choice.message.content ?? '',
      toolCalls,
      finishReason: choice.finish_reason ?? null,
      model: parsed.data.model ?? body.model,
      ...(usage?.prompt_tokens !== undefined && usage.completion_tokens !== undefined ? { usage: { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } } : {}),
      latencyMs: performance.now() - started,
    };
  }

  /** A streamed answer: text pieces as they arrive, each tool call once complete, then the whole result. */
  async *stream(messages: LlmMessage[], options: ChatOptions = {}): AsyncGenerator<ChatChunk> {
    const started = performance.now();
    const body = this.requestBody(messages, options, true);
    const res = await this.post('/chat/completions', body, options);
    if (!res.body) throw new LlmError('bad_response', 'The server sent an empty stream.', 'Check that this server supports streaming ("stream": true).');
    let content = '';
    let finishReason: string | null = null;
    let model = body.model;
    let usage: ChatResult['usage'];
    const partial = new Map<number, { id: string; name: string; arguments: string }>();
    const emitted = new Set<number>();
    const complete = function* (upTo = Infinity) {
      for (const [index, c] of [...partial.entries()].sort((a, b) => a[0] - b[0])) {
        if (index >= upTo || emitted.has(index)) continue;
        emitted.add(index);
        yield { type: 'tool_call' as const, call: { id: c.id || `call_${index}`, name: c.name, arguments: c.arguments || '{}' } };
      }
    };
    try {
      for await (const data of sseData(res.body, options.signal)) {
        let json: unknown;
        try {
          json = JSON.parse(data);
        } catch {
          throw new LlmError('bad_response', `The stream carried something that is not JSON: ${data.slice(0, 80)}`, 'Check that llm.endpoint points at an OpenAI-compatible API.');
        }
        const chunk = ChatChunkSchema.safeParse(json);
        if (!chunk.success) continue;
        if (chunk.data.model) model = chunk.data.model;
        if (chunk.data.usage?.prompt_tokens !== undefined && chunk.data.usage.completion_tokens !== undefined) {
          usage = { promptTokens: chunk.data.usage.prompt_tokens, completionTokens: chunk.data.usage.completion_tokens };
        }
        for (const choice of chunk.data.choices) {
          const text = choice.delta?.content;
          if (text) {
            content += text;
            yield { type: 'text', text };
          }
          for (const tc of choice.delta?.tool_calls ?? []) {
            const index = tc.index ?? 0;
            // A new index means the calls before it are complete.
            if (!partial.has(index)) yield* complete(index);
            const p = partial.get(index) ?? { id: '', name: '', arguments: '' };
            if (tc.id) p.id = tc.id;
            if (tc.function?.name) p.name += tc.function.name;
            if (tc.function?.arguments) p.arguments += tc.function.arguments;
            partial.set(index, p);
          }
          if (choice.finish_reason) finishReason = choice.finish_reason;
        }
      }
    } catch (error) {
      if (error instanceof LlmError) throw error;
      throw networkError(error, `${this.endpoint}/chat/completions`, options.timeoutMs ?? this.timeoutMs);
    }
    yield* complete();
    const toolCalls = [...partial.entries()].sort((a, b) => a[0] - b[0]).map(([i, c]) => ({ id: c.id || `call_${i}`, name: c.name, arguments: c.arguments || '{}' }));
    yield { type: 'done', result: { content, toolCalls, finishReason, model, ...(usage ? { usage } : {}), latencyMs: performance.now() - started } };
  }

  /** The models the server offers (GET /models). */
  async models(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    const url = `${this.endpoint}/models`;
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let res: Response;
    try {
      res = await this.fetchImpl(url, { headers: this.headers(), signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])]) });
    } catch (error) {
      throw networkError(error, url, timeoutMs);
    }
    if (!res.ok) throw httpError(res.status, await res.text().catch(() => ''), url, this.model);
    const parsed = ModelListSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new LlmError('bad_response', `${url} did not answer with a model list.`, 'Is llm.endpoint the API base URL (usually ending in /v1)?');
    return parsed.data.data.map((m) => m.id);
  }
}
