/**
 * `agentos llm test` checks the configured language-model endpoint (its model list, then a tiny
 * chat) and reports the model and latency; `agentos llm chat "…"` streams an answer. Without an
 * endpoint it says how to configure one. Nothing else in AgentOS needs a model.
 */
import { LlmClient, LlmError } from '../../../kernel/llm/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { block, bold, dim, green, red, type Io } from '../io.js';

const usage = 'agentos llm test [--json] | agentos llm chat "PROMPT" [--json]';
const TEST_TIMEOUT_MS = 20_000;

const HOW_TO = [
  'No language model is configured (none is needed; it is optional).',
  'To use one, point AgentOS at any OpenAI-compatible server, for example:',
  '  Ollama:     agentos settings set llm.endpoint http://127.0.0.1:11434/v1 && agentos settings set llm.model llama3.2',
  '  llama.cpp:  agentos settings set llm.endpoint http://127.0.0.1:8080/v1',
  '  hosted API: agentos settings set llm.endpoint https://api.example.com/v1 && agentos settings set llm.apiKey KEY',
  'then run: agentos llm test',
].join('\n');

interface LlmTestReport {
  ok: boolean;
  endpoint: string;
  model?: string;
  models?: string[];
  /** Round trip of GET /models. */
  listLatencyMs?: number;
  /** Round trip of a one-word chat. */
  chatLatencyMs?: number;
  reply?: string;
  error?: { code: string; message: string; fix: string };
}

/** Lists the models, then sends a tiny chat to the configured (or first offered) model. */
async function testConnection(client: LlmClient): Promise<LlmTestReport> {
  const report: LlmTestReport = { ok: false, endpoint: client.endpoint };
  const fail = (error: unknown) => {
    const e = error instanceof LlmError ? error : new LlmError('server', (error as Error).message, '');
    return { ...report, ok: false, error: { code: e.code, message: e.message.replace(e.fix, '').trim(), fix: e.fix } };
  };
  let started = performance.now();
  try {
    report.models = await client.models({ timeoutMs: TEST_TIMEOUT_MS });
    report.listLatencyMs = Math.round(performance.now() - started);
  } catch (error) {
    // Some servers have no /models; the chat below still tells whether the endpoint works.
    if (!(error instanceof LlmError) || (error.code !== 'not_found' && error.code !== 'bad_response')) return fail(error);
  }
  const model = client.model || report.models?.[0];
  if (!model) return fail(new LlmError('not_configured', 'No model name is configured and the server lists none.', 'Set one: agentos settings set llm.model NAME'));
  report.model = model;
  if (client.model && report.models?.length && !report.models.includes(client.model)) {
    return fail(new LlmError('not_found', `The server has no model "${client.model}"; it offers ${report.models.slice(0, 8).join(', ')}.`, `Pick one: agentos settings set llm.model ${report.models[0]}`));
  }
  started = performance.now();
  try {
    const result = await client.chat([{ role: 'user', content: 'ping' }], { model, maxTokens: 8, temperature: 0, timeoutMs: TEST_TIMEOUT_MS });
    report.chatLatencyMs = Math.round(performance.now() - started);
    report.reply = result.content.trim().slice(0, 200);
    report.model = result.model || model;
    report.ok = true;
    return report;
  } catch (error) {
    return fail(error);
  }
}

async function clientFor(io: Io): Promise<LlmClient | undefined> {
  return withKernel(async (kernel) => {
    const endpoint = kernel.settings.get('llm.endpoint');
    if (!endpoint) return undefined;
    try {
      return new LlmClient({ endpoint, model: kernel.settings.get('llm.model'), apiKey: kernel.settings.get('llm.apiKey'), timeoutMs: kernel.settings.get('llm.timeoutMs') });
    } catch (error) {
      if (error instanceof LlmError) io.err(red(error.message));
      throw error;
    }
  });
}

export const command: CliCommand = {
  name: 'llm',
  summary: 'check the optional language-model endpoint (llm test) or chat with it (llm chat "…")',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const [action, ...rest] = positionals;
    if (action !== 'test' && action !== 'chat') throw new UsageError(`${action ? `Unknown action "${action}"` : 'Say what to do'}.\nUsage: ${usage}`);
    let client: LlmClient | undefined;
    try {
      client = await clientFor(io);
    } catch {
      return EXIT.error;
    }
    if (!client) {
      if (values.json) io.out(JSON.stringify({ ok: false, configured: false, fix: 'agentos settings set llm.endpoint http://127.0.0.1:11434/v1' }));
      else io.out(HOW_TO);
      return EXIT.error;
    }

    if (action === 'test') {
      const report = await testConnection(client);
      if (values.json) io.out(JSON.stringify(report));
      else if (report.ok) {
        io.out(`${green('✓')} ${bold(report.endpoint)} works: model ${bold(report.model ?? '?')}, chat round trip ${report.chatLatencyMs} ms${report.listLatencyMs !== undefined ? `, model list ${report.listLatencyMs} ms` : ''}.`);
        if (report.models?.length) io.out(dim(`  models offered: ${report.models.slice(0, 12).join(', ')}${report.models.length > 12 ? ', …' : ''}`));
        if (report.reply) io.out(dim(`  reply to "ping": ${report.reply}`));
      } else {
        io.err(`${red('✗')} ${report.error?.message ?? 'failed'}`);
        if (report.error?.fix) io.err(report.error.fix);
      }
      return report.ok ? EXIT.ok : EXIT.error;
    }

    const prompt = rest.join(' ').trim();
    if (!prompt) throw new UsageError(`"llm chat" needs a prompt.\nUsage: ${usage}`);
    try {
      let text = '';
      for await (const chunk of client.stream([{ role: 'user', content: prompt }])) {
        if (chunk.type === 'text') {
          text += chunk.text;
          // A model's words can carry escape sequences (it may repeat what a web page or a skill fed it).
          if (!values.json) process.stdout.write(block(chunk.text));
        } else if (chunk.type === 'done') {
          if (values.json) io.out(JSON.stringify({ ok: true, model: chunk.result.model, text, latencyMs: Math.round(chunk.result.latencyMs) }));
          else process.stdout.write('\n');
        }
      }
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      if (values.json) io.out(JSON.stringify({ ok: false, error: { code: error.code, message: error.message, fix: error.fix } }));
      else io.err(red(error.message));
      return EXIT.error;
    }
  },
};
