/**
 * The run record (run.json) and the human report (report.md) written to the run folder:
 * trajectory, best diff against the starting kernel, % of roofline, every rejected candidate
 * with its reason, and the environment the numbers were measured in.
 */
import path from 'node:path';
import type { Fs } from '../caps.js';
import type { Evaluation } from '../evaluation/evaluate.js';
import type { Peaks } from '../evaluation/roofline.js';
import { fmtMs, fmtRatioCI, medianCI, noiseVerdict, separateRatioCI, type MedianCI, type Timing } from '../evaluation/stats.js';
import type { StrategyState } from '../search/strategy.js';
import type { Config, Shape } from '../spec/index.js';
import { unifiedDiff } from './diff.js';

export interface RunRecord {
  id: string;
  problem: string;
  problemDir: string;
  kind: string;
  backend: string;
  strategy: string;
  /** `stopped`: stopped by the user, or the process running it ended without finishing (killed). */
  status: 'running' | 'done' | 'failed' | 'stopped';
  /** The process running it (pid and host name), to tell a live run from one whose process was killed. */
  owner?: { pid: number; host: string };
  startedAt: string;
  finishedAt?: string;
  budget: number;
  spaceSize: number;
  timingShape: Shape;
  work: { flops: number; bytes: number };
  environment: Record<string, string>;
  peaks?: Peaks;
  compileOnly: string | null;
  baseline?: Timing;
  best?: {
    sourceId: string;
    config: Config;
    timing: Timing;
    speedup: number;
    rooflinePct: number | null;
    evaluation: number;
    suspect?: boolean;
    speedupSeparate?: number;
    pairedRatios?: number[];
    /** Intervals of the paired (headline) and separate speedups; computed from pairedRatios and the timings when absent. */
    speedupCI?: MedianCI;
    speedupSeparateCI?: MedianCI;
    noise?: 'faster' | 'slower' | 'within noise';
  };
  sources: Record<string, string>;
  sourceNotes?: Record<string, string>;
  evaluations: Evaluation[];
  trajectory: [number, number][];
  notes: string[];
  strategyState: StrategyState;
}

/**
 * The headline figures of a run: the paired speedup (median of the paired rounds, with its
 * interval; the headline) and the speedup from the separately measured medians (with its
 * conservative interval), side by side, and whether the headline is within noise (its interval holds 1).
 */
export function speedupFigures(r: RunRecord): { paired?: { speedup: number; ci: MedianCI }; separate?: { speedup: number; ci?: MedianCI }; noise?: 'faster' | 'slower' | 'within noise' } {
  const b = r.best;
  if (!b) return {};
  const paired = b.pairedRatios?.length ? { speedup: b.speedup, ci: b.speedupCI ?? medianCI(b.pairedRatios, 0.9) } : undefined;
  const sepValue = b.pairedRatios?.length ? (b.speedupSeparate ?? (r.baseline ? r.baseline.medianNs / b.timing.medianNs : undefined)) : b.speedup;
  const sepCi = b.speedupSeparateCI ?? (r.baseline ? separateRatioCI(r.baseline, b.timing) : undefined);
  const separate = sepValue !== undefined ? { speedup: sepValue, ...(sepCi ? { ci: sepCi } : {}) } : undefined;
  const ci = paired?.ci ?? separate?.ci;
  return { ...(paired ? { paired } : {}), ...(separate ? { separate } : {}), ...(ci ? { noise: b.noise ?? noiseVerdict(ci) } : {}) };
}

/** "2.31× (90.6 % CI 2.2–2.4×, n = 5)" or, when the interval holds 1, that it is within noise. */
export function headlineText(r: RunRecord): string {
  const f = speedupFigures(r);
  const main = f.paired ?? f.separate;
  if (!main) return '';
  const text = fmtRatioCI(main.speedup, main.ci);
  return f.noise === 'within noise' ? `${text}, within noise (the interval holds 1)` : text;
}

const isPython = (r: RunRecord) => r.backend === 'torch' || r.backend === 'triton';

