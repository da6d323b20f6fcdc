/**
 * `agentos patterns [--min-support N] [--limit N] [--gap MINUTES] [--json]`: the frequent workflows
 * in this profile's history (sequences of requests done one after the other, with the number of
 * sessions they occurred in), what the user usually does next right now, and which habits could
 * become automations (the sentence that creates each rule).
 */
import { numberFlag, parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { bold, cyan, dim } from '../io.js';
import { PatternService } from '../../../kernel/patterns/index.js';

const usage = 'agentos patterns [--min-support N] [--limit N] [--gap MINUTES] [--json]';

export const command: CliCommand = {
  name: 'patterns',
  summary: 'list your frequent workflows (with support) and what you usually do next',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { 'min-support': { type: 'string' }, limit: { type: 'string' }, gap: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"\nUsage: ${usage}`);
    const minSupport = numberFlag(values['min-support'], 'min-support', { min: 1, integer: true }) ?? 2;
    const limit = numberFlag(values.limit, 'limit', { min: 1, max: 1000, integer: true }) ?? 20;
    const gapMinutes = numberFlag(values.gap, 'gap', { min: 1, max: 24 * 60 }) ?? 30;
    return withKernel(async (kernel) => {
      const service = new PatternService(kernel, { gapMinutes, minSupport });
      const workflows = service.workflows({ minSupport, limit });
      const routines = service.routines();
      const next = service.suggestWithRules(3);
      if (values.json) {
        io.out(JSON.stringify({ sessions: service.sessionCount, workflows, next, routines }));
        return EXIT.ok;
      }
      if (workflows.length === 0) {
        io.out(`No workflow has occurred in ${minSupport} sessions yet (${service.sessionCount} sessions in the history). Patterns appear as you use AgentOS.`);
      } else {
        io.out(bold(`Frequent workflows (${service.sessionCount} sessions, a pause over ${gapMinutes} min starts a new one)`));
        for (const w of workflows) io.out(`  ${cyan(String(w.support).padStart(4))} ${dim('sessions')}  ${w.steps.map((s) => `"${s}"`).join(dim(' → '))}`);
      }
      for (const s of next) {
        io.out(`\n${bold('Now:')} ${s.reason} — do it now? ${dim(`agentos "${s.request}"`)}`);
        if (s.always) io.out(`  ${dim('Always do this:')} ${dim(`agentos "${s.always}"`)}`);
      }
      if (routines.length) {
        io.out(`\n${bold('Could become automations')} ${dim('(done at about the same time on several days)')}`);
        for (const r of routines) io.out(`  ${cyan(String(r.daysSeen).padStart(4))} ${dim('days')}  "${r.request}" ${r.days} around ${r.time} ${dim(`→ agentos "${r.sentence}"`)}`);
      }
      return EXIT.ok;
    });
  },
};
