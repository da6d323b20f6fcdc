/**
 * Sandbox benchmark: round-trip overhead of a call into a warm sandboxed skill process (and of a
 * call that makes one capability request back to the kernel), against calling the same handler
 * in-process; and skill process start (spawn → entry module imported), in every sandbox mode the
 * machine has (bubblewrap, unshare, none). Targets: p50 round trip < 5 ms, start < 150 ms.
 * Run: npx tsx bench/sandbox.bench.ts  → prints figures, writes bench/results/sandbox.json.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableModes, DEFAULT_LIMITS, runnerFile, SandboxProcess, sandboxSupport, supportInMode, type SandboxSupport } from '../kernel/sandbox/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-bench-'));
const skillDir = path.join(profile, 'skills', 'bench');
const dataDir = path.join(profile, 'data', 'bench');
fs.mkdirSync(skillDir, { recursive: true });
fs.mkdirSync(dataDir, { recursive: true });
const code = `export default {
  'bench.echo': async (slots) => ({ text: String(slots.n) }),
  'bench.store': async (slots, ctx) => { await ctx.store.put('x', { n: slots.n }); return { text: 'ok' }; },
};`;
fs.writeFileSync(path.join(skillDir, 'index.js'), code);

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const ctxInfo = { skillId: 'bench', requestId: 'r', text: 't', now: new Date().toISOString(), timezone: 'UTC', settings: {}, dataDir, caps: {} };

function proc(support: SandboxSupport) {
  return new SandboxProcess(
    { skillId: 'bench', runnerFile: runnerFile(profile), entryFile: path.join(skillDir, 'index.js'), skillDir, dataDir, profileDir: profile, support, limits: DEFAULT_LIMITS },
    { onRequest: async () => ({ id: '1' }), onNote: () => undefined, onViolation: () => undefined, onKilled: () => undefined },
  );
}

async function startTimes(support: SandboxSupport, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = proc(support);
    const t0 = performance.now();
    await p.start();
    out.push(performance.now() - t0);
    p.kill('bench', false);
  }
  return out;
}

async function roundTrips(support: SandboxSupport, intent: string, n: number): Promise<number[]> {
  const p = proc(support);
  await p.start();
  for (let i = 0; i < 50; i++) await p.call(intent, { n: i }, ctxInfo).result;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await p.call(intent, { n: i }, ctxInfo).result;
    out.push(performance.now() - t0);
  }
  p.kill('bench', false);
  return out;
}

const mod = (await import(path.join(skillDir, 'index.js'))) as { default: Record<string, (s: unknown, c: unknown) => Promise<unknown>> };
const inproc: number[] = [];
for (let i = 0; i < 2000; i++) {
  const t0 = performance.now();
  await mod.default['bench.echo']!({ n: i }, {});
  inproc.push(performance.now() - t0);
}

/** Baseline in the same run: a bare `node -e ""` spawned and exited (the floor of any process start). */
const bare: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  await new Promise((r) => spawn(process.execPath, ['-e', ''], { stdio: 'ignore' }).once('exit', r));
  bare.push(performance.now() - t0);
}

const full = sandboxSupport();
// Every mode this machine has (with AGENTOS_SANDBOX_NO_BWRAP=1: unshare and none); 'none' as opted into.
const modes: [string, SandboxSupport][] = availableModes(full).map((m) => [m === 'none' ? 'none (node-permissions only, opted in)' : `${m}+node-permissions`, supportInMode(m, full, true)]);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`,
  loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  inProcessCall: { p50: q(inproc, 0.5), p95: q(inproc, 0.95) },
  bareNodeStartMs: { p50: q(bare, 0.5), p95: q(bare, 0.95), min: Math.min(...bare) },
};
for (const [name, support] of modes) {
  const echo = await roundTrips(support, 'bench.echo', 1000);
  const store = await roundTrips(support, 'bench.store', 500);
  const start = await startTimes(support, 20);
  results[name] = {
    callRoundTripMs: { p50: q(echo, 0.5), p95: q(echo, 0.95), vsInProcessP50: q(echo, 0.5) / Math.max(q(inproc, 0.5), 1e-6) },
    callWithOneCapabilityRequestMs: { p50: q(store, 0.5), p95: q(store, 0.95) },
    processStartMs: { p50: q(start, 0.5), p95: q(start, 0.95), min: Math.min(...start), vsBareNodeP50: q(start, 0.5) / q(bare, 0.5) },
  };
}
fs.rmSync(profile, { recursive: true, force: true });
const fmt = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v), 2);
process.stdout.write(`${fmt(results)}\n`);
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results', 'sandbox.json'), `${fmt(results)}\n`);
