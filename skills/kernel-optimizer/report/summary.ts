/** The few lines the CLI and the portal show after a run: result, roofline, where the report is. */
import path from 'node:path';
import { fmtMs } from '../evaluation/stats.js';
import type { RunRecord } from './record.js';

export function summaryLines(r: RunRecord, dir: string): string[] {
  const lines = [`${r.problem} on ${r.backend}: ${r.status}, ${r.evaluations.length} evaluations (${r.strategy})`];
  if (r.compileOnly) lines.push(`compile-only: ${r.compileOnly}`, `compiled: ${r.evaluations.filter((e) => e.status === 'compiled').length}, compile errors: ${r.evaluations.filter((e) => e.status === 'rejected').length}`);
  if (r.best && r.baseline) {
    lines.push(`best: ${fmtMs(r.best.timing.medianNs)} median (min ${fmtMs(r.best.timing.minNs)}, spread ${(r.best.timing.spread * 100).toFixed(1)} %) vs naive ${fmtMs(r.baseline.medianNs)}`);
    lines.push(`speedup: ${r.best.speedup.toFixed(2)}x over the naive reference${r.best.rooflinePct != null ? ` · ${r.best.rooflinePct.toFixed(1)} % of roofline` : ''}${r.best.suspect ? ' (suspect: beyond the roofline, re-verified)' : ''}`);
    lines.push(`params: ${JSON.stringify(r.best.config)}${r.best.sourceId !== 'start' ? ` · source ${r.best.sourceId}` : ''}`);
  }
  const rejected = r.evaluations.filter((e) => e.status === 'rejected');
  if (rejected.length) lines.push(`rejected: ${rejected.length} (${[...new Set(rejected.map((e) => e.stage))].join(', ')})`);
  lines.push(`report: ${path.join(dir, 'report.md')}`);
  return lines;
}
