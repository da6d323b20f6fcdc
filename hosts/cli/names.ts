/**
 * The built-in sub-commands by name, read from hosts/cli/commands without loading them, and the
 * "did you mean …?" suggestion for a mistyped one (so `agentos histroy` is not run as a chat request).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const COMMANDS_DIR = path.join(here, 'commands');
const ext = path.extname(fileURLToPath(import.meta.url)) || '.js';

/** The command module for a name (`history`, `eval-intent`), when there is one. */
export function commandFile(name: string): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return undefined;
  const file = path.join(COMMANDS_DIR, `${name}${ext}`);
  return fs.existsSync(file) ? file : undefined;
}

/** Every built-in command module, except the request fallback. */
export function commandFiles(): string[] {
  return fs
    .readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith(ext) && !f.includes('.test.') && f !== `request${ext}`)
    .map((f) => path.join(COMMANDS_DIR, f));
}

/** The words a command line can start with: `history`, `eval`, `skill` … (pairs give their first word). */
export function commandWords(): string[] {
  return [...new Set(commandFiles().map((f) => path.basename(f, ext).split('-')[0]!))];
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The command a single typed word most likely meant: one edit away (a typo, a swapped pair, a
 * missing or extra letter), or two for long names. A sentence, a known command or a word far from
 * every name gives undefined, so ordinary one-word requests ("weather") still go to the kernel.
 */
export function suggestCommand(word: string, names: readonly string[]): string | undefined {
  if (!/^[a-z][a-z-]{2,}$/i.test(word)) return undefined;
  const w = word.toLowerCase();
  if (names.includes(w)) return undefined;
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = editDistance(w, name);
    const allowed = Math.min(w.length, name.length) >= 7 ? 2 : 1;
    if (d <= allowed && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}
