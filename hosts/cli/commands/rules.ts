/**
 * `agentos rules [list | show ID | pause ID | resume ID | delete ID | run ID] [--json]`: the
 * automations made in plain language ("every weekday at 9, show my reminders"), their state, next
 * run and history; pause, resume (which also approves one a skill proposed), delete, and run now.
 * Schedules and file triggers fire while `agentos watch`, `agentos serve` or the app runs.
 */
import { z } from 'zod';
import type { Rule } from '../../../kernel/index.js';
import { parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { bold, dim, one, red } from '../io.js';
import { withKernel } from '../kernel.js';

const usage = 'agentos rules [list | show ID | pause ID | resume ID | delete ID | run ID] [--json]';

const ArgsSchema = z.union([
  z.tuple([z.literal('list')]),
  z.tuple([z.enum(['show', 'pause', 'resume', 'delete', 'run']), z.coerce.number({ error: 'must be a rule number' }).int('must be a whole number').positive('must be a rule number (1 or more)')]),
]);

function parse(positionals: string[]): ['list'] | ['show' | 'pause' | 'resume' | 'delete' | 'run', number] {
  const args = positionals.length === 0 ? ['list'] : positionals;
  const parsed = ArgsSchema.safeParse(args);
  if (parsed.success) return parsed.data;
  const [op] = args;
  if (!['list', 'show', 'pause', 'resume', 'delete', 'run'].includes(op!)) throw new UsageError(`"${op}" is not something rules can do.\nUsage: ${usage}`);
  if (op === 'list') throw new UsageError(`"rules list" takes no more arguments.\nUsage: ${usage}`);
  if (args.length !== 2) throw new UsageError(`"rules ${op}" needs one rule number (see: agentos rules list).\nUsage: ${usage}`);
  throw new UsageError(`"${args[1]}" is not a rule number: use the number agentos rules list shows.\nUsage: ${usage}`);
}

export const command: CliCommand = {
  name: 'rules',
  summary: 'your automations: list, show, pause, resume, delete or run one now',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const [op, id] = parse(positionals);
    return withKernel(async (kernel) => {
      const { rules } = kernel;
      if (op === 'list') {
        const all = rules.list();
        if (values.json) io.out(JSON.stringify({ rules: all }));
        else if (all.length === 0) io.out('No automations yet. Make one by saying it, e.g.: agentos "every day at 6pm remind me to stretch"');
        else for (const r of all) io.out(line(r, rules.summary(r)));
        return EXIT.ok;
      }
      if (!rules.get(id!)) {
        io.err(red(`There is no rule ${id}. See your rules with: agentos rules list`));
        return EXIT.error;
      }
      if (op === 'show') {
        if (values.json) io.out(JSON.stringify({ rule: rules.get(id!), runs: rules.store.runs(id!, 50) }));
        else io.out(rules.describe(id!));
        return EXIT.ok;
      }
      if (op === 'run') {
        const fired = await rules.run(id!);
        const ok = fired.every((f) => f.run.status === 'ok');
        if (values.json) io.out(JSON.stringify({ runs: fired.map((f) => f.run), responses: fired.flatMap((f) => f.responses) }));
        else for (const f of fired) io.out(`${f.run.status === 'ok' ? bold('Ran') : red(f.run.status)} ${dim(one(f.run.cause, 200))}\n${one(f.run.detail, 2000)}`);
        return ok ? EXIT.ok : EXIT.error;
      }
      const change = op === 'pause' ? rules.pause(id!) : op === 'resume' ? rules.resume(id!) : rules.delete(id!);
      const failed = op === 'resume' && change.rule.state !== 'active';
      if (values.json) io.out(JSON.stringify({ ok: !failed, message: change.message, rule: change.rule }));
      else (failed ? io.err : io.out)(failed ? red(change.message) : change.message);
      return failed ? EXIT.error : EXIT.ok;
    });
  },
};

function line(rule: Rule, text: string): string {
  return rule.state === 'active' ? one(text, 400) : dim(one(text, 400));
}
