/**
 * The candidate generator: what kind of computation a problem is, and candidate sources for it,
 * instantiated from templates with tunable params (generate/torch.ts for model.py problems,
 * generate/c.ts for C problems). run.ts evaluates each one's default config beside the starting
 * kernel and tunes the best few; the harness judges them all.
 */
import { fileURLToPath } from 'node:url';
import { pathForPrograms } from '../../../kernel/sdk/index.js';
import type { Caps } from '../caps.js';
import { timingShape, type BackendName, type Problem } from '../spec/index.js';
import { cTemplates } from './c.js';
import { AnalysisSchema, classify, type Analysis, type Kind } from './kind.js';
import { torchTemplates } from './torch.js';
import type { Generated } from './types.js';

export { annotateLoops } from './c.js';
export { classify, KINDS, type Analysis, type Kind } from './kind.js';
export { loadForRun, GENERATED_BACKENDS } from './load.js';
export type { Generated } from './types.js';

export const ANALYZE_PY = pathForPrograms(fileURLToPath(new URL('./analyze.py', import.meta.url)));

export interface Generation {
  /** The detected kind of computation (model.py problems), when the analysis ran. */
  kind?: Kind;
  analysis?: Analysis;
  candidates: Generated[];
  /** What went wrong or was skipped, for the run's notes. */
  notes: string[];
}

/** Runs generate/analyze.py on the problem's model.py (at the timed shape) with the run's Python. */
export async function analyzeModel(caps: Caps, p: Problem, python: string, threads: number): Promise<Analysis | { error: string }> {
  const model = `${p.dir}/${p.reference}`;
  const r = await caps.exec.run(python, [ANALYZE_PY, model, JSON.stringify(timingShape(p))], {
    cwd: p.dir,
    env: { OMP_NUM_THREADS: String(threads), PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: 300_000,
  });
  const line = r.stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (!line) return { error: `the model analysis printed no result (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500)}` };
  let j: unknown;
  try {
    j = JSON.parse(line);
  } catch {
    return { error: 'the model analysis printed an unreadable result' };
  }
  const parsed = AnalysisSchema.safeParse(j);
  if (parsed.success) return parsed.data;
  const reason = typeof j === 'object' && j !== null && 'reason' in j ? String((j as { reason: unknown }).reason) : 'an unexpected result';
  return { error: `the model analysis failed: ${reason.slice(0, 500)}` };
}

/** Candidates for a problem on a backend (none for backends without templates: cuda, triton). */
export async function generateCandidates(caps: Caps, p: Problem, backend: BackendName, o: { python?: string; cores: number }): Promise<Generation> {
  if (backend === 'cpu' && p.language === 'c') return { candidates: cTemplates(p, o.cores), notes: [] };
  if (backend === 'torch' && p.language === 'python') {
    if (!o.python) return { candidates: [], notes: ['no candidates generated: no Python with torch'] };
    const a = await analyzeModel(caps, p, o.python, o.cores);
    if ('error' in a) return { candidates: [], notes: [`no candidates generated: ${a.error}`] };
    const kind = classify(a);
    return { kind, analysis: a, candidates: torchTemplates(p, a, kind, p.sources.templates.torch === undefined), notes: [] };
  }
  return { candidates: [], notes: [] };
}
