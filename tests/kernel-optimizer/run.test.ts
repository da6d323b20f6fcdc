// Real cpu runs (gcc, small shapes, small budgets): a faster correct kernel is found, the README's
// hand-written problem runs unchanged, a scripted language model's rewrites are judged (the wrong
// one rejected, the faster correct one kept), the knowledge base seeds the next run, the cache
// and resume work, and the report is written.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, LlmCapability } from '../../kernel/contracts/index.js';
import { runOptimization } from '../../skills/kernel-optimizer/run.js';
import { capsFor, smallSum, storeIn, tempDir, writeProblem } from './helpers.js';

// one roofline measurement shared by the runs of this file
const peaksDir = tempDir('ko-peaks-');
/** The capabilities of a test whose data folder is `root`; the shared peaks folder is writable too. */
const capsIn = (root: string) => capsFor(root, { write: [peaksDir] });

const FAST_SUM = smallSum['kernel.c'].replace('#define ACC 1', '#define ACC 8').replace('#define VEC 1', '#define VEC 16');

describe('optimization runs on the cpu backend', () => {
  it('finds a faster correct kernel and writes the report; the knowledge base seeds the next run; the cache answers a rerun', async () => {
    const root = tempDir();
    const dir = writeProblem(path.join(root, 'sum'), smallSum);
    const store = storeIn(root);
    const runsDir = path.join(root, 'runs');
    const caps = capsIn(root);
    const r = await runOptimization({ caps, problemDir: dir, backend: 'cpu', budget: 4, strategy: 'exhaustive', runsDir, store, seed: 1, peaksDir, generate: false });
    expect(r.status).toBe('done');
    // the vectorized configs are several times faster than the latency-bound start: one of them wins
    expect(r.best!.speedup).toBeGreaterThan(1);
    expect(r.best!.config).not.toEqual({ ACC: 1, VEC: 1 });
    const report = fs.readFileSync(path.join(runsDir, r.id, 'report.md'), 'utf8');
    expect(report).toMatch(/Speedup over the naive reference: [\d.]+×/);
    expect(report).toMatch(/## Trajectory/);
    expect(report).toMatch(/## Best kernel vs the starting kernel/);
    expect(report).toMatch(/## Environment/);
    expect(fs.existsSync(path.join(runsDir, r.id, 'best.c'))).toBe(true);
    expect(r.trajectory).toHaveLength(r.evaluations.length);

    const again = await runOptimization({ caps, problemDir: dir, backend: 'cpu', budget: 2, strategy: 'random', runsDir, store, seed: 2, peaksDir, generate: false });
    expect(again.evaluations.some((e) => e.origin === 'knowledge')).toBe(true);
    expect(again.notes.join(' ')).toMatch(/seeded from the knowledge base/);
    expect(again.evaluations.some((e) => e.cached)).toBe(true);

    const resumed = await runOptimization({ caps, problemDir: dir, backend: 'cpu', budget: 4, resume: again.id, runsDir, store, peaksDir, generate: false });
    expect(resumed.id).toBe(again.id);
    expect(resumed.evaluations.length).toBe(4);
    expect(new Set(resumed.evaluations.map((e) => JSON.stringify(e.config))).size).toBe(4);
  }, 120_000);

  it('runs the problem written by hand from the README without code changes', async () => {
    const readme = fs.readFileSync('skills/kernel-optimizer/README.md', 'utf8');
    const block = (file: string) => new RegExp('`' + file.replace('.', '\\.') + '`\\n```\\w+\\n([\\s\\S]*?)```').exec(readme)?.[1];
    const files = { 'problem.json': block('problem.json')!, 'reference.c': block('reference.c')!, 'kernel.c': block('kernel.c')! };
    expect(Object.values(files).every(Boolean)).toBe(true);
    const root = tempDir();
    const dir = writeProblem(path.join(root, 'scale'), files);
    const r = await runOptimization({ caps: capsIn(root), problemDir: dir, backend: 'cpu', budget: 2, runsDir: path.join(root, 'runs'), store: storeIn(root), peaksDir });
    expect(r.status).toBe('done');
    expect(r.evaluations.filter((e) => e.status === 'rejected')).toEqual([]);
  }, 60_000);

  it('judges model rewrites: a wrong one is rejected with its reason, a faster correct one is kept', async () => {
    const root = tempDir();
    const dir = writeProblem(path.join(root, 'sum'), { ...smallSum, 'problem.json': { ...smallSum['problem.json'], params: {} } });
    const seen: ChatMessage[][] = [];
    const answers = [
      'Skip half the input.\n```c\nvoid kernel(const float* x, float* out, long long N) { double s = 0; for (long long i = 0; i < N / 2; i++) s += x[i]; out[0] = (float)(2 * s); }\n```\nNOTE: halve the work',
      `Use 8 accumulators of 16 lanes.\n\`\`\`c\n${FAST_SUM}\`\`\`\nNOTE: vector accumulators`,
    ];
    const llm: LlmCapability = {
      async chat(messages) {
        seen.push(messages);
        return answers[Math.min(seen.length - 1, answers.length - 1)]!;
      },
    };
    const r = await runOptimization({ caps: capsIn(root), problemDir: dir, backend: 'cpu', budget: 3, runsDir: path.join(root, 'runs'), store: storeIn(root), llm, llmEvery: 0, knowledge: false, peaksDir });
    const llmEvals = r.evaluations.filter((e) => e.origin === 'llm');
    expect(llmEvals.length).toBe(2);
    expect(llmEvals[0]).toMatchObject({ status: 'rejected' });
    expect(llmEvals[0]!.reason).toMatch(/reference gives/);
    expect(llmEvals[1]).toMatchObject({ status: 'ok', accepted: true });
    expect(r.best!.sourceId).toBe(llmEvals[1]!.sourceId);
    expect(r.best!.speedup).toBeGreaterThan(1);
    // failures are fed back to the model
    expect(seen[1]!.map((m) => m.content).join('\n')).toMatch(/Recent rejections:[\s\S]*reference gives/);
    const report = fs.readFileSync(path.join(root, 'runs', r.id, 'report.md'), 'utf8');
    expect(report).toMatch(/```diff[\s\S]*\+#define ACC 8/);
  }, 90_000);
});
