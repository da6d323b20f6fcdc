/** `agentos settings set llm.endpoint …` then an open-ended request: the CLI prints each tool call the model made and its answer. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { startScriptedServer, type ScriptedServer } from '../../kernel/llm/test-server.js';
import { tempDir } from '../kernel/helpers.js';
import { toolResults } from './helpers.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const saved = process.env.AGENTOS_HOME;
let server: ScriptedServer;
beforeEach(async () => {
  process.env.AGENTOS_HOME = tempDir();
  server = await startScriptedServer({
    script: (r) => {
      const results = toolResults(r);
      if (results.length === 0) return { toolCalls: [{ name: 'notes__add', arguments: JSON.stringify({ text: 'compare flights to Lisbon' }) }] };
      return { content: 'I cannot book flights, but I noted to compare flights to Lisbon.' };
    },
  });
});
afterEach(async () => {
  process.env.AGENTOS_HOME = saved;
  await server.close();
});

it('prints the model’s tool calls and its answer', async () => {
  expect(await main(['settings', 'set', 'llm.endpoint', server.url], capture())).toBe(0);
  expect(await main(['settings', 'set', 'llm.model', 'tiny-chat'], capture())).toBe(0);
  const io = capture();
  expect(await main(['sort out cheap flights to Lisbon for me, somehow'], io)).toBe(0);
  const out = io.stdout.join('\n');
  expect(out).toContain(`Asked the model tiny-chat at ${server.url} (2 calls):`);
  expect(out).toContain('→ notes/notes.add {"text":"compare flights to Lisbon"}');
  expect(out).toContain('I cannot book flights, but I noted to compare flights to Lisbon.');
  // Served by one skill intent: the user is asked (not told) whether to learn the request.
  expect(out).toContain('Shall I remember that "sort out cheap flights to Lisbon for me, somehow" means "add note compare flights to Lisbon", so next time I do it without the model?');
  expect(out).toMatch(/Answer with: agentos --session cli --reply \w+ "<answer>"$/);
  const json = capture();
  await main(['list my notes', '--json'], json);
  expect(JSON.stringify(JSON.parse(json.stdout.at(-1)!).steps[0].result.card)).toMatch(/compare flights to Lisbon/);
});
