import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LlmClient, LlmError, createLlmCapability, type ChatChunk } from './index.js';
import { startScriptedServer, type ScriptedServer } from './test-server.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer({ apiKey: 'sekret' });
});
afterAll(() => server.close());

const client = (over: Partial<ConstructorParameters<typeof LlmClient>[0]> = {}) => new LlmClient({ endpoint: server.url, model: 'tiny-chat', apiKey: 'sekret', timeoutMs: 5_000, ...over });
const weather = { name: 'get_weather', description: 'Current weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

async function collect(gen: AsyncGenerator<ChatChunk>): Promise<ChatChunk[]> {
  const out: ChatChunk[] = [];
  for await (const c of gen) out.push(c);
  return out;
}

describe('LlmClient against a scripted OpenAI-compatible server', () => {
  it('chats, sending the model, the messages and the Bearer key', async () => {
    const r = await client().chat([{ role: 'user', content: 'ping' }], { maxTokens: 5, temperature: 0 });
    expect(r.content).toBe('pong');
    expect(r.model).toBe('tiny-chat');
    expect(r.usage).toEqual({ promptTokens: 12, completionTokens: 3 });
    expect(server.requests.at(-1)).toMatchObject({ model: 'tiny-chat', stream: false, max_tokens: 5, temperature: 0, messages: [{ role: 'user', content: 'ping' }] });
  });

  it('lists models', async () => {
    expect(await client().models()).toEqual(['tiny-chat', 'slow-chat']);
  });

  it('streams an answer in pieces over SSE split at odd byte boundaries', async () => {
    const chunks = await collect(client().stream([{ role: 'user', content: 'hello there world' }]));
    const texts = chunks.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text);
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.join('')).toBe('You said: hello there world');
    const done = chunks.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type === 'done') {
      expect(done.result.content).toBe('You said: hello there world');
      expect(done.result.finishReason).toBe('stop');
      expect(done.result.usage).toEqual({ promptTokens: 12, completionTokens: 3 });
    }
  });

  it('calls a tool and continues with its result', async () => {
    const c = client();
    const first = await c.chat([{ role: 'user', content: 'weather in Paris?' }], { tools: [weather] });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls[0]!;
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(server.requests.at(-1)).toMatchObject({ tools: [{ type: 'function', function: { name: 'get_weather' } }], tool_choice: 'auto' });
    const second = await c.chat(
      [
        { role: 'user', content: 'weather in Paris?' },
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', content: '18 °C, sunny', toolCallId: call.id },
      ],
      { tools: [weather] },
    );
    expect(second.content).toBe('The tool said: 18 °C, sunny');
    const sent = server.requests.at(-1) as { messages: Record<string, unknown>[] };
    expect(sent.messages[1]).toMatchObject({ role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather' } }] });
    expect(sent.messages[2]).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
  });

  it('assembles a streamed tool call from argument fragments', async () => {
    const chunks = await collect(client().stream([{ role: 'user', content: 'weather?' }], { tools: [weather], toolChoice: { name: 'get_weather' } }));
    const calls = chunks.filter((c) => c.type === 'tool_call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ call: { id: 'call_1', name: 'get_weather' } });
    expect(JSON.parse((calls[0] as { call: { arguments: string } }).call.arguments)).toEqual({ city: 'Paris', unit: 'celsius' });
    expect(server.requests.at(-1)).toMatchObject({ tool_choice: { type: 'function', function: { name: 'get_weather' } } });
  });

  it('the llm capability returns the answer text', async () => {
    const llm = createLlmCapability(client());
    expect(await llm.chat([{ role: 'user', content: 'ping' }], { maxTokens: 100_000 })).toBe('pong');
    expect(server.requests.at(-1)).toMatchObject({ max_tokens: 4096 });
  });
});

describe('LlmClient errors say what to fix', () => {
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (error) {
      return error as LlmError;
    }
    throw new Error('expected a failure');
  };

  it('a wrong key', async () => {
    const e = await failure(client({ apiKey: 'wrong' }).chat([{ role: 'user', content: 'ping' }]));
    expect(e).toBeInstanceOf(LlmError);
    expect(e.code).toBe('auth');
    expect(e.status).toBe(401);
    expect(e.message).toMatch(/Invalid API key/);
    expect(e.fix).toMatch(/llm\.apiKey/);
  });

  it('an unknown model', async () => {
    const e = await failure(client({ model: 'nope' }).chat([{ role: 'user', content: 'ping' }]));
    expect(e.code).toBe('not_found');
    expect(e.message).toMatch(/model "nope"/);
    expect(e.fix).toMatch(/agentos settings set llm\.model/);
  });

  it('a wrong path', async () => {
    const e = await failure(new LlmClient({ endpoint: server.url.replace(/\/v1$/, ''), model: 'tiny-chat', apiKey: 'sekret' }).chat([{ role: 'user', content: 'x' }]));
    expect(e.code).toBe('not_found');
    expect(e.fix).toMatch(/\/v1/);
  });

  it('a slow server times out', async () => {
    const e = await failure(client({ model: 'slow-chat', timeoutMs: 300 }).chat([{ role: 'user', content: 'ping' }]));
    expect(e.code).toBe('timeout');
    expect(e.fix).toMatch(/llm\.timeoutMs/);
  });

  it('nothing listening', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await failure(new LlmClient({ endpoint: `http://127.0.0.1:${port}/v1`, model: 'm' }).chat([{ role: 'user', content: 'x' }]));
    expect(e.code).toBe('unreachable');
    expect(e.message).toMatch(/ECONNREFUSED/);
    expect(e.fix).toMatch(/llm\.endpoint/);
  });

  it('no endpoint or no model', () => {
    expect(() => new LlmClient({ endpoint: '' })).toThrow(/agentos settings set llm\.endpoint/);
    expect(() => new LlmClient({ endpoint: 'ftp://x' })).toThrow(/http/);
    return expect(new LlmClient({ endpoint: server.url }).chat([{ role: 'user', content: 'x' }])).rejects.toThrow(/llm\.model/);
  });
});
