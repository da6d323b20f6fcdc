/**
 * The command table of docs/cli.md, generated from the commands themselves (name, summary, usage),
 * so the docs cannot drift: tests/cli/conventions.test.ts compares it, and
 * `npx tsx tests/cli/cli-docs.ts --write` rewrites the table after a command changes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listCommands } from '../../hosts/cli/main.js';
import { docSection } from './doc-section.js';

export const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/cli.md');
const section = docSection(DOC, 'commands', 'tests/cli/cli-docs.ts');

const cell = (s: string) => s.replace(/\|/g, '\\|');
/** A usage of several lines is one code span per line. */
const code = (s: string) => s.split(/\s*\n\s*/).map((l) => `\`${cell(l)}\``).join('<br>');

export async function commandTable(): Promise<string> {
  const rows = (await listCommands()).map((c) => `| \`agentos ${c.name}\` | ${cell(c.summary)} | ${code(c.usage)} |`);
  return section.wrap(['| command | what it does | usage (`--help` prints it) |', '|---|---|---|', ...rows]);
}

/** The table as docs/cli.md has it now. */
export const documentedTable = (): string => section.current();

if (process.argv.includes('--write')) {
  section.write(await commandTable());
  process.stdout.write(`wrote the command table of ${DOC}\n`);
}
