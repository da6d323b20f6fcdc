/**
 * The cpu backend: C candidates compiled by gcc or clang with OpenMP and the host's SIMD
 * (-O3 -march=native), linked with the generated trusted harness and the reference (compiled
 * at -O2: the naive baseline). Harness processes run with OpenMP threads pinned to cores.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execProgram } from './exec.js';
import { generateCpuHarness, problemHeader } from './harness-c.js';
import { buildPlan, timingArgs } from './plan.js';
import type { Backend, BuildResult, CheckResult, TimeResult } from './backend.js';
import { defineFlags } from './backend.js';
import type { Config, Problem } from './spec.js';
import type { CompilerInfo, Toolchains } from './toolchains.js';

const CHECK_TIMEOUT_MS = 120_000;

export function parseHarnessJson(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) return undefined;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** What a dead harness means: which case it was on (from its stderr trail) and how it died. */
export function crashReason(r: { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; stderr: string }, what: string): string {
  const last = r.stderr.trim().split('\n').reverse().find((l) => l.startsWith('case '));
  const where = last ? ` during ${last.replace(/^case \d+ /, 'stage ')}` : '';
  if (r.timedOut) return `${what} did not finish in time${where} (an endless loop or far too slow)`;
  if (r.signal) return `${what} crashed with ${r.signal}${where} (out-of-bounds access?)`;
  return `${what} exited with code ${r.code}${where}: ${r.stderr.trim().split('\n').filter((l) => !l.startsWith('case ')).slice(-3).join(' ').slice(0, 300)}`;
}

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  readonly device: string;
  readonly compiler: string;
  readonly compileOnly = false;
  private readonly cc: CompilerInfo;
  private readonly threads: number;
  private objects: string[] = [];
  private readonly llcBytes: number;

  constructor(
    private readonly problem: Problem,
    private readonly workDir: string,
    tools: Toolchains,
    cc: CompilerInfo,
    options: { threads?: number } = {},
  ) {
    this.cc = cc;
    this.threads = options.threads ?? tools.cpu.cores;
    this.llcBytes = tools.cpu.llcBytes;
    this.device = `${tools.cpu.model}, ${tools.cpu.cores} cores, ${tools.cpu.simd.join('/') || 'no SIMD flags'}`;
    this.compiler = `${cc.name}: ${cc.version}`;
  }

  private flags(): string[] {
    return ['-O3', '-march=native', ...(this.cc.openmp ? ['-fopenmp'] : []), ...(this.problem.flags.cpu ?? [])];
  }

  async prepare(): Promise<void> {
    fs.mkdirSync(this.workDir, { recursive: true });
    const p = this.problem;
    const header = path.join(this.workDir, 'problem.h');
    fs.writeFileSync(header, problemHeader(p));
    const t = timingArgs(p);
    fs.writeFileSync(path.join(this.workDir, 'harness.c'), generateCpuHarness(p, buildPlan(p), t));
    fs.writeFileSync(path.join(this.workDir, 'reference.c'), p.sources.reference);
    const omp = this.cc.openmp ? ['-fopenmp'] : [];
    const steps: [string, string[]][] = [
      ['harness', ['-O2', ...omp, '-c', 'harness.c', '-o', 'harness.o']],
      ['reference', ['-O2', ...omp, '-include', header, `-D${p.entry}=ko_reference`, '-c', 'reference.c', '-o', 'reference.o']],
    ];
    for (const [what, args] of steps) {
      const r = await execProgram(this.cc.path, args, { cwd: this.workDir, timeoutMs: 120_000 });
      if (r.code !== 0) throw new Error(`the ${what} of ${p.name} does not compile with ${this.cc.name}:\n${r.stderr.slice(0, 4000)}`);
    }
    this.objects = [path.join(this.workDir, 'harness.o'), path.join(this.workDir, 'reference.o')];
  }

  async build(source: string, config: Config, tag: string): Promise<BuildResult> {
    const dir = path.join(this.workDir, 'cand', tag);
    fs.mkdirSync(dir, { recursive: true });
    const src = path.join(dir, 'kernel.c');
    fs.writeFileSync(src, source);
    const header = path.join(this.workDir, 'problem.h');
    const obj = path.join(dir, 'kernel.o');
    const bin = path.join(dir, 'harness');
    const c = await execProgram(this.cc.path, [...this.flags(), ...defineFlags(config), '-include', header, `-D${this.problem.entry}=ko_candidate`, '-c', src, '-o', obj], { cwd: dir, timeoutMs: 120_000 });
    if (c.code !== 0) return { ok: false, reason: `does not compile: ${firstError(c.stderr)}`, log: c.stderr.slice(0, 8000) };
    const l = await execProgram(this.cc.path, [...this.objects, obj, ...(this.cc.openmp ? ['-fopenmp'] : []), '-lm', '-o', bin], { cwd: dir, timeoutMs: 120_000 });
    if (l.code !== 0) return { ok: false, reason: `does not link (helper functions must be static): ${firstError(l.stderr)}`, log: l.stderr.slice(0, 8000) };
    return { ok: true, binary: bin, ms: c.ms + l.ms };
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, OMP_NUM_THREADS: String(this.threads), OMP_PROC_BIND: 'close', OMP_PLACES: 'cores', OMP_WAIT_POLICY: 'active' };
  }

  private seed(): string {
    return String(BigInt.asUintN(64, BigInt(Math.floor(Math.random() * 2 ** 53)) * 2654435761n + BigInt(Date.now())));
  }

  async check(binary: string): Promise<CheckResult> {
    const r = await execProgram(binary, ['check'], { env: this.env(), input: this.seed(), timeoutMs: CHECK_TIMEOUT_MS });
    const j = parseHarnessJson(r.stdout);
    if (j && j.ok === true) return { ok: true, maxErrRatio: Number(j.maxErrRatio ?? 0), ms: r.ms };
    if (j && j.ok === false) return { ok: false, stage: String(j.stage), reason: String(j.reason), shape: j.shape };
    const last = r.stderr.trim().split('\n').reverse().find((l) => l.startsWith('case '));
    return { ok: false, stage: last?.split(' ')[2] ?? 'smoke', reason: crashReason(r, 'the candidate') };
  }

  /** Flush caches between timed calls only when the data would otherwise stay cached. */
  flushBytes(): number {
    const { bytes } = timingArgs(this.problem);
    return bytes < 2 * this.llcBytes ? 2 * this.llcBytes : 0;
  }

  async time(binary: string, which: 0 | 1, iters: number, warmup = 3): Promise<TimeResult> {
    const r = await execProgram(binary, ['time', String(which), String(warmup), String(iters), String(this.flushBytes())], {
      env: this.env(),
      input: this.seed(),
      timeoutMs: 600_000,
    });
    const j = parseHarnessJson(r.stdout);
    if (j && j.ok === true && Array.isArray(j.ns)) return { ok: true, ns: j.ns as number[], threads: Number(j.threads), flushBytes: Number(j.flushBytes) };
    if (j && j.ok === false) return { ok: false, reason: String(j.reason) };
    return { ok: false, reason: crashReason(r, 'the timing run') };
  }

  environment(): Record<string, string> {
    return {
      device: this.device,
      compiler: this.compiler,
      flags: this.flags().join(' '),
      referenceFlags: '-O2',
      threads: `${this.threads} (OMP_PROC_BIND=close, OMP_PLACES=cores)`,
      clock: 'CLOCK_MONOTONIC',
      cache: this.flushBytes() > 0 ? `cold: ${this.flushBytes() >> 20} MiB written before each timed call` : 'data larger than 2x the last-level cache (no flush needed)',
    };
  }

  harnessFiles(): string[] {
    return ['problem.h', 'harness.c', 'reference.c'].map((f) => path.join(this.workDir, f));
  }
}

export function firstError(stderr: string): string {
  const lines = stderr.split('\n');
  const line = lines.find((l) => /undefined reference|error:/i.test(l) && !/collect2|ld returned/.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines.find((l) => l.trim()) ?? 'no message';
  return line.replace(/^.*?(\w+\.(c|cu|o):)/, '$1').trim().slice(0, 300);
}
