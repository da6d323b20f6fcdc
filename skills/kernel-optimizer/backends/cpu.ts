/**
 * The cpu backend: C candidates compiled by gcc or clang with OpenMP and the host's SIMD
 * (-O3 -march=native), linked with the trusted harness (harness/harness.c with the problem's
 * generated plan.h) and the reference (compiled at -O2: the naive baseline). Harness processes
 * run with OpenMP threads pinned to cores.
 */
import path from 'node:path';
import type { Caps } from '../caps.js';
import { sha } from '../evaluation/cache.js';
import { writeHarnessInputs } from '../harness/header.js';
import { timingArgs } from '../harness/plan.js';
import { HARNESS_C } from '../harness/sources.js';
import type { Config, Problem } from '../spec/index.js';
import type { CompilerInfo, Toolchains } from '../toolchains/toolchains.js';
import type { Backend, BuildResult, CheckResult, TimeResult } from './backend.js';
import { defineFlags, verifiedCalls } from './backend.js';
import { checkVerdict, firstError, randomSeed, timeVerdict } from './output.js';

const CHECK_TIMEOUT_MS = 120_000;
const COMPILE_TIMEOUT_MS = 120_000;

export class CpuBackend implements Backend {
  readonly name = 'cpu' as const;
  readonly device: string;
  readonly compiler: string;
  readonly compileOnly = false;
  private readonly cc: CompilerInfo;
  private readonly threads: number;
  private objects: string[] = [];
  private readonly cacheBytes: number;
  private readonly cacheNote: string;
  private id = '';

  constructor(
    private readonly caps: Caps,
    private readonly problem: Problem,
    private readonly workDir: string,
    tools: Toolchains,
    cc: CompilerInfo,
    options: { threads?: number } = {},
  ) {
    this.cc = cc;
    this.threads = options.threads ?? tools.cpu.cores;
    this.cacheBytes = tools.cpu.cacheBytes ?? tools.cpu.llcBytes;
    this.cacheNote = tools.cpu.cacheNote ?? `last-level cache ${tools.cpu.llcBytes >> 20} MiB`;
    this.device = `${tools.cpu.model}, ${tools.cpu.cores} cores, ${tools.cpu.simd.join('/') || 'no SIMD flags'}`;
    this.compiler = `${cc.name}: ${cc.version}`;
  }

  private flags(): string[] {
    return ['-O3', '-march=native', ...(this.cc.openmp ? ['-fopenmp'] : []), ...(this.problem.flags.cpu ?? [])];
  }

  private get header() {
    return path.join(this.workDir, 'problem.h');
  }

  async prepare(): Promise<void> {
    const { fs, exec } = this.caps;
    const p = this.problem;
    const problemH = await writeHarnessInputs(fs, p, this.workDir);
    const omp = this.cc.openmp ? ['-fopenmp'] : [];
    const steps: [string, string[]][] = [
      ['harness', ['-O3', '-march=native', '-ffp-contract=off', '-pthread', ...omp, '-I', this.workDir, '-c', HARNESS_C, '-o', 'harness.o']],
      ['reference', ['-O2', ...omp, '-include', this.header, `-D${p.entry}=ko_reference`, '-c', 'reference.c', '-o', 'reference.o']],
      // the harness as compiled (its sources, the plan, the system headers) is what the cache key names
      ['harness', ['-E', '-P', '-march=native', ...omp, '-I', this.workDir, HARNESS_C]],
    ];
    const [, , preprocessed] = await Promise.all(
      steps.map(async ([what, args]) => {
        const r = await exec.run(this.cc.path, args, { cwd: this.workDir, timeoutMs: COMPILE_TIMEOUT_MS, maxOutput: 50_000_000 });
        if (r.code !== 0) throw new Error(`the ${what} of ${p.name} does not compile with ${this.cc.name}:\n${r.stderr.slice(0, 4000)}`);
        return r.stdout;
      }),
    );
    this.id = sha([preprocessed, problemH, p.sources.reference].join('\n'));
    this.objects = [path.join(this.workDir, 'harness.o'), path.join(this.workDir, 'reference.o')];
  }

