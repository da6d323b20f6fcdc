/**
 * The CLI's yes/no question for installs and removals: reads one line from stdin (a terminal or a
 * pipe); no answer, end of input or anything but yes counts as no — installing never proceeds by default.
 */
import readline from 'node:readline';
import { safeText } from '../sdk/index.js';
import type { InstallIo } from './install.js';

/** The CLI's output (hosts/cli/io.ts's Io). */
interface LineIo {
  out(text: string): void;
  err(text: string): void;
}

export function cliInstallIo(io: LineIo, input: NodeJS.ReadableStream = process.stdin): InstallIo {
  return {
    // What is said and asked shows a package's own words (name, description, permissions' reasons): nothing in it may drive the terminal.
    say: (t) => io.out(safeText(t, { multiline: true })),
    ask: (question) =>
      new Promise((resolve) => {
        const rl = readline.createInterface({ input, terminal: false });
        let answered = false;
        io.out(`${safeText(question, { multiline: true })} [y/N] `);
        rl.once('line', (line) => {
          answered = true;
          rl.close();
          resolve(/^\s*(y|yes)\s*$/i.test(line));
        });
        rl.once('close', () => {
          if (!answered) {
            io.err('No answer (input closed): treated as "no". Use --yes to answer yes without a prompt.');
            resolve(false);
          }
        });
      }),
  };
}
