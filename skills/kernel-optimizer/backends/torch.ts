/**
 * The torch and triton backends: KernelBench-style problems (model.py with Model, get_inputs,
 * get_init_inputs) and Python candidates (a ModelNew class: PyTorch, or Triton kernels). The
 * trusted harness is harness/torch/harness_torch.py, run where it is and driven by a plan written
 * here from the problem: the five correctness stages, the anti-cheat checks and the timing
 * method. One long-lived harness worker per run (torch-worker.ts) forks a fresh child per command,
 * and a judge process that never ran the candidate compares its outputs. The speed baseline is the
 * reference Model in eager PyTorch, as in KernelBench.
 */
import path from 'node:path';
import type { Caps } from '../caps.js';
import { sha } from '../evaluation/cache.js';
import { planCases } from '../harness/plan.js';
import { HARNESS_TORCH } from '../harness/sources.js';
import { SpecError, timingShape, type Config, type Problem } from '../spec/index.js';
import type { Toolchains } from '../toolchains/toolchains.js';
import type { Backend, BuildResult, CheckResult, TimeResult } from './backend.js';
import { HarnessWorker, type HarnessResult } from './torch-worker.js';

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

/** What the harness found out about the reference (validate): shapes derived from model.py's sizes, and whether it is pointwise. */
export interface ReferenceFacts {
  derived?: { shapeVars: string[]; shapes: Record<string, number>[] };
  pointwise?: boolean;
}

/**
 * The cases: the five stages of planCases, plus random signs in the stability stage (inputs beyond
 * get_inputs' own distribution, which may be all >= 0), special values (+-0, +-inf, nan) for a
 * pointwise model, and a shape sweep over the derived shapes when problem.json lists none (smoke and
 * stability then run on the smallest derived shape, which is smaller than the file's own).
 */
export function torchCases(p: Problem, facts: ReferenceFacts = {}): TorchPlan['cases'] {
  const cases = planCases(p);
  const derived = facts.derived?.shapes ?? [];
  const stabilityShape = derived.length ? derived[derived.length - 1]! : cases.find((c) => c.stage === 'stability')!.shape;
  const extra = (scale: number) => ({ stage: 'stability' as const, shape: stabilityShape, scale, scaleValue: 1, relax: 10, repeat: false });
  const smaller = (c: (typeof cases)[number]) => (c.stage === 'smoke' || c.stage === 'stability' ? stabilityShape : c.stage === 'determinism' ? derived[0]! : c.shape);
  const out = cases.map((c) => (derived.length ? { ...c, shape: smaller(c) } : c));
  const firstStability = out.findIndex((c) => c.stage === 'stability');
  out.splice(firstStability, 0, ...derived.map((shape) => ({ stage: 'shape-sweep' as const, shape, scale: 0, scaleValue: 1, relax: 1, repeat: false })));
  const lastStability = out.map((c) => c.stage).lastIndexOf('stability');
  out.splice(lastStability + 1, 0, extra(5), ...(facts.pointwise ? [extra(6)] : []));
  return out;
}

export function torchPlan(p: Problem, device: 'cpu' | 'cuda', threads: number, modelPath: string, facts: ReferenceFacts = {}): TorchPlan {
  const py = p.python;
  if (!py) throw new Error(`${p.name} is not a KernelBench-style problem (model.py)`);
  return {
    model: modelPath,
    device,
    threads,
    className: py.className,
    shapeVars: facts.derived?.shapes.length ? facts.derived.shapeVars : py.shapeVars,
    cases: torchCases(p, facts),
    timingShape: timingShape(p),
    tolerance: { ...py.tolerance, default: py.tolerance.float32! },
    deterministic: p.deterministic,
  };
}

