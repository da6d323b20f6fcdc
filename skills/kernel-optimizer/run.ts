/**
 * One optimization run: load the problem, prepare the backend and its trusted harness, time the
 * naive reference, evaluate the starting kernel (if the folder has one) and the default config of
 * every candidate the generator instantiates for the problem (generate/), seed from the knowledge
 * base, then search — the params of the best few sources by strategy, and model rewrites from the
 * first evaluation on when a language model is available — until the budget of evaluations or
 * seconds is spent. State is saved after every evaluation, so a run resumes.
 */
import os from 'node:os';
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
import { generateCandidates, GENERATED_BACKENDS, loadForRun, type Generated } from './generate/index.js';
import { describeChange, lessonsAcross, lessonsFor, recordLesson } from './search/knowledge.js';
import { buildPrompt, proposeRewrite } from './search/rewrite.js';
import { SourcePool } from './search/sources.js';
import { configKey, type StrategyName } from './search/strategy.js';
import { forBackend, type BackendName, type Config, type Problem } from './spec/index.js';
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
  /** A model rewrite after the first evaluation, then after every this many other evaluations (default 3; 0: only rewrites after the first). */
  llmEvery?: number;
  /** Generate candidates from templates (generate/) beside the starting kernel (default true). */
  generate?: boolean;
  /** How many of the fastest sources have their params tuned (default 2). */
  tuneTop?: number;
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
  const loaded = await loadForRun(caps.fs, o.problemDir);
  let problem: Problem = forBackend(loaded.problem, o.backend);
  const template = problem.sources.templates[o.backend];
  const generate = o.generate !== false && GENERATED_BACKENDS.includes(o.backend);
  if (template === undefined && !generate) {
    const named = Object.keys(problem.templates).join(', ');
    throw new Error(`${problem.name} has no template for the ${o.backend} backend (it has: ${named || 'none'}${problem.language === 'python' ? '; a torch candidate is kernel.py, a triton one kernel_triton.py' : ''})${named ? `; run it with --backend ${Object.keys(problem.templates)[0]}` : ''}`);
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
  let generated: Generated[] = [];
  const genNotes: string[] = [];
  if (generate) {
    status(`generating candidates for ${problem.name}`);
    const g = await generateCandidates(caps, problem, o.backend, { ...(tools.python?.torch ? { python: tools.python.path } : {}), cores: tools.cpu.cores });
    generated = g.candidates;
    genNotes.push(...g.notes);
    // the kind keys the knowledge base: the detected computation, unless problem.json names one
    if (g.kind && !loaded.kindDeclared) problem = { ...problem, kind: g.kind };
    if (g.kind) genNotes.push(`detected kind: ${g.kind} (ops: ${g.analysis?.ops.slice(0, 12).join(', ')})`);
  }
  if (template === undefined && generated.length === 0) {
    await backendClose(backend);
    if (!resumed) await caps.fs.remove(runDir);
    throw new Error(`${problem.name} has no candidate for the ${o.backend} backend and none could be generated${genNotes.length ? ` (${genNotes.join('; ')})` : ''}: write ${problem.language === 'python' ? 'kernel.py (class ModelNew) beside model.py' : 'kernel.c and name it in problem.json\'s "templates"'}`);
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
  const seed = o.seed ?? Date.now() % 100_000;
  const pool = new SourcePool(resumed?.strategyState.name ?? strategyName, seed, o.tuneTop ?? 2);
  const saved = resumed?.strategyState.pool ?? {};
  const spaceOf: Record<string, string> = {};
  const sources: Record<string, string> = {};
  const sourceNotes: Record<string, string> = {};
  if (template !== undefined) {
    pool.add('start', problem, undefined, saved.start?.state ?? (resumed && !resumed.strategyState.pool ? resumed.strategyState : undefined));
    spaceOf.start = 'start';
    sources.start = template;
  }
  for (const g of generated) {
    const sid = `gen-${g.template}`;
    pool.add(sid, { ...problem, params: g.params, restrictions: g.restrictions }, g.template, saved[sid]?.state);
    spaceOf[sid] = sid;
    sources[sid] = g.source;
    sourceNotes[sid] = `generated (${g.template}): ${g.note}`;
  }
  // model rewrites of a resumed run use the params of the source they rewrote
  for (const [sid, e] of Object.entries(saved)) {
    if (pool.get(sid) || !resumed?.sources[sid] || !pool.get(e.spaceOf)) continue;
    pool.add(sid, pool.get(e.spaceOf)!.space, undefined, e.state);
    spaceOf[sid] = e.spaceOf;
  }
  const first = template !== undefined ? 'start' : `gen-${generated[0]!.template}`;
  const strategyState = () => ({ ...pool.get(first)!.strategy.state, pool: Object.fromEntries([...pool.sources].map(([sid, i]) => [sid, { state: i.strategy.state, spaceOf: spaceOf[sid] ?? sid, ...(i.template ? { template: i.template } : {}) }])) });
  const record: RunRecord = resumed ?? {
    id,
    problem: problem.name,
    problemDir: problem.dir,
    kind: problem.kind,
    backend: o.backend,
    strategy: strategyName,
    status: 'running',
    // who runs it: a run left "running" by a process that no longer exists was killed (see report/runs.ts)
    owner: { pid: process.pid, host: os.hostname() },
    startedAt: new Date().toISOString(),
    budget: o.budget,
    spaceSize: [...pool.sources.values()].reduce((n, i) => n + i.strategy.size, 0),
    timingShape: t.shape,
    work: { flops: t.flops, bytes: t.bytes },
    environment: backend.environment(),
    ...(peaks ? { peaks } : {}),
    compileOnly: backend.compileOnly ? (backend.compileOnlyReason ?? 'compile-only') : null,
    sources,
    ...(Object.keys(sourceNotes).length ? { sourceNotes } : {}),
    evaluations: [],
    trajectory: [],
    notes: [...genNotes],
    strategyState: strategyState(),
  };
  if (resumed) {
    record.status = 'running';
    record.owner = { pid: process.pid, host: os.hostname() };
    record.budget = Math.max(record.budget, o.budget);
    for (const e of record.evaluations) pool.get(e.sourceId)?.strategy.markSeen(e.config);
    if (record.baseline) ev.baseline = record.baseline;
    const best = record.best;
    if (best) ev.incumbent = { sourceId: best.sourceId, config: best.config, medianNs: best.timing.medianNs };
  }
  const started = performance.now();
  const update = () => {
    record.strategyState = strategyState();
    if (ev.peaks) record.peaks = ev.peaks;
  };
  const outOfBudget = () => record.evaluations.length >= record.budget || (o.seconds !== undefined && (performance.now() - started) / 1000 >= o.seconds) || o.signal?.aborted === true;
  const seenKeys = new Set(record.evaluations.map((e) => `${e.sourceId}|${configKey(e.config)}`));
  let sinceLlm = 0;
  let llmFailures = 0;
  let llmAsked = record.evaluations.some((e) => e.origin === 'llm');
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
      if (origin !== 'llm') sinceLlm++;
      if (origin !== 'llm') pool.get(sourceId)?.strategy.report(c, e.status === 'ok' && e.timing ? Math.log2(e.timing.medianNs) : e.status === 'slower' ? Math.log2(e.timing!.medianNs) : Infinity);
      if (e.accepted && e.timing) {
        record.best = { sourceId, config: c, timing: e.timing, speedup: e.speedup ?? 1, rooflinePct: e.rooflinePct ?? null, evaluation: e.n, ...(e.suspect ? { suspect: true } : {}) };
      }
      record.trajectory.push([e.n + 1, record.best?.speedup ?? 0]);
      update();
      await writeRunRecord(caps.fs, record, runDir);
      o.onEvaluation?.(e, record);
    }
  };

  const llmDue = () => o.llm !== undefined && llmFailures < 5 && record.evaluations.length > 0 && (!llmAsked || sinceLlm >= (o.llmEvery ?? 3));
  /** One model rewrite of the best source (or, before anything passed, of the first one judged). */
  const askLlm = async (llm: LlmCapability) => {
    llmAsked = true;
    sinceLlm = 0;
    status('asking the language model for a rewrite');
    const best = record.best;
    const baseId = best?.sourceId ?? pool.ranked(record.evaluations)[0] ?? record.evaluations[0]!.sourceId;
    const config = best?.config ?? record.evaluations.find((e) => e.sourceId === baseId)!.config;
    const summary = best
      ? `${fmtMs(best.timing.medianNs)} median, ${best.speedup.toFixed(2)}x the naive reference${best.rooflinePct != null ? `, ${best.rooflinePct.toFixed(0)} % of roofline` : ''}`
      : 'no candidate has passed the harness yet (see the rejections below)';
    const lessons = await lessonsAcross(o.store, problem.kind, o.backend, backend.device);
    const proposal = await proposeRewrite(llm, buildPrompt(problem, o.backend, { source: record.sources[baseId]!, config, summary, params: pool.get(baseId)?.space.params }, record.evaluations, lessons));
    if ('error' in proposal) {
      llmFailures++;
      record.notes.push(`model rewrite failed: ${proposal.error}`);
      return;
    }
    const sid = `llm${Object.keys(record.sources).length}`;
    record.sources[sid] = proposal.source;
    record.sourceNotes = { ...record.sourceNotes, [sid]: proposal.note };
    const base = pool.get(baseId);
    if (base) {
      pool.add(sid, base.space).strategy.markSeen(config);
      spaceOf[sid] = spaceOf[baseId] ?? baseId;
    }
    await judge('llm', sid, [config]);
    if (!record.evaluations.at(-1)?.accepted) llmFailures++;
  };

  try {
    // the starting kernel and every generated candidate at its default params (those a resumed run has not judged yet)
    const initial = [...pool.sources.keys()].filter((sid) => !record.evaluations.some((e) => e.sourceId === sid));
    for (const sid of initial) {
      if (outOfBudget()) break;
      status(sid === 'start' ? 'evaluating the starting kernel' : `evaluating the generated candidate ${sid}`);
      await judge('start', sid, [pool.defaultConfig(sid)]);
      while (o.llm && llmDue() && !outOfBudget()) await askLlm(o.llm);
    }
    if (!resumed) {
      if (o.knowledge !== false) {
        const lessons = await lessonsFor(o.store, problem.kind, o.backend, backend.device);
        let seeded = 0;
        for (const l of lessons) {
          const sid = l.template ? `gen-${l.template}` : 'start';
          const info = pool.get(sid);
          if (!info) continue;
          const def = pool.defaultConfig(sid);
          const c = Object.fromEntries(Object.keys(info.space.params).map((k) => [k, l.config[k] ?? def[k]!]));
          if (!info.strategy.isValid(c)) continue;
          seeded++;
          await judge('knowledge', sid, [c]);
        }
        if (seeded) record.notes.push(`seeded from the knowledge base: ${lessons.length} earlier run(s) of kind "${problem.kind}"`);
      }
    }
    while (!outOfBudget()) {
      if (o.llm && llmDue()) {
        await askLlm(o.llm);
        continue;
      }
      const next = pool.nextBatch(record.evaluations, Math.max(1, Math.min(tools.cpu.cores, 4)), record.best?.sourceId);
      if (!next) {
        record.notes.push(`every config of every source was evaluated (${[...pool.sources.values()].reduce((n, i) => n + i.strategy.size, 0)} configs over ${pool.sources.size} source(s))`);
        break;
      }
      await judge('param', next.id, next.configs);
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
        record.best.speedupCI = confirmed.ci;
        if (confirmed.separate?.ci) record.best.speedupSeparateCI = confirmed.separate.ci;
        record.best.noise = confirmed.noise;
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
    await backendClose(backend);
    record.finishedAt = new Date().toISOString();
    if (o.signal?.aborted) {
      record.status = 'stopped';
      record.notes.push('stopped by the user; resume with --resume ' + id);
    }
    update();
    await writeReports(caps.fs, record, runDir);
  }
  if (record.best && record.best.speedup > 1) {
    const bestId = record.best.sourceId;
    const start = pool.get(bestId) ? pool.defaultConfig(bestId) : record.evaluations[0]!.config;
    const tpl = pool.get(bestId)?.template;
    await recordLesson(o.store, {
      kind: problem.kind,
      backend: o.backend,
      device: backend.device,
      problem: problem.name,
      config: record.best.config,
      speedup: record.best.speedup,
      change: (tpl ? `generated ${tpl}: ` : '') + describeChange(start, record.best.config, bestId.startsWith('llm')),
      ...(bestId.startsWith('llm') ? { source: record.sources[bestId] } : {}),
      ...(tpl ? { template: tpl } : {}),
      runId: id,
    });
  }
  return record;
}

/** Ends the backend's long-lived worker, if it has one. */
async function backendClose(backend: Backend): Promise<void> {
  try {
    await backend.close?.();
  } catch {
    /* the worker is gone already */
  }
}