  async build(source: string, config: Config, tag: string): Promise<BuildResult> {
    const { fs, exec } = this.caps;
    const dir = path.join(this.workDir, 'cand', tag);
    const src = path.join(dir, 'kernel.c');
    await fs.writeFile(src, source);
    const obj = path.join(dir, 'kernel.o');
    const bin = path.join(dir, 'harness');
    const c = await exec.run(this.cc.path, [...this.flags(), ...defineFlags(config), '-include', this.header, `-D${this.problem.entry}=ko_candidate`, '-c', src, '-o', obj], { cwd: dir, timeoutMs: COMPILE_TIMEOUT_MS });
    if (c.code !== 0) return { ok: false, reason: `does not compile: ${firstError(c.stderr)}`, log: c.stderr.slice(0, 8000) };
    const l = await exec.run(this.cc.path, [...this.objects, obj, ...(this.cc.openmp ? ['-fopenmp'] : []), '-pthread', '-lm', '-o', bin], { cwd: dir, timeoutMs: COMPILE_TIMEOUT_MS });
    if (l.code !== 0) return { ok: false, reason: `does not link (helper functions must be static): ${firstError(l.stderr)}`, log: l.stderr.slice(0, 8000) };
    return { ok: true, binary: bin, ms: c.ms + l.ms };
  }

  /** OpenMP threads pinned one per core: unpinned, two threads sometimes share a core for a whole process. */
  private env(): Record<string, string> {
    return { OMP_NUM_THREADS: String(this.threads), OMP_PROC_BIND: 'close', OMP_PLACES: 'cores', OMP_WAIT_POLICY: 'active' };
  }

  async check(binary: string): Promise<CheckResult> {
    const r = await this.caps.exec.run(binary, ['check'], { env: this.env(), input: randomSeed(), timeoutMs: CHECK_TIMEOUT_MS });
    // A harness that crashed mid-case printed "case <n> <stage>" to stderr before it died.
    const last = r.stderr.trim().split('\n').reverse().find((l) => l.startsWith('case '));
    return checkVerdict(r, last?.split(' ')[2] ?? 'smoke');
  }

  /**
   * How caches are emptied before each timed call, sized to the data and to the cache the run's
   * cores share: nothing when the data is at least twice that cache (a call streams its own data
   * out); else every cache line of the data flushed (x86 clflush: cost in proportion to the data),
   * or, on other CPUs, a reused buffer of twice the cache read (clean lines, nothing to write back).
   */
  flushPolicy(): { arg: number; text: string } {
    const t = timingArgs(this.problem);
    const data = this.problem.signature.reduce((sum, a, i) => sum + (a.role === 'scalar' ? 0 : t.sizes[i]! * (a.type === 'f32' || a.type === 'i32' ? 4 : 8)), 0);
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
    const cache = `${mib(this.cacheBytes)} of cache on the cores used (${this.cacheNote})`;
    if (data >= 2 * this.cacheBytes) return { arg: 0, text: `no flush: the data (${mib(data)}) is at least twice the ${cache}` };
    if (process.arch === 'x64' || process.arch === 'ia32') return { arg: -1, text: `cold: every cache line of the data (${mib(data)}) flushed (clflush) before each timed call; the ${cache}` };
    const bytes = Math.min(2 * this.cacheBytes, 1 << 30);
    return { arg: bytes, text: `cold: a ${mib(bytes)} buffer read before each timed call (the data, ${mib(data)}, would stay in the ${cache})` };
  }

  /** Flush bytes for the old callers: what a read flush would write; 0 when no flush is needed. */
  flushBytes(): number {
    const p = this.flushPolicy();
    return p.arg === 0 ? 0 : p.arg > 0 ? p.arg : 2 * this.cacheBytes;
  }

  async time(binary: string, which: 0 | 1, iters: number, warmup = 3): Promise<TimeResult> {
    const verify = which === 1 ? verifiedCalls(iters) : 0;
    const r = await this.caps.exec.run(binary, ['time', String(which), String(warmup), String(iters), String(this.flushPolicy().arg), String(verify)], {
      env: this.env(),
      input: randomSeed(),
      timeoutMs: 600_000,
    });
    return timeVerdict(r, this.threads);
  }

  environment(): Record<string, string> {
    return {
      device: this.device,
      compiler: this.compiler,
      flags: this.flags().join(' '),
      referenceFlags: '-O2',
      threads: `${this.threads} (OMP_PROC_BIND=close, OMP_PLACES=cores)`,
      clock: 'CLOCK_MONOTONIC',
      cache: this.flushPolicy().text,
      inputs: 'regenerated before every timed call (keyed hash of the index, a fresh key per call, non-temporal stores), outside the timed region',
      verification: `the candidate's answer checked against the reference on randomly chosen timed calls (1 in 8; one in short re-runs) (inputs that keep most of the previous call's values) and on one more call after them`,
    };
  }

  harnessId(): string {
    return this.id;
  }
}