/** The best kernel as a file: the source with the winning params on top (#defines in C, module globals in Python). */
export function bestSource(r: RunRecord): string | undefined {
  if (!r.best) return undefined;
  const head = `best kernel of run ${r.id}: ${r.best.speedup.toFixed(2)}x the naive reference`;
  const src = r.sources[r.best.sourceId] ?? '';
  if (isPython(r)) return `# ${head}\n${Object.entries(r.best.config).map(([k, v]) => `${k} = ${v}`).join('\n')}\n${src}`;
  const defs = Object.entries(r.best.config).map(([k, v]) => `#define ${k} ${v}`);
  return `/* ${head} */\n${defs.join('\n')}\n${src}`;
}

export function bestDiff(r: RunRecord): string {
  if (!r.best) return '';
  const start = r.evaluations[0]?.config ?? {};
  const params = Object.keys(r.best.config)
    .filter((k) => start[k] !== r.best!.config[k])
    .map((k) => `  ${k}: ${start[k]} -> ${r.best!.config[k]}`);
  const src = r.best.sourceId === 'start' ? '(source unchanged; only params differ)' : r.sources.start === undefined ? `(no starting kernel: ${r.best.sourceId} is ${r.sourceNotes?.[r.best.sourceId] ?? 'generated'})` : unifiedDiff(r.sources.start, r.sources[r.best.sourceId] ?? '', ['start/kernel', `${r.best.sourceId}/kernel`]);
  return `params:\n${params.join('\n') || '  (unchanged)'}\n${src}`;
}

const gflops = (r: RunRecord, ns: number) => (r.work.flops / ns).toFixed(2);
const gbs = (r: RunRecord, ns: number) => (r.work.bytes / ns).toFixed(2);

function sparkline(points: [number, number][]): string {
  const ys = points.map((p) => p[1]);
  const max = Math.max(...ys, 1e-9);
  const bars = '▁▂▃▄▅▆▇█';
  return ys.map((y) => bars[Math.min(7, Math.round((y / max) * 7))]).join('');
}

