/** The few lines the CLI and the portal show after a run: result, roofline, where the report is. */
import path from 'node:path';
import { fmtMs, fmtRatioCI } from '../evaluation/stats.js';
import { headlineText, speedupFigures, type RunRecord } from './record.js';

export function summaryLines(r: RunRecord, dir: string): string[] {
  const lines = [`${r.problem} on ${r.backend}: ${r.status}, ${r.evaluations.length} evaluations (${r.strategy})`];
  if (r.compileOnly) lines.push(`compile-only: ${r.compileOnly}`, `compiled: ${r.evaluations.filter((e) => e.status === 'compiled').length}, compile errors: ${r.evaluations.filter((e) => e.status === 'rejected').length}`);
  if (r.best && r.baseline) {
    lines.push(`best: ${fmtMs(r.best.timing.medianNs)} median (min ${fmtMs(r.best.timing.minNs)}, spread ${(r.best.timing.spread * 100).toFixed(1)} %) vs naive ${fmtMs(r.baseline.medianNs)}`);
    const f = speedupFigures(r);
    lines.push(`speedup: ${headlineText(r)} over the naive reference${r.best.rooflinePct != null ? ` · ${r.best.rooflinePct.toFixed(1)} % of roofline` : ''}${r.best.suspect ? ' (suspect: beyond the measured roofline after re-verification)' : ''}`);
    if (f.paired && f.separate) lines.push(`speedup, separately measured: ${fmtRatioCI(f.separate.speedup, f.separate.ci)}`);
    lines.push(`params: ${JSON.stringify(r.best.config)}${r.best.sourceId !== 'start' ? ` · source ${r.best.sourceId}` : ''}`);
  }
  const noisy = r.evaluations.filter((e) => e.noise === 'within noise').length;
  if (noisy) lines.push(`within noise: ${noisy} candidate(s) looked faster than the best but their A/B interval holds 1 (not accepted)`);
  const rejected = r.evaluations.filter((e) => e.status === 'rejected');
  if (rejected.length) lines.push(`rejected: ${rejected.length} (${[...new Set(rejected.map((e) => e.stage))].join(', ')})`);
  lines.push(`report: ${path.join(dir, 'report.md')}`);
  return lines;
}
