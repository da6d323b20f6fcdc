/**
 * One optimization run: load the problem, prepare the backend and its trusted harness, time the
 * naive reference, evaluate the starting kernel, seed from the knowledge base, then search
 * (params by strategy, and model rewrites when a language model is available) until the budget
 * of evaluations or seconds is spent. State is saved after every evaluation, so a run resumes.
 */
import path from 'node:path';
import type { LlmCapability, SkillStore } from '../../kernel/contracts/index.js';
import { createBackend, TorchBackend, type Backend } from './backends/index.js';
import type { Caps } from './caps.js';
import { ResultCache } from './evaluation/cache.js';
import { Evaluator, type Evaluation } from './evaluation/evaluate.js';
import { measurePeaks, rooflinePercent, type Peaks } from './evaluation/roofline.js';
import { fmtMs } from './evaluation/stats.js';
import { timingArgs } from './harness/plan.js';
import { writeReports, writeRunRecord, type RunRecord } from './report/record.js';
import { readRun } from './report/runs.js';
import { describeChange, lessonsFor, recordLesson } from './search/knowledge.js';
import { buildPrompt, proposeRewrite } from './search/rewrite.js';
import { configKey, Strategy, type StrategyName } from './search/strategy.js';
import { defaultConfig, forBackend, loadProblem, type BackendName, type Config } from './spec/index.js';
import { detectToolchains, pickCompiler } from './toolchains/toolchains.js';

export interface RunOptions {
  /** Files and programs: the problem folder is read, run folders written, compilers and harnesses run through these. */
  caps: Caps;
  problemDir: string;
  backend: BackendName;
  /** Evaluations (candidates judged, cached ones included). */
  budget: number;
  /** Optional wall-clock budget. */
  seconds?: number;
  strategy?: StrategyName;
  compiler?: string;
  threads?: number;
  cudaArch?: string;
  /** The Python for the torch and triton backends (the `python` setting); default python3 on PATH, then /usr/bin/python3. */
  python?: string | null;
  /** Where run folders go (runs/<id>). */
  runsDir: string;
  /** Where the measured machine peaks are kept (default: beside runsDir). */
  peaksDir?: string;
  store: SkillStore;
  llm?: LlmCapability;
  /** One model rewrite after this many param evaluations. */
  llmEvery?: number;
  resume?: string;
  seed?: number;
  cache?: boolean;
  /** Skip the knowledge-base seeds (for measuring the tuner alone). */
  knowledge?: boolean;
  signal?: AbortSignal;
  onEvaluation?(e: Evaluation, record: RunRecord): void;
  onStatus?(message: string): void;
}

