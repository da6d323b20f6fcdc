/** Reading what a harness process left behind: its JSON verdict line, or why it died. */
import type { ExecResult } from '../../../kernel/contracts/index.js';
import type { CheckResult, TimeResult } from './backend.js';

/** The last stdout line that is a JSON object (the harness's verdict; a candidate may print before it). */
function parseHarnessJson(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** What a dead harness means: which case it was on (from its stderr trail) and how it died. */
export function crashReason(r: Pick<ExecResult, 'code' | 'signal' | 'timedOut' | 'stderr'>, what: string): string {
  const last = r.stderr.trim().split('\n').reverse().find((l) => l.startsWith('case '));
  const where = last ? ` during ${last.replace(/^case \d+ /, 'stage ')}` : '';
  if (r.timedOut) return `${what} did not finish in time${where} (an endless loop or far too slow)`;
  if (r.signal) return `${what} crashed with ${r.signal}${where} (out-of-bounds access?)`;
  return `${what} exited with code ${r.code}${where}: ${r.stderr.trim().split('\n').filter((l) => !l.startsWith('case ')).slice(-3).join(' ').slice(0, 300)}`;
}

/** The line of a compiler's output a user needs: the first error, with the file and line. */
export function firstError(stderr: string): string {
  const lines = stderr.split('\n');
  const line = lines.find((l) => /undefined reference|error:/i.test(l) && !/collect2|ld returned/.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines.find((l) => l.trim()) ?? 'no message';
  return line.replace(/^.*?(\w+\.(c|cu|o):)/, '$1').trim().slice(0, 300);
}

/** A seed for a harness run, read from its stdin: 64 random bits as a decimal. */
export function randomSeed(): string {
  return String(BigInt.asUintN(64, BigInt(Math.floor(Math.random() * 2 ** 53)) * 2654435761n + BigInt(Date.now())));
}

/** The verdict of a compiled harness's `check` run; `crashStage` names the stage when it died without one. */
export function checkVerdict(r: ExecResult, crashStage = 'smoke'): CheckResult {
  const j = parseHarnessJson(r.stdout);
  if (j?.ok === true) return { ok: true, maxErrRatio: Number(j.maxErrRatio ?? 0), ms: r.ms };
  if (j?.ok === false) return { ok: false, stage: String(j.stage), reason: String(j.reason), shape: j.shape };
  return { ok: false, stage: crashStage, reason: crashReason(r, 'the candidate') };
}

/** The timings of a compiled harness's `time` run (`threads`: what to report when the harness does not say). */
export function timeVerdict(r: ExecResult, threads = 0): TimeResult {
  const j = parseHarnessJson(r.stdout);
  if (j?.ok === true && Array.isArray(j.ns)) {
    return {
      ok: true,
      ns: j.ns as number[],
      threads: j.threads === undefined ? threads : Number(j.threads),
      flushBytes: Number(j.flushBytes),
      ...(typeof j.flush === 'string' ? { flush: j.flush } : {}),
      ...(j.verified !== undefined ? { verified: Number(j.verified) } : {}),
    };
  }
  return { ok: false, reason: j?.ok === false && j.reason !== undefined ? String(j.reason) : crashReason(r, 'the timing run') };
}
