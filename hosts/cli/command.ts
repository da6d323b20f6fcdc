/** One `agentos` sub-command: a module under hosts/cli/commands exporting `command`. */
import type { Io } from './io.js';

export interface CliCommand {
  /** As typed: `skills`, `eval intent`, `skill install`. */
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}

export const EXIT = { ok: 0, error: 1, notUnderstood: 2 } as const;
