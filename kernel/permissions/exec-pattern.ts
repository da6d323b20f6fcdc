/**
 * Does an exec grant entry (`PROGRAM [ARGUMENT-PATTERN…]`, syntax in contracts/scope-syntax.ts)
 * allow one concrete program start? The program must match, the arguments must match the pattern,
 * and for a community skill: no argument may be a known escape of that program (exec-escapes.ts)
 * unless the pattern names it as a literal word; programs that run other programs, interpreters and
 * pagers need a pattern that pins what they run; no argument may point into the profile or a skill
 * folder (or contain one); files written through output flags must lie in a write grant.
 */
import path from 'node:path';
import { parseExecEntry, type ExecToken } from '../contracts/index.js';
import { PROGRAM_ESCAPES, programFamily, type ProgramEscapes } from './exec-escapes.js';
import { containsProtected, expandScopePath, isProtected, realpathLoose, within, type ScopeVars } from './scope.js';

export interface ExecCall {
  /** The program as asked for (a name looked up on PATH, or a path). */
  program: string;
  /** The file it resolves to, links followed (when known): its name counts too (`python3` → `python3.11`). */
  realProgram?: string;
  /** undefined: only the program is checked (`which`). */
  args?: readonly string[];
  /** The working folder the program starts in (relative arguments resolve from it). */
  cwd?: string;
  /** Real folders the skill may write (fs.write grants and $DATA): where output flags may point. */
  writable?: readonly string[];
}

export type ExecVerdict = { ok: true; forced: string[] } | { ok: false; reason: string };

/**
 * A program entry (no pattern) against a program: a bare name covers that name on PATH and an
 * absolute path ending in it (not one in the skill's data folder, where the skill could have put
 * it); `X/**` covers programs inside X; a path covers itself.
 */
export function programCovered(entry: string, target: string, vars: ScopeVars): boolean {
  // A bare target is looked up on PATH: only a name grant covers it, never a folder pattern.
  if (!target.includes('/')) return target === entry;
  const t = path.resolve(target);
  try {
    if (entry.endsWith('/**')) return within(t, expandScopePath(entry.slice(0, -3), vars));
    if (!entry.includes('/') && !entry.startsWith('~') && !entry.startsWith('$')) return path.basename(t) === entry && !(vars.data && within(t, path.resolve(vars.data)));
    return expandScopePath(entry, vars) === t;
  } catch {
    return false;
  }
}

const escapeRe = (s: string) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
const globRe = (glob: string, any: string) => new RegExp(`^${glob.split('').map((c) => (c === '*' ? `${any}*` : c === '?' ? any : escapeRe(c))).join('')}$`);

/** The real path a program would see for an argument (no shell: no variables, no `~`). */
const argPath = (value: string, cwd: string) => realpathLoose(path.resolve(cwd, value));

function pathTokenMatches(t: Extract<ExecToken, { type: 'path' }>, arg: string, cwd: string, vars: ScopeVars): boolean {
  if (!arg.startsWith(t.prefix)) return false;
  const value = arg.slice(t.prefix.length);
  if (!value) return false;
  const real = argPath(value, cwd);
  if (t.path.endsWith('/**')) return within(real, realpathLoose(expandScopePath(t.path.slice(0, -3), vars)));
  const last = t.path.slice(t.path.lastIndexOf('/') + 1);
  if (/[*?]/.test(last)) {
    const dir = realpathLoose(expandScopePath(t.path.slice(0, t.path.lastIndexOf('/')) || '/', vars));
    return path.dirname(real) === dir && globRe(last, '[^/]').test(path.basename(real));
  }
  return real === realpathLoose(expandScopePath(t.path, vars));
}

