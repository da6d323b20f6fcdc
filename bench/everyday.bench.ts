/**
 * Everyday conversations: how many of each set the kernel serves as judged (tests/everyday/replay.ts, the
 * rules of ../shared/tools/everyday.py), replayed in-process over the built skills, with the kernel's own
 * latency per turn. Sets: ours under tests/everyday/, and the shared dev set when it is beside the checkout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConversations, replay } from '../tests/everyday/replay.js';
import { round, saveResults, summarize } from './stats.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const skills = path.join(root, 'dist', 'skills');
const ours = path.join(root, 'tests', 'everyday');
const shared = path.join(root, '..', 'shared', 'data', 'everyday', 'dev.jsonl');
const files = [...(fs.existsSync(shared) ? [shared] : []), ...fs.readdirSync(ours).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(ours, f))];

const modelCache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-everyday-cache-')), 'cache');
const sets: Record<string, { passed: number; total: number; failed: string[] }> = {};
// Each conversation opens a fresh profile (the trained model is copied in): its first turn also loads the model, so it is kept apart.
const firstMs: number[] = [];
const laterMs: number[] = [];
for (const file of files) {
  const name = path.relative(path.join(root, '..'), file);
  const conversations = readConversations(file);
  const set = (sets[name] = { passed: 0, total: conversations.length, failed: [] as string[] });
  for (const [n, conv] of conversations.entries()) {
    const r = await replay(conv, skills, modelCache);
    firstMs.push(...r.kernelMs.slice(0, 1));
    laterMs.push(...r.kernelMs.slice(1));
    if (r.problems.length === 0) set.passed++;
    else set.failed.push(`${conv.id}: ${r.problems[0]}`);
    if (process.stderr.isTTY) process.stderr.write(`\r${name}: ${n + 1}/${conversations.length}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(`${name}: ${set.passed}/${set.total} conversations${set.failed.length ? `\n  ${set.failed.join('\n  ')}` : ''}`);
}
const later = summarize(laterMs);
const first = summarize(firstMs);
console.log(`kernel's own time per turn: p50 ${round(later.p50, 3)} ms, p95 ${round(later.p95, 3)} ms over ${later.n} later turns; first turns (fresh profile, loads the model) p50 ${round(first.p50, 1)} ms`);
saveResults('everyday', {
  sets,
  kernel_ms: { later_turns: { n: later.n, p50: round(later.p50, 3), p95: round(later.p95, 3) }, first_turns: { n: first.n, p50: round(first.p50, 1), p95: round(first.p95, 1) } },
});
