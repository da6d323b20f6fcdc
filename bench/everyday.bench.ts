/**
 * Everyday conversations: how many of each set the kernel serves as judged (tests/everyday/replay.ts, the
 * rules of ../shared/tools/everyday.py), replayed in-process over the built skills, with the kernel's own
 * latency per turn. Sets: ours under tests/everyday/, and the shared dev set when it is beside the checkout.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readConversations, replay } from '../tests/everyday/replay.js';
import { round, saveResults, summarize } from './stats.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const skills = path.join(root, 'dist', 'skills');
const ours = path.join(root, 'tests', 'everyday');
const shared = path.join(root, '..', 'shared', 'data', 'everyday', 'dev.jsonl');
const files = [...(fs.existsSync(shared) ? [shared] : []), ...fs.readdirSync(ours).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(ours, f))];

const sets: Record<string, { passed: number; total: number; failed: string[] }> = {};
const kernelMs: number[] = [];
for (const file of files) {
  const name = path.relative(path.join(root, '..'), file);
  const conversations = readConversations(file);
  const set = (sets[name] = { passed: 0, total: conversations.length, failed: [] as string[] });
  for (const [n, conv] of conversations.entries()) {
    const r = await replay(conv, skills);
    kernelMs.push(...r.kernelMs);
    if (r.problems.length === 0) set.passed++;
    else set.failed.push(`${conv.id}: ${r.problems[0]}`);
    process.stderr.write(`\r${name}: ${n + 1}/${conversations.length}`);
  }
  process.stderr.write('\n');
  console.log(`${name}: ${set.passed}/${set.total} conversations${set.failed.length ? `\n  ${set.failed.join('\n  ')}` : ''}`);
}
const k = summarize(kernelMs);
console.log(`kernel's own time per turn over ${k.n} turns: p50 ${round(k.p50, 3)} ms, p95 ${round(k.p95, 3)} ms`);
saveResults('everyday', { sets, kernel_ms: { turns: k.n, p50: round(k.p50, 3), p95: round(k.p95, 3) } });
