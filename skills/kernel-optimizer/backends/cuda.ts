/**
 * The cuda backend: CUDA C++ candidates (an extern "C" launcher taking device pointers) compiled
 * by nvcc for the detected architecture (or --arch), linked with the trusted CUDA harness
 * (harness/harness.cu with the problem's generated plan.h) and the host-compiled reference.
 * Without a GPU every candidate is still compiled and linked — compile errors are reported — but
 * nothing runs, and the run says so.
 */
import path from 'node:path';
import type { Caps } from '../caps.js';
import { sha } from '../evaluation/cache.js';
import { writeHarnessInputs } from '../harness/header.js';
import { HARNESS_CUDA } from '../harness/sources.js';
import type { Config, Problem } from '../spec/index.js';
import { pickCompiler, type Toolchains } from '../toolchains/toolchains.js';
import type { Backend, BuildResult, CheckResult, TimeResult } from './backend.js';
import { defineFlags, verifiedCalls } from './backend.js';
import { checkVerdict, firstError, randomSeed, timeVerdict } from './output.js';

const NVCC_TIMEOUT_MS = 300_000;

export class CudaBackend implements Backend {
  readonly name = 'cuda' as const;
  readonly device: string;
  readonly compiler: string;
  readonly compileOnly: boolean;
  readonly compileOnlyReason?: string;
  readonly baselineIsStart = true;
  readonly arch: string;
  private readonly nvcc: string;
  private readonly hostCc: string;
  private id = '';

  constructor(
    private readonly caps: Caps,
    private readonly problem: Problem,
    private readonly workDir: string,
    tools: Toolchains,
    options: { arch?: string } = {},
  ) {
    if (!tools.nvcc) throw new Error('nvcc was not found: install the CUDA toolkit (https://developer.nvidia.com/cuda-downloads) or put nvcc on PATH');
    this.nvcc = tools.nvcc.path;
    this.hostCc = pickCompiler(tools).path;
    const gpu = tools.gpus[0];
    this.arch = options.arch ?? (gpu ? `sm_${gpu.computeCap.replace('.', '')}` : 'sm_90');
    this.device = gpu ? `${gpu.name} (${this.arch}, driver ${gpu.driver}, ${gpu.memoryMiB} MiB)` : `no GPU (compile target ${this.arch})`;
    this.compiler = `nvcc ${tools.nvcc.version}`;
    this.compileOnly = !gpu;
    if (!gpu) this.compileOnlyReason = `no GPU on this machine (${tools.gpuProblem ?? 'none found'}): candidates are compiled for ${this.arch} and checked for compile errors only`;
  }

  private flags(): string[] {
    return ['-O3', `-arch=${this.arch}`, '-std=c++17', ...(this.problem.flags.cuda ?? [])];
  }

  private get header() {
    return path.join(this.workDir, 'problem.h');
  }

  async prepare(): Promise<void> {
    const { fs, exec } = this.caps;
    const p = this.problem;
    const problemH = await writeHarnessInputs(fs, p, this.workDir);
    const steps: [string, string, string[]][] = [
      ['harness', this.nvcc, [...this.flags(), '-I', this.workDir, '-c', HARNESS_CUDA, '-o', 'harness.o']],
      ['reference', this.hostCc, ['-O2', '-include', this.header, `-D${p.entry}=ko_reference`, '-c', 'reference.c', '-o', 'reference.o']],
      // the harness as compiled (its sources, the plan, the CUDA and system headers) is what the cache key names
      ['harness', this.nvcc, ['-E', '-Xcompiler', '-P', '-std=c++17', '-I', this.workDir, HARNESS_CUDA]],
    ];
    const outputs: string[] = [];
    // one after the other: nvcc is heavy, and two at once only slow each other down on a small machine
    for (const [what, cc, args] of steps) {
      const r = await exec.run(cc, args, { cwd: this.workDir, timeoutMs: NVCC_TIMEOUT_MS, maxOutput: 50_000_000 });
      if (r.code !== 0) throw new Error(`the CUDA ${what} of ${p.name} does not compile:\n${r.stderr.slice(0, 4000)}`);
      outputs.push(r.stdout);
    }
    this.id = sha([outputs[2], problemH, p.sources.reference].join('\n'));
  }

  async build(source: string, config: Config, tag: string): Promise<BuildResult> {
    const { fs, exec } = this.caps;
    const dir = path.join(this.workDir, 'cand', tag);
    await fs.writeFile(path.join(dir, 'kernel.cu'), source);
    const c = await exec.run(this.nvcc, [...this.flags(), ...defineFlags(config), '-include', this.header, `-D${this.problem.entry}=ko_candidate`, '-c', 'kernel.cu', '-o', 'kernel.o'], { cwd: dir, timeoutMs: NVCC_TIMEOUT_MS });
    if (c.code !== 0) return { ok: false, reason: `does not compile: ${firstError(c.stderr)}`, log: c.stderr.slice(0, 8000) };
    const l = await exec.run(this.nvcc, [`-arch=${this.arch}`, path.join(this.workDir, 'harness.o'), path.join(this.workDir, 'reference.o'), 'kernel.o', '-lm', '-o', 'harness'], { cwd: dir, timeoutMs: NVCC_TIMEOUT_MS });
    if (l.code !== 0) return { ok: false, reason: `does not link: ${firstError(l.stderr)}`, log: l.stderr.slice(0, 8000) };
    return { ok: true, binary: path.join(dir, 'harness'), ms: c.ms + l.ms };
  }

  async check(binary: string): Promise<CheckResult> {
    return checkVerdict(await this.caps.exec.run(binary, ['check'], { input: randomSeed(), timeoutMs: NVCC_TIMEOUT_MS }));
  }

  async time(binary: string, _which: 0 | 1, iters: number, warmup = 3): Promise<TimeResult> {
    const verify = verifiedCalls(iters);
    return timeVerdict(await this.caps.exec.run(binary, ['time', '1', String(warmup), String(iters), String(verify)], { input: randomSeed(), timeoutMs: 600_000 }));
  }

  environment(): Record<string, string> {
    return {
      device: this.device,
      compiler: this.compiler,
      flags: this.flags().join(' '),
      timing: 'CUDA events around each call, L2 flushed (2x L2 size written) before each timed call',
      inputs: 'regenerated on the host and copied to the device before every timed call, outside the timed region',
      verification: `the candidate's answer checked against the host reference on randomly chosen timed calls (1 in 8; one in short re-runs) (inputs that keep most of the previous call's values) and on one more call after them`,
      baseline: 'the starting kernel (the reference runs on the host and is not timed)',
      ...(this.compileOnly ? { mode: 'compile-only (no GPU)' } : {}),
    };
  }

  harnessId(): string {
    return this.id;
  }
}
