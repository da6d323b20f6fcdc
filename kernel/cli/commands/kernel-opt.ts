/**
 * `agentos kernel-opt run|doctor|runs|show` — the front of the built-in kernel-optimizer skill.
 * kernel/ never imports skills/: the skill's CLI module is loaded at run time by path (the built
 * .js, or the .ts beside it when running from sources) and given the skill's own context (its
 * store in the profile, its data folder, the language model when one is configured and granted).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SkillContext } from '../../contracts/index.js';
import { openKernel } from '../../host.js';
import { defaultBuiltinSkillsDir } from '../../kernel.js';
import { resolveEntry } from '../../skills/index.js';
import { EXIT, type CliCommand } from '../command.js';
import type { Io } from '../io.js';
import { red } from '../io.js';

const SKILL = 'kernel-optimizer';
const usage = 'agentos kernel-opt run DIR [--backend cpu|cuda|triton|torch] [--budget N] [--json] | doctor | runs | show RUN_ID';

interface SkillCli {
  runCli(argv: string[], io: Io, ctx: SkillContext): Promise<number>;
  USAGE: string;
}

export const command: CliCommand = {
  name: 'kernel-opt',
  summary: 'optimize a CPU/CUDA kernel: compile, check against a reference, time, search (see: agentos kernel-opt doctor)',
  usage,
  async run(argv, io) {
    const kernel = await openKernel();
    try {
      const skill = kernel.registry.get(SKILL);
      if (!skill) {
        io.err(red(`The ${SKILL} skill is not installed or failed to load${kernel.problems.find((p) => p.skill === SKILL) ? `: ${kernel.problems.find((p) => p.skill === SKILL)!.errors.join('; ')}` : ''}.`));
        return EXIT.error;
      }
      const file = resolveEntry(path.join(defaultBuiltinSkillsDir(), SKILL), 'cli.js');
      const mod = (await import(pathToFileURL(file).href)) as SkillCli;
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      const ctx = kernel.contextFor(
        skill,
        { id: randomUUID().replace(/-/g, ''), text: `kernel-opt ${argv.join(' ')}`.slice(0, 10_000), source: 'cli', sessionId: 'default' },
        `kernel-opt ${argv.join(' ')}`,
        new Date(),
        Intl.DateTimeFormat().resolvedOptions().timeZone,
        controller.signal,
      );
      try {
        return await mod.runCli(argv, io, ctx);
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    } finally {
      kernel.close();
    }
  },
};
