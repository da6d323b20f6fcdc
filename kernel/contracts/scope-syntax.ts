/**
 * The syntax of a permission's scope entries, checked when a manifest is read, so a scope that
 * cannot mean what it appears to mean never reaches the install prompt. Pure string work (no
 * file system, no node imports): the kernel resolves symlinks and the profile exclusion later
 * (kernel/permissions/scope.ts).
 *
 * Paths (fs.read, fs.write, and the path parts of exec entries) are absolute or start with a path
 * variable: `~`, `$HOME`, `$DATA` (the skill's own data folder) and, in exec entries only, `$SKILL`
 * (the skill's installed folder). `.`, `..`, `//` and a trailing `/` are normalised; a `..` that
 * climbs out of its variable's folder (or above `/`) is refused, as are relative paths,
 * `\` separators, percent-encoded characters, control characters and other `$` variables.
 *
 * An exec entry is `PROGRAM [ARGUMENT-PATTERN…]`, separated by spaces:
 * - PROGRAM: a name looked up on PATH (`git`), an absolute path, or a folder pattern (`$DATA/**`).
 * - no pattern: any arguments, except the known escape flags of that program (permissions/exec-escapes.ts).
 * - `*`: any number of arguments (zero or more); `?`: exactly one argument;
 * - a path (`$DATA/**`, `$DATA/*.mp4`, `$SKILL/tool.py`, `--out=$DATA/**`): one argument that is a
 *   path inside it (resolved from the working folder, links followed);
 * - any other token: that argument literally (`*`/`?` inside it are globs: `-O?`, `--format=*`).
 *   A literal token is the only way to allow an escape flag (`find -exec`).
 */

export const PATH_VARIABLES = ['~', '$HOME', '$DATA'] as const;
export const EXEC_PATH_VARIABLES = [...PATH_VARIABLES, '$SKILL'] as const;

export type NormalisedPath = { ok: true; variable: string | null; rest: string[]; text: string } | { ok: false; problem: string };

const HINT = 'write it as an absolute path or from ~, $HOME or $DATA (e.g. "$DATA/output", "~/Music")';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/**
 * Normalises a declared path: variable, components (`.`, `..`, empty ones resolved), and the
 * canonical text. Refuses what could hide where it points.
 */
export function normaliseDeclaredPath(entry: string, variables: readonly string[] = PATH_VARIABLES): NormalisedPath {
  if (CONTROL.test(entry)) return { ok: false, problem: `"${printable(entry)}" contains a control or invisible character (NUL, newline, bidi…); remove it` };
  if (entry.includes('\\')) return { ok: false, problem: `"${entry}" uses "\\": paths use "/" as separator` };
  if (/%[0-9a-fA-F]{2}/.test(entry)) return { ok: false, problem: `"${entry}" contains a percent-encoded character; write the character itself` };
  if (/^[A-Za-z]:/.test(entry)) return { ok: false, problem: `"${entry}" is a Windows path; ${HINT}` };
  let variable: string | null = null;
  let body = entry;
  for (const v of variables) {
    if (entry === v || entry.startsWith(`${v}/`)) {
      variable = v;
      body = entry.slice(v.length);
      break;
    }
  }
  if (variable === null && !entry.startsWith('/')) {
    if (entry.startsWith('~')) return { ok: false, problem: `"${entry}": only "~" (your home) is understood, not "~user"; ${HINT}` };
    if (entry.startsWith('$')) return { ok: false, problem: `"${entry}" uses a variable that is not understood (known: ${variables.join(', ')}, at the start only, without braces)` };
    return { ok: false, problem: `"${entry}" is a relative path; ${HINT}` };
  }
  if (body.includes('$') || body.includes('~/') || body === '~') {
    return { ok: false, problem: `"${entry}" has a variable or "~" after its start; a variable may only begin the path (${variables.join(', ')})` };
  }
  const rest: string[] = [];
  for (const part of body.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (rest.length === 0) {
        const root = variable ?? '/';
        return { ok: false, problem: `"${entry}" climbs out of ${root} with "..": a scope must stay inside the folder it names; name the folder you mean directly (e.g. "${variable ?? ''}/sub-folder")` };
      }
      rest.pop();
      continue;
    }
    rest.push(part);
  }
  const text = variable ? [variable, ...rest].join('/') : `/${rest.join('/')}`;
  return { ok: true, variable, rest, text };
}

