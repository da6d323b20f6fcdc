/**
 * Kernel benchmark: request → result latency for built-in skills (p50/p95 of the kernel's own
 * share, excluding the skill's work; and the whole kernel.handle call as its caller waits for it,
 * which adds what runs before the dispatcher: the external-change check and the rules front that
 * reads every request for an automation), and CLI cold start to the first answer, set against the
 * cold start of a bare `node` in the same run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kernel } from '../kernel/index.js';
import { machine, round, saveResults, summarize } from './stats.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-'));
const kernel = new Kernel({ profileDir: profile, builtinSkillsDir: path.join(root, 'dist', 'skills') });

const requests = ['what can you do', 'what is 15% of 240', 'convert 5 miles to km', 'add a note: buy oat milk', 'find my note about milk', 'how do I set a reminder'];
for (let i = 0; i < 20; i++) for (const text of requests) await kernel.handle({ text, source: 'api' });

const kernelMs: number[] = [];
const totalMs: number[] = [];
const handleMs: number[] = [];
const served = new Map<string, string>();
for (let i = 0; i < 100; i++) {
  for (const text of requests) {
    const t0 = performance.now();
    const r = await kernel.handle({ text, source: 'api' });
    handleMs.push(performance.now() - t0);
    kernelMs.push(r.kernelMs);
    totalMs.push(r.durationMs);
    served.set(text, r.status);
  }
}
kernel.close();

function coldStart(cmd: string, args: string[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, AGENTOS_HOME: profile }, encoding: 'utf8' });
    out.push(performance.now() - t0);
    if (r.status !== 0 && args.length > 1) throw new Error(`cold start run failed: ${r.stderr}`);
  }
  return out;
}
coldStart(process.execPath, ['-e', ''], 2);
const bare = summarize(coldStart(process.execPath, ['-e', ''], 10));
const cli = summarize(coldStart(process.execPath, [path.join(root, 'bin', 'agentos.js'), 'what is 15% of 240'], 10));

const k = summarize(kernelMs);
const t = summarize(totalMs);
const h = summarize(handleMs);
// Before the dispatcher: handle's wall time less the dispatcher's own (per request, then p50/p95).
const before = summarize(handleMs.map((x, i) => x - totalMs[i]!));
const figures = {
  requests: kernelMs.length,
  statuses: Object.fromEntries(served),
  kernel_ms: { p50: round(k.p50, 3), p95: round(k.p95, 3) },
  total_ms: { p50: round(t.p50, 3), p95: round(t.p95, 3) },
  handle_ms: { p50: round(h.p50, 3), p95: round(h.p95, 3) },
  before_dispatcher_ms: { p50: round(before.p50, 3), p95: round(before.p95, 3) },
  cli_cold_start_ms: { p50: round(cli.p50, 1), p95: round(cli.p95, 1) },
  bare_node_start_ms: { p50: round(bare.p50, 1) },
  cli_vs_bare_node: round(cli.p50 / bare.p50, 2),
  targets: { kernel_p95_ms: 20, cli_cold_start_ms: 500 },
};
saveResults('kernel', figures);
console.log(`machine: ${machine()}`);
console.log(JSON.stringify(figures, null, 2));