function newId(problem: string): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')}-${problem.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function runOptimization(o: RunOptions): Promise<RunRecord> {
  const { caps } = o;
  const problem = forBackend(await loadProblem(caps.fs, o.problemDir), o.backend);
  const template = problem.sources.templates[o.backend];
  if (template === undefined) {
    const named = Object.keys(problem.templates).join(', ');
    throw new Error(`${problem.name} has no template for the ${o.backend} backend (it has: ${named}${problem.language === 'python' ? '; a torch candidate is kernel.py, a triton one kernel_triton.py' : ''}); run it with --backend ${Object.keys(problem.templates)[0]}`);
  }
  const tools = await detectToolchains(caps, { python: o.python ?? null });
  const id = o.resume ?? newId(problem.name);
  const runDir = path.join(o.runsDir, id);
  const resumed = o.resume ? await readRun(caps.fs, o.runsDir, o.resume) : undefined;
  if (o.resume && !resumed) throw new Error(`no run "${o.resume}" in ${o.runsDir}`);
  const status = (m: string) => o.onStatus?.(m);
  status(`preparing the ${o.backend} harness for ${problem.name}`);
  const backend: Backend = await createBackend(caps, o.backend, problem, path.join(runDir, 'work'), tools, { compiler: o.compiler, threads: o.threads, cudaArch: o.cudaArch });
  try {
    await backend.prepare();
  } catch (e) {
    // a new run whose harness or reference cannot be prepared leaves no half-made run folder behind
    if (!resumed) await caps.fs.remove(runDir);
    throw e;
  }
  const t = timingArgs(problem);
  let peaks: Peaks | undefined;
  let refreshPeaks: (() => Promise<Peaks>) | undefined;
  if (t.flops > 0 || t.bytes > 0) {
    if (backend instanceof TorchBackend && backend.onGpu) {
      status('measuring the GPU copy bandwidth');
      const bw = await backend.copyBandwidth();
      if (bw) peaks = { ...bw, gflops: 0, measuredAt: new Date().toISOString() };
    } else if ((o.backend === 'cpu' || backend instanceof TorchBackend) && tools.cc.length > 0) {
      status('measuring the machine roofline (once per machine)');
      const measure = (force: boolean) => measurePeaks(caps, o.peaksDir ?? path.join(o.runsDir, '..'), tools, pickCompiler(tools, o.compiler), force);
      peaks = await measure(false);
      refreshPeaks = () => {
        status('a result beat the measured roofline: measuring the machine again');
        return measure(true);
      };
    }
  }
  const cache = new ResultCache(o.store, o.cache !== false);
  const ev = new Evaluator(backend, cache, backend.harnessId(), JSON.stringify(t.shape), { flops: t.flops, bytes: t.bytes }, peaks, refreshPeaks);
  const strategyName = o.strategy ?? 'model';
  const strategy = new Strategy(problem, resumed?.strategyState.name ?? strategyName, o.seed ?? Date.now() % 100_000, resumed?.strategyState);
  const record: RunRecord = resumed ?? {
    id,
    problem: problem.name,
    problemDir: problem.dir,
    kind: problem.kind,
    backend: o.backend,
    strategy: strategyName,
    status: 'running',
    startedAt: new Date().toISOString(),
    budget: o.budget,
    spaceSize: strategy.size,
    timingShape: t.shape,
    work: { flops: t.flops, bytes: t.bytes },
    environment: backend.environment(),
    ...(peaks ? { peaks } : {}),
    compileOnly: backend.compileOnly ? (backend.compileOnlyReason ?? 'compile-only') : null,
    sources: { start: template },
    evaluations: [],
    trajectory: [],
    notes: [],
    strategyState: strategy.state,
  };
  if (resumed) {
    record.status = 'running';
    record.budget = Math.max(record.budget, o.budget);
    for (const e of record.evaluations) strategy.markSeen(e.config);
    if (record.baseline) ev.baseline = record.baseline;
    const best = record.best;
    if (best) ev.incumbent = { sourceId: best.sourceId, config: best.config, medianNs: best.timing.medianNs };
  }
  const started = performance.now();
  const update = () => {
    record.strategyState = strategy.state;
    if (ev.peaks) record.peaks = ev.peaks;
  };
  const outOfBudget = () => record.evaluations.length >= record.budget || (o.seconds !== undefined && (performance.now() - started) / 1000 >= o.seconds) || o.signal?.aborted === true;
  const seenKeys = new Set(record.evaluations.map((e) => `${e.sourceId}|${configKey(e.config)}`));
  const judge = async (origin: Evaluation['origin'], sourceId: string, configs: Config[]) => {
    const fresh = configs.filter((c) => !seenKeys.has(`${sourceId}|${configKey(c)}`)).slice(0, record.budget - record.evaluations.length);
    // parallel compilation: the batch is built concurrently; checks and timing stay serial
    await ev.prebuild(fresh.map((c, i) => ({ n: record.evaluations.length + i, source: record.sources[sourceId]!, config: c })));
    for (const c of fresh) {
      if (outOfBudget()) break;
      seenKeys.add(`${sourceId}|${configKey(c)}`);
      const e = await ev.evaluate(record.evaluations.length, origin, sourceId, record.sources[sourceId]!, c);
      if (ev.baseline && !record.baseline) record.baseline = ev.baseline;
      record.evaluations.push(e);
      if (sourceId === 'start' || origin !== 'llm') strategy.report(c, e.status === 'ok' && e.timing ? Math.log2(e.timing.medianNs) : e.status === 'slower' ? Math.log2(e.timing!.medianNs) : Infinity);
      if (e.accepted && e.timing) {
        record.best = { sourceId, config: c, timing: e.timing, speedup: e.speedup ?? 1, rooflinePct: e.rooflinePct ?? null, evaluation: e.n, ...(e.suspect ? { suspect: true } : {}) };
      }
      record.trajectory.push([e.n + 1, record.best?.speedup ?? 0]);
      update();
      await writeRunRecord(caps.fs, record, runDir);
      o.onEvaluation?.(e, record);
    }
  };

  try {
    if (!resumed) {
      status('evaluating the starting kernel');
      await judge('start', 'start', [defaultConfig(problem)]);
      if (o.knowledge !== false) {
        const lessons = await lessonsFor(o.store, problem.kind, o.backend, backend.device);
        const seeds = lessons.map((l) => Object.fromEntries(Object.keys(problem.params).map((k) => [k, l.config[k] ?? defaultConfig(problem)[k]!]))).filter((c) => strategy.isValid(c));
        if (seeds.length) record.notes.push(`seeded from the knowledge base: ${lessons.length} earlier run(s) of kind "${problem.kind}"`);
        await judge('knowledge', 'start', seeds);
      }
    }
    let sinceLlm = 0;
    let llmFailures = 0;
    while (!outOfBudget()) {
      if (o.llm && record.best && sinceLlm >= (o.llmEvery ?? 3) && llmFailures < 5) {
        sinceLlm = 0;
        status('asking the language model for a rewrite');
        const best = record.best;
        const summary = `${fmtMs(best.timing.medianNs)} median, ${best.speedup.toFixed(2)}x the naive reference${best.rooflinePct != null ? `, ${best.rooflinePct.toFixed(0)} % of roofline` : ''}`;
        const lessons = await lessonsFor(o.store, problem.kind, o.backend, backend.device);
        const proposal = await proposeRewrite(o.llm, buildPrompt(problem, o.backend, { source: record.sources[best.sourceId]!, config: best.config, summary }, record.evaluations, lessons));
        if ('error' in proposal) {
          llmFailures++;
          record.notes.push(`model rewrite failed: ${proposal.error}`);
          continue;
        }
        const sid = `llm${Object.keys(record.sources).length}`;
        record.sources[sid] = proposal.source;
        record.sourceNotes = { ...record.sourceNotes, [sid]: proposal.note };
        await judge('llm', sid, [best.config]);
        const last = record.evaluations.at(-1);
        if (!last?.accepted) llmFailures++;
        continue;
      }
      const sid = record.best?.sourceId ?? 'start';
      const batch = strategy.next(Math.max(1, Math.min(tools.cpu.cores, 4)));
      if (batch.length === 0) {
        record.notes.push(`the whole space of ${strategy.size} configs was evaluated`);
        break;
      }
      await judge('param', sid, batch);
      sinceLlm += batch.length;
    }
    if (record.best && ev.peaks) {
      // the peaks are the best measured during the run: state the best's % of roofline against those
      const pct = rooflinePercent(ev.peaks, t.flops, t.bytes, record.best.timing.medianNs / 1e9);
      record.best.rooflinePct = pct;
      if (record.best.suspect && pct <= 100) delete record.best.suspect;
    }
    if (record.best) {
      status('confirming the speedup: naive reference and best kernel timed in paired rounds');
      const confirmed = await ev.interleavedSpeedup();
      if (confirmed) {
        record.best.speedupSeparate = record.best.speedup;
        record.best.speedup = confirmed.speedup;
        record.best.pairedRatios = confirmed.ratios;
        const last = record.trajectory.at(-1);
        if (last) last[1] = confirmed.speedup;
        record.notes.push(`final speedup from ${confirmed.ratios.length} paired rounds (reference, best): ${confirmed.ratios.map((x) => x.toFixed(2)).join(', ')}; separately measured: ${record.best.speedupSeparate.toFixed(2)}x`);
      }
    }
    record.status = record.best ? 'done' : backend.compileOnly ? 'done' : 'failed';
  } catch (e) {
    record.status = 'failed';
    record.notes.push(`stopped: ${(e as Error).message}`);
    throw e;
  } finally {
    record.finishedAt = new Date().toISOString();
    if (o.signal?.aborted) record.notes.push('stopped by the user; resume with --resume ' + id);
    update();
    await writeReports(caps.fs, record, runDir);
  }
  if (record.best && record.best.speedup > 1) {
    const start = record.evaluations[0]!.config;
    await recordLesson(o.store, {
      kind: problem.kind,
      backend: o.backend,
      device: backend.device,
      problem: problem.name,
      config: record.best.config,
      speedup: record.best.speedup,
      change: describeChange(start, record.best.config, record.best.sourceId !== 'start'),
      ...(record.best.sourceId !== 'start' ? { source: record.sources[record.best.sourceId] } : {}),
      runId: id,
    });
  }
  return record;
}