function printable(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

const GLOB = /[*?[\]{}]/;

/** Problems of one fs.read / fs.write scope entry (empty: fine). */
export function fsScopeProblem(entry: string): string | undefined {
  const n = normaliseDeclaredPath(entry);
  if (!n.ok) return n.problem;
  if (GLOB.test(entry)) return `"${entry}": fs scopes are folders or files, not patterns (no *, ?, [ ], { }); name the folder, everything inside it is included`;
  return undefined;
}

/** One token of an exec entry's argument pattern. */
export type ExecToken =
  | { type: 'rest' }
  | { type: 'one' }
  | { type: 'path'; prefix: string; path: string }
  | { type: 'literal'; text: string; glob: boolean };

export interface ParsedExecEntry {
  program: string;
  /** undefined: a bare entry (any arguments but the known escapes). */
  pattern?: ExecToken[];
}

const PROGRAM_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*$/;
const PATH_START = /^(\/|~(\/|$)|\$(HOME|DATA|SKILL)(\/|$))/;

/** Parses an exec entry, or returns the problem (with the fix) as a string. */
export function parseExecEntry(entry: string): ParsedExecEntry | string {
  if (CONTROL.test(entry.replace(/ /g, ''))) return `"${printable(entry)}" contains a control or invisible character; remove it`;
  const [program = '', ...tokens] = entry.trim().split(/ +/);
  if (program.includes('/') || program.startsWith('~') || program.startsWith('$')) {
    const base = program.endsWith('/**') ? program.slice(0, -3) : program;
    const n = normaliseDeclaredPath(base, EXEC_PATH_VARIABLES);
    if (!n.ok) return n.problem;
    if (GLOB.test(base)) return `"${program}": a program is a name, a path, or a folder pattern ending in "/**" (e.g. "$DATA/**")`;
  } else if (!PROGRAM_NAME.test(program) || program === '.' || program === '..') {
    return `"${program}" is not a program name: use a name found on PATH ("git"), an absolute path, or "$DATA/**" for programs the skill builds`;
  }
  if (tokens.length === 0) return { program };
  const pattern: ExecToken[] = [];
  for (const t of tokens) {
    if (t === '*') pattern.push({ type: 'rest' });
    else if (t === '?') pattern.push({ type: 'one' });
    else {
      const eq = t.indexOf('=');
      const prefix = eq > 0 && PATH_START.test(t.slice(eq + 1)) ? t.slice(0, eq + 1) : '';
      const value = t.slice(prefix.length);
      if (PATH_START.test(value)) {
        const body = value.replace(/\/\*\*$/, '').replace(/\/[^/]*[*?][^/]*$/, '');
        const n = normaliseDeclaredPath(body, EXEC_PATH_VARIABLES);
        if (!n.ok) return `argument pattern ${n.problem}`;
        if (/[[\]{}]/.test(value) || GLOB.test(body)) return `argument pattern "${t}": only the last part of a path may use * or ? (e.g. "$DATA/**", "$DATA/*.mp4")`;
        pattern.push({ type: 'path', prefix, path: value });
      } else {
        if (value.includes('$') || value.startsWith('~')) return `argument pattern "${t}": a variable may only begin a path (${EXEC_PATH_VARIABLES.join(', ')}), optionally after "--flag="`;
        pattern.push({ type: 'literal', text: t, glob: /[*?]/.test(t) });
      }
    }
  }
  return { program, pattern };
}

/** Problems of one exec scope entry (empty: fine). */
export function execScopeProblem(entry: string): string | undefined {
  const parsed = parseExecEntry(entry);
  return typeof parsed === 'string' ? `${parsed}. An exec entry is "PROGRAM [ARGUMENTS…]": arguments are literal words, "?" (one argument), "*" (any arguments), or paths such as "$DATA/**"` : undefined;
}