/** Matches arguments to a pattern; for each argument, whether a literal word of the pattern named it. undefined: no match. */
export function matchPattern(tokens: readonly ExecToken[], args: readonly string[], cwd: string, vars: ScopeVars): boolean[] | undefined {
  const n = tokens.length;
  const m = args.length;
  const memo = new Map<number, boolean>();
  const one = (ti: number, ai: number): boolean => {
    const key = ti * (m + 1) + ai;
    let v = memo.get(key);
    if (v === undefined) {
      const t = tokens[ti]!;
      const a = args[ai]!;
      v = t.type === 'one' || (t.type === 'literal' ? (t.glob ? globRe(t.text, '.').test(a) : t.text === a) : t.type === 'path' && pathTokenMatches(t, a, cwd, vars));
      memo.set(key, v);
    }
    return v;
  };
  // ok[ti][ai]: tokens ti.. match args ai..
  const ok = Array.from({ length: n + 1 }, () => new Array<boolean>(m + 1).fill(false));
  ok[n]![m] = true;
  for (let ti = n - 1; ti >= 0; ti--) {
    for (let ai = m; ai >= 0; ai--) {
      ok[ti]![ai] = tokens[ti]!.type === 'rest' ? ok[ti + 1]![ai]! || (ai < m && ok[ti]![ai + 1]!) : ai < m && one(ti, ai) && ok[ti + 1]![ai + 1]!;
    }
  }
  if (!ok[0]![0]) return undefined;
  const named = new Array<boolean>(m).fill(false);
  for (let ti = 0, ai = 0; ai < m; ) {
    const t = tokens[ti]!;
    if (t.type === 'rest') {
      // leave `*` as early as the rest allows, so later literal words name what they can
      if (ok[ti + 1]![ai]) ti++;
      else ai++;
      continue;
    }
    named[ai] = t.type === 'literal' && !t.glob;
    ti++;
    ai++;
  }
  return named;
}

/** Why one argument is a known escape of the program, or undefined. */
export function escapeOf(rule: ProgramEscapes | undefined, arg: string): string | undefined {
  if (arg.startsWith('@')) return `"${arg}" reads arguments from a file (@file)`;
  const key = arg.split('=')[0]!;
  for (const f of rule?.flags ?? []) {
    const prefix = f.endsWith('*') ? f.slice(0, -1) : undefined;
    const flag = prefix ?? f;
    const hit =
      (prefix !== undefined && arg.startsWith(prefix)) ||
      arg === f ||
      arg.startsWith(`${f}=`) ||
      // GNU long options may be abbreviated (`--to-com` for `--to-command`)
      (flag.startsWith('--') && key.startsWith('--') && key.length >= 3 && flag.startsWith(key)) ||
      (rule?.bundles && /^-[A-Za-z]$/.test(flag) && /^-[^-]/.test(arg) && arg.slice(1).includes(flag[1]!));
    if (hit) return `"${arg}" uses ${flag}, which can run other programs, read commands or options from a file, or write outside the grant`;
  }
  for (const v of rule?.values ?? []) if (v.test.test(arg)) return `"${arg}": ${v.why}`;
  return undefined;
}

function ruleFor(call: ExecCall): { family: string; rule: ProgramEscapes | undefined } {
  const names = [path.basename(call.program), ...(call.realProgram ? [path.basename(call.realProgram)] : [])];
  for (const name of names) {
    const family = programFamily(name);
    if (PROGRAM_ESCAPES[family]) return { family, rule: PROGRAM_ESCAPES[family] };
  }
  return { family: names[0]!, rule: undefined };
}

/**
 * Why a community skill may not hold this entry at all (grant time and use time), or undefined.
 * Runners and pagers need a fixed pattern (literal words and paths only); interpreters need a
 * pattern that pins a script in the skill's own folder (`python3 $SKILL/convert.py *`).
 */
export function communityEntryProblem(entry: string, realProgram?: string): string | undefined {
  const parsed = parseExecEntry(entry);
  if (typeof parsed === 'string') return parsed;
  const { family, rule } = ruleFor({ program: parsed.program, ...(realProgram ? { realProgram } : {}) });
  if (!rule?.kind) return undefined;
  const tokens = parsed.pattern;
  if (rule.kind === 'interpreter') {
    const first = tokens?.findIndex((t) => !(t.type === 'literal' && !t.glob));
    const script = first === undefined || first < 0 ? undefined : tokens![first];
    if (!script || script.type !== 'path' || !script.path.startsWith('$SKILL/') || /[*?]/.test(script.path)) {
      return `"${entry}": ${family} runs any code it is given, so a community skill may use it only on a script of its own: name the script, e.g. "${parsed.program} $SKILL/tools/convert.py *"`;
    }
    return undefined;
  }
  if (!tokens || tokens.some((t) => t.type === 'rest' || t.type === 'one' || (t.type === 'literal' && t.glob))) {
    const what = rule.kind === 'runner' ? 'runs the program named in its arguments' : 'can run commands from inside it (!command)';
    return `"${entry}": ${family} ${what}, so a community skill may use it only with fixed arguments (literal words and paths, no * or ?), e.g. "${parsed.program} ${rule.kind === 'runner' ? '$DATA/bin/tool --fast' : '$DATA/report.txt'}"`;
  }
  return undefined;
}

