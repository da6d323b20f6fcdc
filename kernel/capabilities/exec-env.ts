/**
 * The environment and limits of a program a community skill runs. Nothing of the kernel's
 * environment crosses (it holds API keys): the program gets system folders on PATH, HOME and TMPDIR
 * in the skill's data folder, the locale and a dumb terminal, plus variables that keep common
 * programs from reading configuration the skill could have written there. What the skill passes
 * is an allow-list, not a deny-list: a deny-list misses the next LD_AUDIT, GCONV_PATH or
 * GLIBC_TUNABLES; thread counts, locale, time zone and the skill's own SKILL_* names are enough for
 * the programs a skill runs.
 */
import fs from 'node:fs';
import path from 'node:path';

export const COMMUNITY_LIMITS: { readonly maxTimeoutMs: number; readonly maxOutput: number; readonly maxInputBytes: number } = {
  /** The longest a community skill's program may run, whatever it asks (the sandbox's call timeout also applies). */
  maxTimeoutMs: 10 * 60_000,
  /** Collected stdout (stderr: a tenth). */
  maxOutput: 10_000_000,
  /** What it may write to the program's stdin. */
  maxInputBytes: 8_000_000,
};

const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

/** Names a community skill may set, with a value check where the value could name a file. */
const ALLOWED: readonly [RegExp, RegExp?][] = [
  [/^(OMP|MKL|OPENBLAS|GOTO|BLIS|VECLIB|NUMEXPR)_[A-Z0-9_]{1,40}$/, /^[\w.,:= -]{0,200}$/],
  [/^(LANG|LANGUAGE|LC_[A-Z]+)$/, /^[A-Za-z0-9_.@:-]{0,100}$/],
  // TZ=/path reads that file: names only
  [/^TZ$/, /^[A-Za-z0-9_+:.-]{0,64}$/],
  [/^(NO_COLOR|FORCE_COLOR|COLUMNS|LINES|SOURCE_DATE_EPOCH|CUDA_VISIBLE_DEVICES)$/, /^[\w,.-]{0,64}$/],
  [/^SKILL_[A-Z0-9_]{1,60}$/],
];

/** The whole environment of a community skill's program. Throws (with the rule) for a variable it may not set. */
export function communityEnv(dataDir: string, requested: Record<string, string> = {}): Record<string, string> {
  const tmp = path.join(dataDir, 'tmp');
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
  const lang = /^[A-Za-z0-9_.@-]{1,50}$/.test(process.env.LANG ?? '') ? process.env.LANG! : 'C.UTF-8';
  const env: Record<string, string> = {
    PATH: SYSTEM_PATH,
    HOME: dataDir,
    TMPDIR: tmp,
    LANG: lang,
    TERM: 'dumb',
    // configuration files a skill could write into its HOME ($DATA) and programs would obey
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    WGETRC: '/dev/null',
    CURL_HOME: '/dev/null',
    PYTHONNOUSERSITE: '1',
  };
  for (const [name, value] of Object.entries(requested)) {
    const rule = ALLOWED.find(([n]) => n.test(name));
    if (!rule || (rule[1] && !rule[1].test(value)) || value.includes('\0')) {
      throw new Error(
        `a community skill's program cannot be given the variable ${name.slice(0, 64)}${rule ? ' with that value' : ''}: only thread counts (OMP_*, MKL_*…), locale (LANG, LC_*), TZ, NO_COLOR, COLUMNS, LINES, SOURCE_DATE_EPOCH, CUDA_VISIBLE_DEVICES and SKILL_* names are passed (PATH, LD_*, NODE_OPTIONS, PYTHON*, GIT_* and the like could make it run other code)`,
      );
    }
    env[name] = value;
  }
  return env;
}
