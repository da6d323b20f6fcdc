/**
 * A scripted OpenAI-compatible server on 127.0.0.1 for tests: /models, /chat/completions with
 * plain and streamed (SSE) answers, tool calls, API-key checks, unknown models and slow answers.
 * It speaks the protocol as real servers do, so the client is tested against the wire format. A
 * `script` answers each chat request in turn (the agent's tests play a model with it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedServer {
  url: string;
  /** Every chat request body received. */
  requests: Record<string, unknown>[];
  /** TCP connections accepted so far (a test that expects no network use asserts 0). */
  readonly connections: number;
  close(): Promise<void>;
}

/** What a scripted turn answers: text, tool calls, an HTTP error, or raw text that is not JSON at all. */
export interface ScriptedTurn {
  content?: string;
  toolCalls?: { name: string; arguments: string }[];
  /** Answer with this HTTP status and error message instead of a completion. */
  error?: { status: number; message: string };
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** The request as a script sees it: the body and how many chat requests came before. */
export interface ScriptedRequest {
  model: string;
  stream?: boolean;
  messages: WireMessage[];
  tools?: { function: { name: string; description?: string; parameters?: unknown } }[];
  max_tokens?: number;
}

export interface ScriptedServerOptions {
  apiKey?: string;
  /** Answers chat requests in place of the built-in replies (n counts chat requests from 0). */
  script?: (request: ScriptedRequest, n: number) => ScriptedTurn;
}

export interface WireMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
}

const MODELS = ['tiny-chat', 'slow-chat'];

/** Replies: "ping" → "pong"; with tools, a first turn calls the first tool; after a tool result, the reply quotes it. */
function reply(body: ScriptedRequest): ScriptedTurn {
  const last = body.messages[body.messages.length - 1]!;
  if (last.role === 'tool') return { content: `The tool said: ${last.content}` };
  if (body.tools?.length) return { content: '', toolCalls: [{ name: body.tools[0]!.function.name, arguments: JSON.stringify({ city: 'Paris', unit: 'celsius' }) }] };
  const text = String(last.content ?? '');
  return { content: text.trim().toLowerCase() === 'ping' ? 'pong' : `You said: ${text}` };
}

export async function startScriptedServer(options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const requests: Record<string, unknown>[] = [];
  let connections = 0;
  let chats = 0;
  const server = http.createServer((req, res) => {
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) return send(401, { error: { message: 'Invalid API key' } });
    if (req.method === 'GET' && req.url === '/v1/models') return send(200, { object: 'list', data: MODELS.map((id) => ({ id, object: 'model' })) });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(404, { error: { message: `no route ${req.method} ${req.url}` } });
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as ScriptedRequest;
      requests.push(body as unknown as Record<string, unknown>);
      if (!MODELS.includes(body.model)) return send(404, { error: { message: `model "${body.model}" not found, try pulling it first` } });
      const r = options.script ? options.script(body, chats++) : reply(body);
      const delay = r.delayMs ?? (body.model === 'slow-chat' ? 2_000 : 0);
      const usage = r.usage ?? { prompt_tokens: 12, completion_tokens: 3 };
      const calls = (r.toolCalls ?? []).map((c, i) => ({ id: `call_${chats}_${i + 1}`, ...c }));
      const content = r.content ?? '';
      setTimeout(() => {
        if (res.destroyed) return;
        if (r.error) return send(r.error.status, { error: { message: r.error.message } });
        if (!body.stream) {
          return send(200, {
            id: 'chatcmpl-1',
            object: 'chat.completion',
            model: body.model,
            choices: [
              {
                index: 0,
                message: {
                  role: 'assistant',
                  content: calls.length && !content ? null : content,
                  ...(calls.length ? { tool_calls: calls.map((c) => ({ id: options.script ? c.id : 'call_1', type: 'function', function: { name: c.name, arguments: c.arguments } })) } : {}),
                },
                finish_reason: calls.length ? 'tool_calls' : 'stop',
              },
            ],
            usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
          });
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const chunks: unknown[] = [];
        const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: body.model };
        chunks.push({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
        for (const piece of content.match(/\S+\s*/g) ?? []) chunks.push({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
        calls.forEach((call, index) => {
          const args = call.arguments;
          const half = Math.floor(args.length / 2);
          const id = options.script ? call.id : 'call_1';
          chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null }] });
          chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }, finish_reason: null }] });
          chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args.slice(half) } }] }, finish_reason: null }] });
        });
        chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: calls.length ? 'tool_calls' : 'stop' }] });
        chunks.push({ ...base, choices: [], usage });
        // Split the byte stream at awkward places, as proxies and slow links do.
        const wire = ': keep-alive\r\n\r\n' + chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('') + 'data: [DONE]\n\n';
        const pieces = wire.match(/[\s\S]{1,37}/g) ?? [];
        let i = 0;
        const pump = () => {
          if (i >= pieces.length) return res.end();
          res.write(pieces[i++]);
          setImmediate(pump);
        };
        pump();
      }, delay);
    });
  });
  server.on('connection', () => void connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
