/**
 * Kernel optimizer: the skill's handlers. Intents: "optimize the softmax kernel in ~/kernels/softmax",
 * "which compilers do I have", "show my kernel optimization runs". Contributions (skill.json):
 * the `agentos kernel-opt` command (kernelopt.command) and the portal's runs view (kernelopt.view).
 * The work is done by run.ts through the context's capabilities only; progress goes to ctx.progress.
 */
import os from 'node:os';
import path from 'node:path';
import { defineSkill, type SkillContext } from '../../kernel/contracts/index.js';
import { capsFrom } from './caps.js';
import { pythonSetting, runCommand, runsDir } from './cli/command.js';
import { fmtMs } from './evaluation/stats.js';
import { listRuns, readRuns } from './report/runs.js';
import { summaryLines } from './report/summary.js';
import { runsText, runsView } from './report/view.js';
import { runOptimization } from './run.js';
import type { StrategyName } from './search/strategy.js';
import { defaultBackend, SpecError, type BackendName } from './spec/index.js';
import { isSingleFileProblem } from './spec/load.js';
import { doctorReport } from './toolchains/doctor.js';

async function optimize(slots: Record<string, unknown>, ctx: SkillContext) {
  const raw = String(slots.dir ?? '').trim();
  if (!raw) return { text: 'Which problem folder should I optimize? It needs a problem.json, or a KernelBench-style model.py (see the kernel-optimizer README).' };
  const dir = path.resolve(raw.replace(/^~(?=$|\/)/, os.homedir()));
  const caps = capsFrom(ctx);
  if ('missing' in caps) return { text: caps.missing };
  const readable = async (f: string) => caps.fs.stat(path.join(dir, f)).then(() => undefined, (e: unknown) => (e as Error).message);
  if (isSingleFileProblem(dir)) {
    // a KernelBench single-file problem (19_ReLU.py) is named by its file
    const file = await readable('');
    if (file !== undefined) return { text: `I cannot read ${dir}: ${file}. Point me at a KernelBench problem file (Model, get_inputs, get_init_inputs) you have granted.` };
  } else {
    const [json, model] = [await readable('problem.json'), await readable('model.py')];
    if (json !== undefined && model !== undefined) return { text: `I cannot read ${path.join(dir, 'problem.json')}: ${json}. Point me at a folder with a problem.json or a model.py you have granted.` };
  }
  // the setting names the backend for C folders (cpu, cuda); a model.py folder runs on torch, or triton when set
  const chosen = String(ctx.settings.backend ?? 'cpu');
  const backend: BackendName = (await defaultBackend(caps.fs, dir)) === 'torch' ? (chosen === 'triton' ? 'triton' : 'torch') : chosen === 'cuda' ? 'cuda' : 'cpu';
  const budget = Number(ctx.settings.budget ?? 40) || 40;
  let fraction = 0;
  try {
    const record = await runOptimization({
      caps,
      problemDir: dir,
      backend,
      strategy: String(ctx.settings.strategy ?? 'model') as StrategyName,
      budget,
      runsDir: runsDir(ctx),
      store: ctx.store,
      python: pythonSetting(ctx),
      ...(ctx.llm ? { llm: ctx.llm } : {}),
      signal: ctx.signal,
      onStatus: (m) => ctx.progress(fraction, m),
      onEvaluation: (e, r) => ctx.progress((fraction = r.evaluations.length / r.budget), `#${e.n} ${e.status}${e.timing ? ` ${fmtMs(e.timing.medianNs)}` : ''} · best ${r.best ? `${r.best.speedup.toFixed(2)}x` : '—'}`),
    });
    const best = record.best;
    const entries = [
      { key: 'problem', value: `${record.problem} (${record.backend})` },
      { key: 'speedup', value: best ? `${best.speedup.toFixed(2)}× over the naive reference` : 'no correct candidate' },
      ...(best?.rooflinePct != null ? [{ key: 'roofline', value: `${best.rooflinePct.toFixed(1)} %` }] : []),
      ...(best ? [{ key: 'best params', value: JSON.stringify(best.config) }, { key: 'median', value: fmtMs(best.timing.medianNs) }] : []),
      { key: 'evaluations', value: `${record.evaluations.length} (${record.evaluations.filter((e) => e.status === 'rejected').length} rejected)` },
      { key: 'report', value: path.join(runsDir(ctx), record.id, 'report.md') },
    ];
    return {
      text: summaryLines(record, path.join(runsDir(ctx), record.id)).join('\n'),
      card: {
        type: 'plot' as const,
        title: `${record.problem}: best speedup per evaluation`,
        kind: 'line' as const,
        xLabel: 'evaluation',
        yLabel: 'speedup ×',
        series: [{ name: 'best so far', points: record.trajectory }],
      },
      data: { runId: record.id, kv: entries, best: best ?? null, compileOnly: record.compileOnly },
    };
  } catch (e) {
    if (e instanceof SpecError) return { text: `${e.message.split(':')[0]}:\n${e.issues.map((i) => `- ${i}`).join('\n')}` };
    return { text: `The optimization stopped: ${(e as Error).message}` };
  }
}

export default defineSkill({
  'kernelopt.optimize': optimize,
  'kernelopt.doctor': async (_slots, ctx) => {
    const caps = capsFrom(ctx);
    if ('missing' in caps) return { text: caps.missing };
    const d = await doctorReport(caps, { python: pythonSetting(ctx) });
    // one sentence; the card holds the report
    const ready = (['cpu', 'cuda', 'torch', 'triton'] as const).filter((b) => new RegExp(`^\\s+${b}\\s+ready`, 'm').test(d.text));
    return { text: `The kernel optimizer can run ${ready.length ? `the ${ready.join(', ')} backend${ready.length > 1 ? 's' : ''}` : 'no backend'} on this machine; the report lists its compilers, GPUs and Python.`, card: { type: 'code', title: 'Kernel optimizer toolchains', code: d.text }, data: d.data };
  },
  'kernelopt.runs': async (_slots, ctx) => {
    if (!ctx.fs) return { text: 'The kernel optimizer needs permission to read its data folder (fs.write: $DATA). Grant it in the skills panel.' };
    const runs = await listRuns(ctx.fs, runsDir(ctx));
    if (runs.length === 0) return { text: 'No kernel optimization runs yet. Try "optimize the kernel in ~/kernels/rmsnorm".' };
    return {
      text: runs.map((r) => `${r.problem} (${r.backend}) ${r.status} ${r.bestSpeedup ? `${r.bestSpeedup.toFixed(2)}×` : '—'} · ${r.id}`).join('\n'),
      card: { type: 'table', title: 'Kernel optimization runs', columns: ['problem', 'backend', 'status', 'evaluations', 'best speedup', 'started'], rows: runs.map((r) => [r.problem, r.backend, r.status, `${r.evaluations}/${r.budget}`, r.bestSpeedup ? Number(r.bestSpeedup.toFixed(2)) : null, r.startedAt]) },
      data: runs,
    };
  },
  /** `agentos kernel-opt …`: slots.argv are the words after the command name. */
  'kernelopt.command': async (slots, ctx) => runCommand(Array.isArray(slots.argv) ? slots.argv.map(String) : [], ctx),
  /** The portal's runs view; slots.selected (a run id) gets more detail. */
  'kernelopt.view': async (slots, ctx) => {
    const runs = ctx.fs ? await readRuns(ctx.fs, runsDir(ctx), 100) : [];
    return { text: runsText(runs), data: runsView(runs, runsDir(ctx), typeof slots.selected === 'string' ? slots.selected : undefined) };
  },
});