/**
 * A name is looked up on PATH; a path is checked with its links resolved (against the data folder
 * resolved too), and its own name also counts, since compilers read their name (`clang++` links to
 * `clang-16`).
 */
function programMatches(program: string, call: ExecCall, vars: ScopeVars): boolean {
  if (!call.program.includes('/')) return programCovered(program, call.program, vars);
  const real = call.realProgram ?? realpathLoose(call.program);
  const data = vars.data ? realpathLoose(vars.data) : undefined;
  const realVars = { ...vars, ...(data ? { data } : {}) };
  if (programCovered(program, real, realVars)) return true;
  const bare = !program.includes('/') && !program.startsWith('~') && !program.startsWith('$');
  return bare && path.basename(call.program) === program && !(data && within(real, data));
}

/** Checks one program start against one grant entry. */
export function checkExecEntry(entry: string, call: ExecCall, vars: ScopeVars): ExecVerdict {
  const parsed = parseExecEntry(entry);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  if (!programMatches(parsed.program, call, vars)) return { ok: false, reason: `"${call.program}" is not the program of "${entry}"` };
  if (vars.community) {
    const problem = communityEntryProblem(entry, call.realProgram);
    if (problem) return { ok: false, reason: problem };
    if (call.realProgram && isProtected(call.realProgram, vars) && !(vars.skill && within(call.realProgram, realpathLoose(vars.skill)))) {
      return { ok: false, reason: `${call.program} lies in the AgentOS profile or another skill's folder, which no grant reaches` };
    }
  }
  if (call.args === undefined) return { ok: true, forced: [] };
  const cwd = call.cwd ?? vars.data ?? process.cwd();
  const named = parsed.pattern ? matchPattern(parsed.pattern, call.args, cwd, vars) : call.args.map(() => false);
  if (!named) return { ok: false, reason: `the arguments ${JSON.stringify(call.args).slice(0, 300)} do not match "${entry}"` };
  if (!vars.community) return { ok: true, forced: [] };
  const { rule } = ruleFor(call);
  const skillReal = vars.skill ? realpathLoose(vars.skill) : undefined;
  for (let i = 0; i < call.args.length; i++) {
    const arg = call.args[i]!;
    if (!named[i]) {
      const why = escapeOf(rule, arg);
      if (why) return { ok: false, reason: `${why}; a grant allows it only by naming it in its argument pattern` };
    }
    // every argument that looks like a path (and every --flag=value): never into the profile, never around it
    for (const value of new Set([arg, arg.slice(arg.indexOf('=') + 1)])) {
      if (value !== '..' && !value.includes('/')) continue;
      const real = argPath(value, cwd);
      if (isProtected(real, vars) && !(skillReal && within(real, skillReal))) return { ok: false, reason: `the argument "${arg}" points into the AgentOS profile or a skill folder (${real}), which no grant reaches` };
      if (containsProtected(real, vars)) return { ok: false, reason: `the argument "${arg}" is a folder (${real}) that holds the AgentOS profile; name a folder inside it instead` };
    }
    const out = outputValue(rule, call.args, i);
    if (out !== undefined && call.writable) {
      const real = argPath(out, cwd);
      if (!call.writable.some((w) => within(real, w))) return { ok: false, reason: `"${arg}" writes ${real}, outside the folders ${path.basename(call.program)} may write (the skill's data folder and its fs.write grants)` };
    }
  }
  return { ok: true, forced: [...(rule?.forced ?? [])] };
}

/** The file an output flag at args[i] names (`-o FILE`, `-oFILE`, `--output=FILE`), or undefined. */
function outputValue(rule: ProgramEscapes | undefined, args: readonly string[], i: number): string | undefined {
  const arg = args[i]!;
  for (const w of rule?.writes ?? []) {
    if (arg === w) return args[i + 1];
    if (w.startsWith('--') && arg.startsWith(`${w}=`)) return arg.slice(w.length + 1);
    if (/^-[A-Za-z]$/.test(w) && arg.startsWith(w) && arg.length > 2 && !arg.startsWith('--')) return arg.slice(2);
  }
  return undefined;
}
