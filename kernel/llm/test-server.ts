/**
 * A scripted OpenAI-compatible server on 127.0.0.1 for tests: /models, /chat/completions with
 * plain and streamed (SSE) answers, tool calls, API-key checks, unknown models and slow answers.
 * It speaks the protocol as real servers do, so the client is tested against the wire format.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedServer {
  url: string;
  /** Every chat request body received. */
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

interface WireMessage {
  role: string;
  content: string | null;
  tool_call_id?: string;
}

const MODELS = ['tiny-chat', 'slow-chat'];

/** Replies: "ping" → "pong"; with tools, a first turn calls the first tool; after a tool result, the reply quotes it. */
function reply(body: { messages: WireMessage[]; tools?: { function: { name: string } }[] }): { content: string; toolCall?: { name: string; arguments: string } } {
  const last = body.messages[body.messages.length - 1]!;
  if (last.role === 'tool') return { content: `The tool said: ${last.content}` };
  if (body.tools?.length) return { content: '', toolCall: { name: body.tools[0]!.function.name, arguments: JSON.stringify({ city: 'Paris', unit: 'celsius' }) } };
  const text = String(last.content ?? '');
  return { content: text.trim().toLowerCase() === 'ping' ? 'pong' : `You said: ${text}` };
}

export async function startScriptedServer(options: { apiKey?: string } = {}): Promise<ScriptedServer> {
  const requests: Record<string, unknown>[] = [];
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
      const body = JSON.parse(raw) as { model: string; stream?: boolean; messages: WireMessage[]; tools?: { function: { name: string } }[] };
      requests.push(body as unknown as Record<string, unknown>);
      if (!MODELS.includes(body.model)) return send(404, { error: { message: `model "${body.model}" not found, try pulling it first` } });
      const delay = body.model === 'slow-chat' ? 2_000 : 0;
      setTimeout(() => {
        const r = reply(body);
        if (!body.stream) {
          return send(200, {
            id: 'chatcmpl-1',
            object: 'chat.completion',
            model: body.model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: r.toolCall ? null : r.content, ...(r.toolCall ? { tool_calls: [{ id: 'call_1', type: 'function', function: r.toolCall }] } : {}) },
                finish_reason: r.toolCall ? 'tool_calls' : 'stop',
              },
            ],
            usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
          });
        }
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        const chunks: unknown[] = [];
        const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: body.model };
        chunks.push({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
        if (r.toolCall) {
          const args = r.toolCall.arguments;
          const half = Math.floor(args.length / 2);
          chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: r.toolCall.name, arguments: '' } }] }, finish_reason: null }] });
          chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(0, half) } }] }, finish_reason: null }] });
          chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args.slice(half) } }] }, finish_reason: null }] });
          chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] });
        } else {
          for (const piece of r.content.match(/\S+\s*/g) ?? []) chunks.push({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
          chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
        }
        chunks.push({ ...base, choices: [], usage: { prompt_tokens: 12, completion_tokens: 3 } });
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
