/**
 * `agentos "<request>"`: run one request through the kernel and print the answer. A first word
 * that names a command an enabled skill contributes (`agentos NAME …`, see manifest `contributes.commands`) runs that
 * command instead.
 */
import { randomUUID } from 'node:crypto';
import readline from 'node:readline/promises';
import { contributedCommands } from '../../../kernel/index.js';
import { patternServiceFor } from '../../../kernel/patterns/index.js';
import type { Kernel, Response } from '../../../kernel/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { dim, one, red, renderResponse, yellow, type Io } from '../io.js';
import { formatDateTime } from '../../../kernel/sdk/index.js';
import { withKernel } from '../kernel.js';
import { commandWords, suggestCommand } from '../names.js';

const usage = 'agentos "<request>" [--json] [--session ID] [--reply ID]';

export function exitCodeFor(response: Response): number {
  if (response.status === 'served') return EXIT.ok;
  if (response.status === 'partial' || response.status === 'error' || response.status === 'denied') return EXIT.error;
  return EXIT.notUnderstood;
}

export const command: CliCommand = {
  name: 'request',
  summary: 'run a request',
  usage,
  run: (argv, io) =>
    withKernel(async (kernel) => {
      const skillCommand = argv[0] ? contributedCommands(kernel.registry).get(argv[0]) : undefined;
      // Loaded only for a skill's command, so a plain request does not pay for the progress bar.
      if (skillCommand) return (await import('../skill-command.js')).runSkillCommand(kernel, skillCommand.skill, argv[0]!, argv.slice(1), io);
      // a mistyped command ("histroy") is not sent to the kernel as a request
      const meant = argv[0] ? suggestCommand(argv[0], [...commandWords(), ...contributedCommands(kernel.registry).keys()]) : undefined;
      if (meant) {
        io.err(`"${one(argv[0], 40)}" is not a command. Did you mean: agentos ${meant}${argv.length > 1 ? ' …' : ''}? (See: agentos --help. To ask AgentOS instead, quote the whole request: agentos "${one(argv.filter((a) => !a.startsWith('-')).join(' '), 80)}".)`);
        return EXIT.notUnderstood;
      }
      return runRequest(kernel, argv, io);
    }),
};

async function runRequest(kernel: Kernel, argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { json: { type: 'boolean' }, session: { type: 'string' }, reply: { type: 'string' }, yes: { type: 'boolean' } },
    usage,
  );
  const text = positionals.join(' ');
  if (!text.trim()) throw new UsageError(`The request is empty: say what you want done.\nUsage: ${usage}\nExample: agentos "what can you do"`);
  if (!values.json) {
    for (const p of kernel.auditProblems) io.err(red(`⚠ The audit log was tampered with: ${one(p, 500)}. See: agentos audit --verify`));
    for (const t of kernel.missedTimers) io.err(yellow(`⏰ Missed while AgentOS was not running: ${one(t.kind)} "${one(t.title, 200)}" (due ${formatDateTime(new Date(t.dueAt))})`));
    for (const p of kernel.problems) io.err(yellow(`Skill "${one(p.skill)}" was not loaded (${one(p.dir)}): ${one(p.errors.join('; '), 1000)}`));
  }
  const sessionId = values.session ?? 'cli';
  // With a language model configured, each step it takes is shown as it happens (on a terminal; the
  // answer below lists them again for scripts and logs).
  const id = randomUUID().replace(/-/g, '').slice(0, 16);
  const live = !values.json && process.stderr.isTTY && kernel.settings.get('llm.endpoint')
    ? kernel.onEvent((e) => {
        if (e.type === 'progress' && e.requestId === id && e.message) io.err(dim(`  … ${one(e.message, 300)}`));
      })
    : undefined;
  let response = await kernel
    .handle({ id, text, source: 'cli', sessionId, ...(values.reply ? { replyTo: values.reply } : {}), ...(values.yes ? { confirmed: true } : {}) })
    .finally(() => live?.());
  // On a terminal, answer questions right here; in scripts, print how to answer.
  const interactive = !values.json && process.stdin.isTTY && process.stdout.isTTY;
  while (interactive && response.clarification) {
    io.out(response.viaModel ? renderViaModel(response) : renderResponse(response));
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = (await rl.question('> ')).trim();
    rl.close();
    if (!answer) break;
    response = await kernel.handle({ text: answer, source: 'cli', sessionId, replyTo: response.clarification.id });
  }
  if (values.json) {
    io.out(JSON.stringify(response));
  } else {
    io.out(response.viaModel ? renderViaModel(response) : renderResponse(response));
    if (response.clarification && !interactive) io.out(dim(`Answer with: agentos --session ${sessionId} --reply ${response.clarification.id} "<answer>"`));
    // A learned habit: what the user usually does next ("after … you usually … — do it now?").
    if (response.status === 'served') {
      const next = patternServiceFor(kernel).suggest(1)[0];
      if (next) io.out(dim(`💡 ${one(next.reason)} — do it now? agentos "${one(next.request)}"`));
    }
  }
  return exitCodeFor(response);
}

/**
 * A request the language model planned (agent mode): which model, each tool call it made (skill,
 * intent, arguments) and how it went, then its answer — not the skills' own results, which the
 * answer already sums up.
 */
export function renderViaModel(response: Response): string {
  const via = response.viaModel!;
  const out = [dim(`Asked the model ${one(via.model)} at ${one(via.endpoint)} (${via.steps} call${via.steps === 1 ? '' : 's'}):`)];
  for (const step of response.steps) {
    const call = `${one(step.skill)}/${one(step.intent)} ${one(JSON.stringify(step.slots), 300)}`;
    out.push(step.status === 'ok' ? `  → ${call}` : red(`  ✗ ${call}: ${one(step.error ?? 'failed', 300)}`));
  }
  // The answer as text, with any question, fix and suggestions (renderResponse prints those for a response without steps).
  out.push(renderResponse({ ...response, steps: [], status: response.error ? 'error' : response.status === 'served' || response.status === 'partial' ? 'clarify' : response.status }));
  return out.join('\n');
}
