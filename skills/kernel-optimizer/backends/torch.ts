/**
 * The torch and triton backends: KernelBench-style problems (model.py with Model, get_inputs,
 * get_init_inputs) and Python candidates (a ModelNew class: PyTorch, or Triton kernels). The
 * trusted harness is harness/torch/harness_torch.py, run where it is and driven by a plan written
 * here from the problem: the five correctness stages, the anti-cheat checks and the timing
 * method, one fresh Python process per command. The speed baseline is the reference Model in
 * eager PyTorch, as in KernelBench.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Caps } from '../caps.js';
import { sha } from '../evaluation/cache.js';
import { planCases, timingArgs } from '../harness/plan.js';
import { HARNESS_TORCH } from '../harness/sources.js';
import { SpecError, timingShape, type Config, type Problem } from '../spec/index.js';
import type { Toolchains } from '../toolchains/toolchains.js';
import type { Backend, BuildResult, CheckResult, TimeResult } from './backend.js';
import { crashReason } from './output.js';

export interface TorchPlan {
  model: string;
  device: 'cpu' | 'cuda';
  threads: number;
  className: string;
  shapeVars: string[];
  cases: ReturnType<typeof planCases>;
  timingShape: Record<string, number>;
  tolerance: Record<string, { atol: number; rtol: number }>;
  deterministic: boolean;
}

export function torchPlan(p: Problem, device: 'cpu' | 'cuda', threads: number, modelPath: string): TorchPlan {
  const py = p.python;
  if (!py) throw new Error(`${p.name} is not a KernelBench-style problem (model.py)`);
  return {
    model: modelPath,
    device,
    threads,
    className: py.className,
    shapeVars: py.shapeVars,
    cases: planCases(p),
    timingShape: timingShape(p),
    tolerance: { ...py.tolerance, default: py.tolerance.float32! },
    deterministic: p.deterministic,
  };
}

type HarnessResult = Record<string, unknown> & { ok?: boolean };

export class TorchBackend implements Backend {
  readonly name: 'torch' | 'triton';
  readonly device: string;
  readonly compiler: string;
  readonly compileOnly = false;
  private readonly python: string;
  private readonly torchDevice: 'cpu' | 'cuda';
  private readonly threads: number;
  private readonly llcBytes: number;
  private id = '';

  constructor(
    private readonly caps: Caps,
    private readonly problem: Problem,
    private readonly workDir: string,
    tools: Toolchains,
    options: { backend: 'torch' | 'triton'; threads?: number },
  ) {
    this.name = options.backend;
    const py = tools.python;
    if (!py?.torch) {
      throw new Error(`the ${this.name} backend needs Python with torch: ${py ? `${py.path} has no torch (pip install torch; Debian: apt-get install python3-torch; or set the kernel optimizer's python setting to a Python that has it)` : 'python3 was not found'}. See: agentos kernel-opt doctor`);
    }
    if (this.name === 'triton' && !py.triton) throw new Error(`the triton backend needs Triton: ${py.path} has torch ${py.torch} but no triton (pip install triton). See: agentos kernel-opt doctor`);
    if (this.name === 'triton' && !py.torchCuda) throw new Error(`the triton backend needs a CUDA GPU visible to torch; ${py.path} sees none (${tools.gpuProblem ?? 'torch.cuda.is_available() is false'}). Triton kernels are compiled for the GPU they run on, so there is no compile-only mode; use --backend torch on this machine`);
    this.python = py.path;
    this.torchDevice = py.torchCuda ? 'cuda' : 'cpu';
    this.threads = options.threads ?? tools.cpu.cores;
    this.llcBytes = tools.cpu.llcBytes;
    const gpu = tools.gpus[0];
    this.device = this.torchDevice === 'cuda' ? `${gpu?.name ?? 'CUDA GPU'} (torch ${py.torch})` : `${tools.cpu.model}, ${tools.cpu.cores} cores (torch ${py.torch}, CPU)`;
    this.compiler = `${py.version}, torch ${py.torch}${py.triton ? `, triton ${py.triton}` : ''}`;
  }

  get onGpu(): boolean {
    return this.torchDevice === 'cuda';
  }

  private get planFile() {
    return path.join(this.workDir, 'plan.json');
  }

  /** Runs one harness command; the verdict is the last stdout line carrying this call's nonce. */
  private async call(args: string[], timeoutMs: number): Promise<{ result?: HarnessResult; crash: string }> {
    const nonce = crypto.randomBytes(12).toString('hex');
    const seed = crypto.randomInt(1, 2 ** 31 - 1);
    // threads pinned one per core, as for the C harness: unpinned, torch's two OpenMP threads sometimes share a core for a whole process (4x slower);
    // no bytecode written: the harness runs from the skill's folder, which may be read-only
    const env = { OMP_NUM_THREADS: String(this.threads), OMP_PROC_BIND: 'close', OMP_PLACES: 'cores', PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' };
    const r = await this.caps.exec.run(this.python, [HARNESS_TORCH, this.planFile, ...args], { cwd: this.workDir, env, input: JSON.stringify({ seed, nonce }), timeoutMs });
    for (const line of r.stdout.trim().split('\n').reverse()) {
      if (!line.startsWith('{')) continue;
      try {
        const j = JSON.parse(line) as HarnessResult;
        if (j.nonce === nonce) return { result: j, crash: '' };
      } catch {
        /* a line the candidate printed */
      }
    }
    return { crash: crashReason(r, 'the candidate') };
  }

  private async writeCandidate(dir: string, source: string, config: Config) {
    await this.caps.fs.writeFile(path.join(dir, 'kernel.py'), source);
    await this.caps.fs.writeFile(path.join(dir, 'params.json'), JSON.stringify(config));
  }

  async prepare(): Promise<void> {
    const p = this.problem;
    await this.caps.fs.writeFile(path.join(this.workDir, 'model.py'), p.sources.reference);
    // the model path is relative to the plan, so the plan (part of the result-cache key) is the same in every run
    const plan = JSON.stringify(torchPlan(p, this.torchDevice, this.threads, 'model.py'), null, 2);
    await this.caps.fs.writeFile(this.planFile, plan);
    const template = p.sources.templates[this.name];
    const startDir = path.join(this.workDir, 'start');
    if (template !== undefined) await this.writeCandidate(startDir, template, Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, v.default ?? ('values' in v ? v.values[0]! : v.range[0])])));
    const { result, crash } = await this.call(['validate', ...(template !== undefined ? [startDir] : [])], 600_000);
    if (!result) throw new Error(`the reference model of ${p.name} cannot be run: ${crash}`);
    if (result.ok !== true) {
      const errors = Array.isArray(result.errors) && result.errors.length ? (result.errors as string[]) : [String(result.reason ?? 'unknown error')];
      throw new SpecError(`the PyTorch problem in ${p.dir} is invalid`, errors);
    }
    // the harness reports the hash of its own files
    this.id = sha([String(result.harness ?? ''), plan, p.sources.reference].join('\n'));
  }

  async build(source: string, config: Config, tag: string): Promise<BuildResult> {
    const dir = path.join(this.workDir, 'cand', tag);
    await this.writeCandidate(dir, source, config);
    const start = performance.now();
    const { result, crash } = await this.call(['build', dir], 600_000);
    if (result?.ok === true) return { ok: true, binary: dir, ms: performance.now() - start };
    const reason = result ? String(result.reason ?? 'does not load') : crash;
    return { ok: false, reason, log: reason };
  }

  async check(dir: string): Promise<CheckResult> {
    const start = performance.now();
    const { result, crash } = await this.call(['check', dir], 600_000);
    if (result?.ok === true) return { ok: true, maxErrRatio: Number(result.maxErrRatio ?? 0), ms: performance.now() - start };
    if (result) return { ok: false, stage: String(result.stage ?? 'smoke'), reason: String(result.reason), shape: result.shape };
    return { ok: false, stage: 'smoke', reason: crash };
  }

  /** CPU: flush the last-level cache before each call when the data would fit in it, or its size is not declared (GPU: the harness flushes L2 itself). */
  private flushBytes(): number {
    const { bytes } = timingArgs(this.problem);
    return this.torchDevice === 'cpu' && bytes < 2 * this.llcBytes ? 2 * this.llcBytes : 0;
  }

  async time(dir: string, which: 0 | 1, iters: number, warmup = 3): Promise<TimeResult> {
    const { result, crash } = await this.call(['time', dir, String(which), String(warmup), String(iters), String(this.flushBytes())], 900_000);
    if (result?.ok === true && Array.isArray(result.ns)) return { ok: true, ns: result.ns as number[], threads: Number(result.threads), flushBytes: Number(result.flushBytes) };
    return { ok: false, reason: result ? String(result.reason) : crash };
  }

  /** The device's measured copy bandwidth (CUDA), for % of roofline on GPU. */
  async copyBandwidth(): Promise<{ bandwidthGBs: number; device: string; method: string } | undefined> {
    const { result } = await this.call(['peaks'], 300_000);
    return result?.ok === true ? { bandwidthGBs: Number(result.bandwidthGBs), device: String(result.device), method: String(result.method) } : undefined;
  }

  environment(): Record<string, string> {
    return {
      device: this.device,
      python: `${this.python} (${this.compiler})`,
      baseline: 'the reference Model in eager PyTorch (KernelBench)',
      threads: `${this.threads} (torch.set_num_threads; OMP_PROC_BIND=close, OMP_PLACES=cores)`,
      clock:
        this.torchDevice === 'cuda'
          ? 'CUDA events around each call with a device-wide synchronize before the end event (work on side streams counts), L2 flushed (2x L2 size written) before each timed call'
          : `time.perf_counter_ns around each call; ${this.flushBytes() > 0 ? `${this.flushBytes() >> 20} MiB written before each call (cold cache)` : 'data larger than 2x the last-level cache (no flush needed)'}`,
      inputs: 'fresh contents copied into the same input buffers before every timed call; the last timed result is verified',
    };
  }

  harnessId(): string {
    return this.id;
  }
}
