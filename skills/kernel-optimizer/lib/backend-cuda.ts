/**
 * The cuda backend: CUDA C++ candidates (an extern "C" launcher taking device pointers) compiled
 * by nvcc for the detected architecture (or --arch), linked with the generated CUDA harness and
 * the host-compiled reference. Without a GPU every candidate is still compiled and linked —
 * compile errors are reported — but nothing runs, and the run says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Backend, BuildResult, CheckResult, TimeResult } from './backend.js';
import { defineFlags } from './backend.js';
import { crashReason, firstError, parseHarnessJson } from './backend-cpu.js';
import { execProgram } from './exec.js';
import { problemHeader } from './harness-c.js';
import { generateCudaHarness } from './harness-cuda.js';
import { buildPlan, timingArgs } from './plan.js';
import type { Config, Problem } from './spec.js';
import { pickCompiler, type Toolchains } from './toolchains.js';

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

  constructor(
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

  async prepare(): Promise<void> {
    fs.mkdirSync(this.workDir, { recursive: true });
    const p = this.problem;
    const header = path.join(this.workDir, 'problem.h');
    fs.writeFileSync(header, problemHeader(p));
    fs.writeFileSync(path.join(this.workDir, 'harness.cu'), generateCudaHarness(p, buildPlan(p), timingArgs(p)));
    fs.writeFileSync(path.join(this.workDir, 'reference.c'), p.sources.reference);
    const steps: [string, string, string[]][] = [
      ['harness', this.nvcc, [...this.flags(), '-c', 'harness.cu', '-o', 'harness.o']],
      ['reference', this.hostCc, ['-O2', '-include', header, `-D${p.entry}=ko_reference`, '-c', 'reference.c', '-o', 'reference.o']],
    ];
    for (const [what, cc, args] of steps) {
      const r = await execProgram(cc, args, { cwd: this.workDir, timeoutMs: 300_000 });
      if (r.code !== 0) throw new Error(`the CUDA ${what} of ${p.name} does not compile:\n${r.stderr.slice(0, 4000)}`);
    }
  }

  async build(source: string, config: Config, tag: string): Promise<BuildResult> {
    const dir = path.join(this.workDir, 'cand', tag);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'kernel.cu'), source);
    const header = path.join(this.workDir, 'problem.h');
    const c = await execProgram(this.nvcc, [...this.flags(), ...defineFlags(config), '-include', header, `-D${this.problem.entry}=ko_candidate`, '-c', 'kernel.cu', '-o', 'kernel.o'], { cwd: dir, timeoutMs: 300_000 });
    if (c.code !== 0) return { ok: false, reason: `does not compile: ${firstError(c.stderr)}`, log: c.stderr.slice(0, 8000) };
    const l = await execProgram(this.nvcc, [`-arch=${this.arch}`, path.join(this.workDir, 'harness.o'), path.join(this.workDir, 'reference.o'), 'kernel.o', '-lm', '-o', 'harness'], { cwd: dir, timeoutMs: 300_000 });
    if (l.code !== 0) return { ok: false, reason: `does not link: ${firstError(l.stderr)}`, log: l.stderr.slice(0, 8000) };
    return { ok: true, binary: path.join(dir, 'harness'), ms: c.ms + l.ms };
  }

  async check(binary: string): Promise<CheckResult> {
    const r = await execProgram(binary, ['check'], { input: String(Math.floor(Math.random() * 2 ** 52)), timeoutMs: 300_000 });
    const j = parseHarnessJson(r.stdout);
    if (j?.ok === true) return { ok: true, maxErrRatio: Number(j.maxErrRatio ?? 0), ms: r.ms };
    if (j?.ok === false) return { ok: false, stage: String(j.stage), reason: String(j.reason), shape: j.shape };
    return { ok: false, stage: 'smoke', reason: crashReason(r, 'the candidate') };
  }

  async time(binary: string, _which: 0 | 1, iters: number, warmup = 3): Promise<TimeResult> {
    const r = await execProgram(binary, ['time', '1', String(warmup), String(iters)], { input: String(Math.floor(Math.random() * 2 ** 52)), timeoutMs: 600_000 });
    const j = parseHarnessJson(r.stdout);
    if (j?.ok === true && Array.isArray(j.ns)) return { ok: true, ns: j.ns as number[], threads: 0, flushBytes: Number(j.flushBytes) };
    return { ok: false, reason: j?.reason ? String(j.reason) : crashReason(r, 'the timing run') };
  }

  environment(): Record<string, string> {
    return {
      device: this.device,
      compiler: this.compiler,
      flags: this.flags().join(' '),
      timing: 'CUDA events around each call, L2 flushed (2x L2 size written) before each timed call',
      baseline: 'the starting kernel (the reference runs on the host and is not timed)',
      ...(this.compileOnly ? { mode: 'compile-only (no GPU)' } : {}),
    };
  }

  harnessFiles(): string[] {
    return ['problem.h', 'harness.cu', 'reference.c'].map((f) => path.join(this.workDir, f));
  }
}
