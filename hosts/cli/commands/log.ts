/** `agentos log [--level L] [--limit N] [--json]`: where the log file is, and its latest lines. */
import { Log, LOG_LEVELS, logFile, type LogLevel } from '../../../kernel/log/index.js';
import { resolveProfileDir } from '../../../kernel/profile/index.js';
import { numberFlag, parseCommandArgs, UsageError } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { dim, one, red, yellow } from '../io.js';

const usage = 'agentos log [--level debug|info|warn|error] [--limit N] [--json]';

export const command: CliCommand = {
  name: 'log',
  summary: 'the log file (errors, sandbox kills, denied calls, rule firings): where it is and its latest lines',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { level: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const level = (values.level ?? 'info') as LogLevel;
    if (!LOG_LEVELS.includes(level)) throw new UsageError(`--level must be one of ${LOG_LEVELS.join(', ')}, not "${values.level}".\nUsage: ${usage}`);
    const limit = numberFlag(values.limit, 'limit', { min: 1, max: 10_000, integer: true }) ?? 30;
    const file = logFile(resolveProfileDir());
    const lines = new Log(file).tail(limit, level);
    if (values.json) {
      io.out(JSON.stringify({ file, lines }));
      return EXIT.ok;
    }
    io.out(dim(`log: ${file}${lines.length === 0 ? ` (nothing at level ${level} or above yet)` : ''}`));
    for (const { at, level: l, event, ...rest } of lines) {
      const paint = l === 'error' ? red : l === 'warn' ? yellow : (s: string) => s;
      io.out(`${dim(one(String(at).slice(0, 19).replace('T', ' ')))} ${paint(one(String(l).padEnd(5)))} ${one(event)} ${dim(one(JSON.stringify(rest), 300))}`);
    }
    return EXIT.ok;
  },
};