export function markdownReport(r: RunRecord): string {
  const lines: string[] = [`# Kernel optimization: ${r.problem} (${r.backend})`, ''];
  lines.push(`Run \`${r.id}\` · ${r.status} · strategy ${r.strategy} · ${r.evaluations.length}/${r.budget} evaluations · space of ${r.spaceSize} configs · started ${r.startedAt}`, '');
  if (r.compileOnly) lines.push(`> **Compile-only:** ${r.compileOnly}. Candidates were compiled and checked for compile errors; nothing was run or timed.`, '');
  const ts = JSON.stringify(r.timingShape);
  if (r.baseline && r.best) {
    const b = r.best;
    lines.push('## Result', '', '| | median | min | spread | GFLOP/s | GB/s |', '|---|---|---|---|---|---|');
    lines.push(`| naive reference | ${fmtMs(r.baseline.medianNs)} | ${fmtMs(r.baseline.minNs)} | ${(r.baseline.spread * 100).toFixed(1)} % | ${gflops(r, r.baseline.medianNs)} | ${gbs(r, r.baseline.medianNs)} |`);
    const start = r.evaluations.find((e) => e.origin === 'start' && e.timing);
    if (start?.timing) lines.push(`| starting kernel | ${fmtMs(start.timing.medianNs)} | ${fmtMs(start.timing.minNs)} | ${(start.timing.spread * 100).toFixed(1)} % | ${gflops(r, start.timing.medianNs)} | ${gbs(r, start.timing.medianNs)} |`);
    lines.push(`| **best** (#${b.evaluation}) | **${fmtMs(b.timing.medianNs)}** | ${fmtMs(b.timing.minNs)} | ${(b.timing.spread * 100).toFixed(1)} % | ${gflops(r, b.timing.medianNs)} | ${gbs(r, b.timing.medianNs)} |`, '');
    const f = speedupFigures(r);
    lines.push(`**Speedup over the naive reference: ${headlineText(r)}** on shape ${ts}${f.noise === 'within noise' ? ' — **within noise**: not shown to be faster' : ''}.`, '');
    lines.push('| speedup | value | confidence interval of the median |', '|---|---|---|');
    if (f.paired) lines.push(`| paired rounds (headline: reference and best back to back, ${f.paired.ci.n} rounds) | ${f.paired.speedup.toFixed(2)}× | ${f.paired.ci.lo.toFixed(2)}–${f.paired.ci.hi.toFixed(2)}× (${(f.paired.ci.level * 100).toFixed(1)} %) |`);
    if (f.separate) lines.push(`| separate medians (the table above) | ${f.separate.speedup.toFixed(2)}× | ${f.separate.ci ? `${f.separate.ci.lo.toFixed(2)}–${f.separate.ci.hi.toFixed(2)}× (≥ ${(f.separate.ci.level * 100).toFixed(1)} %)` : '—'} |`);
    lines.push('');
    if (b.rooflinePct != null && r.peaks) lines.push(`**${b.rooflinePct.toFixed(1)} % of the roofline** (peaks measured on this machine, the best seen so far: ${r.peaks.bandwidthGBs.toFixed(1)} GB/s memory bandwidth${r.peaks.copyGBs && r.peaks.readGBs ? ` (the better of copy ${r.peaks.copyGBs.toFixed(1)} and read ${r.peaks.readGBs.toFixed(1)} GB/s)` : ''}${r.peaks.gflops > 0 ? `, ${r.peaks.gflops.toFixed(1)} GFLOP/s fp32 FMA` : ' (memory bound only: no FLOP/s peak measured)'}; a machine busy with other work under-reports them).`);
    if (b.suspect) lines.push('', '⚠ **Suspect**: the best result is beyond both the measured memory-bandwidth and compute roofs; it was re-verified with a fresh seed and re-timed and is still beyond them. Treat it with suspicion.');
    lines.push('', `Best params: \`${JSON.stringify(b.config)}\`${b.sourceId !== 'start' ? ` with source \`${b.sourceId}\` (${r.sourceNotes?.[b.sourceId] ?? 'model rewrite'})` : ''}.`, '');
  } else if (!r.compileOnly) lines.push('## Result', '', 'No correct candidate was found.', '');
  lines.push('## Trajectory (best speedup after each evaluation)', '', `\`${sparkline(r.trajectory)}\``, '', '| evaluation | origin | params | status | median | speedup | roofline | note |', '|---|---|---|---|---|---|---|---|');
  for (const e of r.evaluations) {
    lines.push(`| ${e.n}${e.accepted ? ' ★' : ''} | ${e.origin}${e.sourceId !== 'start' ? ` (${e.sourceId})` : ''} | \`${JSON.stringify(e.config)}\` | ${e.status}${e.noise === 'within noise' ? ' (within noise)' : ''}${e.suspect ? ' (suspect)' : ''}${e.cached ? ' (cached)' : ''} | ${e.timing ? fmtMs(e.timing.medianNs) : '—'} | ${e.speedup ? `${e.speedup.toFixed(2)}×` : '—'} | ${e.rooflinePct != null ? `${e.rooflinePct.toFixed(0)} %` : '—'} | ${(e.reason ?? '').replace(/\|/g, '\\|').slice(0, 160)} |`);
  }
  lines.push('', '## Best kernel vs the starting kernel', '', '```diff', bestDiff(r), '```', '');
  const rejected = r.evaluations.filter((e) => e.status === 'rejected');
  lines.push(`## Rejected candidates (${rejected.length})`, '');
  if (rejected.length === 0) lines.push('None.');
  for (const e of rejected) lines.push(`- #${e.n} \`${JSON.stringify(e.config)}\`${e.sourceId !== 'start' ? ` (${e.sourceId})` : ''}: **${e.stage}** — ${e.reason}`);
  lines.push('', '## Environment', '');
  for (const [k, v] of Object.entries(r.environment)) lines.push(`- ${k}: ${v}`);
  lines.push(`- timing: warm-up, then ≥ 50 timed calls on inputs regenerated before each (median, min, spread = IQR/median, distribution-free confidence interval of the median); gains accepted only when the interval of the interleaved A/B ratios lies above 1, else reported "within noise"`);
  if (r.notes.length) lines.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  return lines.join('\n') + '\n';
}

/** The run's state, written after every evaluation so that a run can be resumed. */
export async function writeRunRecord(fs: Fs, r: RunRecord, dir: string): Promise<void> {
  await fs.writeFile(path.join(dir, 'run.json'), JSON.stringify(r, null, 2));
}

export async function writeReports(fs: Fs, r: RunRecord, dir: string): Promise<void> {
  await writeRunRecord(fs, r, dir);
  await fs.writeFile(path.join(dir, 'report.md'), markdownReport(r));
  const best = bestSource(r);
  if (best) await fs.writeFile(path.join(dir, `best${r.backend === 'cuda' ? '.cu' : isPython(r) ? '.py' : '.c'}`), best);
}