export class TorchBackend implements Backend {
  readonly name: 'torch' | 'triton';
  readonly device: string;
  readonly compiler: string;
  readonly compileOnly = false;
  private readonly python: string;
  private readonly torchDevice: 'cpu' | 'cuda';
  private readonly threads: number;
  private readonly worker: HarnessWorker;
  private id = '';
  private flushNote = '';

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
    // threads pinned one per core, as for the C harness: unpinned, torch's two OpenMP threads sometimes share a core for a whole process (4x slower);
    // no bytecode written: the harness runs from the skill's folder, which may be read-only
    const env = { OMP_NUM_THREADS: String(this.threads), OMP_PROC_BIND: 'close', OMP_PLACES: 'cores', PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' };
    this.worker = new HarnessWorker(caps.exec, py.path, [HARNESS_TORCH, this.planFile], { cwd: workDir, env });
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

  /** One harness command, answered by the run's worker. */
  private call(args: string[], timeoutMs: number): Promise<{ result?: HarnessResult; crash: string }> {
    return this.worker.request(args[0]!, args.slice(1), timeoutMs);
  }

  private async writeCandidate(dir: string, source: string, config: Config) {
    await this.caps.fs.writeFile(path.join(dir, 'kernel.py'), source);
    await this.caps.fs.writeFile(path.join(dir, 'params.json'), JSON.stringify(config));
  }

  async prepare(): Promise<void> {
    const p = this.problem;
    await this.caps.fs.writeFile(path.join(this.workDir, 'model.py'), p.sources.reference);
    // the model path is relative to the plan, so the plan (part of the result-cache key) is the same in every run
    await this.caps.fs.writeFile(this.planFile, JSON.stringify(torchPlan(p, this.torchDevice, this.threads, 'model.py'), null, 2));
    const ready = await this.worker.ready();
    if (ready.ready !== true) throw new Error(`the torch harness cannot start: ${String(ready.reason ?? 'no answer')}`);
    // without shapes in problem.json, the sweep is derived from model.py's module-level sizes
    const derive = p.python!.shapeVars.length === 0;
    const { result, crash } = await this.call(['validate', ...(derive ? ['derive'] : [])], 600_000);
    if (!result) throw new Error(`the reference model of ${p.name} cannot be run: ${crash}`);
    if (result.ok !== true) {
      const errors = Array.isArray(result.errors) && result.errors.length ? (result.errors as string[]) : [String(result.reason ?? 'unknown error')];
      throw new SpecError(`the PyTorch problem in ${p.dir} is invalid`, errors);
    }
    const facts = result as ReferenceFacts;
    const plan = JSON.stringify(torchPlan(p, this.torchDevice, this.threads, 'model.py', { ...(derive && facts.derived ? { derived: facts.derived } : {}), pointwise: facts.pointwise === true }), null, 2);
    await this.caps.fs.writeFile(this.planFile, plan);
    const template = p.sources.templates[this.name];
    if (template !== undefined) {
      const startDir = path.join(this.workDir, 'start');
      await this.writeCandidate(startDir, template, Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, v.default ?? ('values' in v ? v.values[0]! : v.range[0])])));
      const built = await this.call(['build', startDir], 600_000);
      if (built.result?.ok !== true) throw new SpecError(`the PyTorch problem in ${p.dir} is invalid`, [`template: the starting candidate does not load: ${String(built.result?.reason ?? built.crash)}`]);
    }
    // the worker reports the hash of the harness's own files
    this.id = sha([String(ready.harness ?? ''), plan, p.sources.reference].join('\n'));
  }

  /** Ends the run's harness worker. */
  close(): Promise<void> {
    return this.worker.close();
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

  async time(dir: string, which: 0 | 1, iters: number, warmup = 3): Promise<TimeResult> {
    const { result, crash } = await this.call(['time', dir, String(which), String(warmup), String(iters)], 900_000);
    if (result?.ok === true && Array.isArray(result.ns)) {
      const flushBytes = Number(result.flushBytes);
      this.flushNote = flushBytes > 0 ? `${flushBytes >> 20} MiB written before each timed call (the data fits in the cache)` : 'no flush (the data is larger than the last-level cache)';
      const verified = Array.isArray(result.verified) ? { verified: result.verified.length } : {};
      return { ok: true, ns: result.ns as number[], threads: Number(result.threads), flushBytes, flush: this.flushNote, ...verified };
    }
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
          : `time.perf_counter_ns around each call; ${this.flushNote || 'a buffer of twice the last-level cache written before each call when the data fits in that cache'}`,
      inputs: 'fresh inputs from get_inputs under a new seed before every timed call (outside the clock); three timed results, picked after the calls, verified against the reference by a judge process the candidate never ran in',
    };
  }

  harnessId(): string {
    return this.id;
  }
}
