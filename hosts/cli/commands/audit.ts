/** `agentos audit [--verify] [--skill ID] [--limit N]`: the hash-chained audit log; --verify exits 1 when it was tampered with. */
import { numberFlag, parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { withKernel } from '../kernel.js';
import { bold, dim, green, one, red, yellow } from '../io.js';

const usage = 'agentos audit [--verify] [--skill ID] [--action PREFIX] [--limit N] [--json]';

export const command: CliCommand = {
  name: 'audit',
  summary: 'show the tamper-evident audit log (installs, grants, privileged calls, denials); --verify checks its hash chain',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { verify: { type: 'boolean' }, skill: { type: 'string' }, action: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    return withKernel(async (kernel) => {
      if (values.verify || positionals[0] === 'verify') {
        const result = kernel.audit.verify();
        if (values.json) io.out(JSON.stringify(result));
        else if (result.ok) io.out(`${green('✓')} audit log intact: ${result.entries} entries, hash chain verified`);
        else {
          io.out(red(`✗ the audit log was tampered with (${result.problems.length} problem(s) in ${result.entries} entries):`));
          for (const p of result.problems) io.out(`  entry ${p.seq}: ${one(p.reason, 2000)}`);
        }
        return result.ok ? EXIT.ok : EXIT.error;
      }
      const limit = numberFlag(values.limit, 'limit', { min: 1, max: 100_000, integer: true }) ?? 50;
      const entries = kernel.audit.list({ ...(values.skill ? { skill: values.skill } : {}), ...(values.action ? { action: values.action } : {}), limit });
      if (values.json) {
        io.out(JSON.stringify({ entries }));
        return EXIT.ok;
      }
      if (entries.length === 0) io.out('The audit log is empty.');
      for (const e of entries) {
        const paint = /denied|violation|killed|refused|blocked/.test(e.action) ? red : /grant|untrusted/.test(e.action) ? yellow : (s: string) => s;
        const detail = Object.entries(e.detail)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(' ');
        // Details and skill ids come partly from skills: one line each, nothing that drives the terminal.
        io.out(`${dim(`#${e.seq} ${one(e.at).slice(0, 19).replace('T', ' ')}`)} ${paint(bold(one(e.action).padEnd(18)))} ${one(e.skill ?? '-').padEnd(16)} ${one(detail, 300)}`);
      }
      return EXIT.ok;
    });
  },
};
