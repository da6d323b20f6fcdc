/**
 * Memory limits that limit (issue 16, class 4). The V8 heap limit leaves Buffers, typed arrays and
 * WebAssembly memory free; the OS limit (RLIMIT_DATA = memoryMb + MEMORY_ALLOWANCE_MB) caps them
 * all. A skill that tries to hold ~900 MB against the harness's 64 MB gets no more than the limit
 * allows (its own count, and its process's peak resident memory read from /proc), one that fills
 * its heap is stopped with a clear reason in the error and the audit log, and the kernel keeps
 * serving — in every sandbox mode this machine has.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableModes, MEMORY_ALLOWANCE_MB, sandboxSupport, supportInMode } from '../../kernel/sandbox/index.js';
import { FAST_LIMITS, harness, hostile, type Harness } from './helpers.js';

const full = sandboxSupport();
const LIMIT_MB = FAST_LIMITS.memoryMb!;
const CEILING_MB = LIMIT_MB + MEMORY_ALLOWANCE_MB;

/** Peak resident memory (MB) of the skill process whose command line names this data folder. */
function peakMb(dataDir: string): number | undefined {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith(process.execPath) || !cmd.includes('runner.mjs') || !cmd.includes(dataDir)) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) return Number(hwm[1]) / 1024;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

describe('the heap limit alone does not limit memory', () => {
  it('a Node process with --max-old-space-size=64 holds 400 MB of Buffers (the attack is real)', () => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', '-e', 'const k = []; for (let i = 0; i < 25; i++) k.push(Buffer.alloc(16 * 1024 * 1024, 1)); process.stdout.write(String(k.length * 16))'], { encoding: 'utf8' });
    expect(r.stdout).toBe('400');
  });
});

const modes = availableModes(full).map((mode) => ({ mode, support: supportInMode(mode, full, true) }));

describe.each(modes)('a skill holds no more memory than its limit (mode $mode)', ({ support }) => {
  let h: Harness;
  beforeAll(async () => {
    h = harness({ support, limits: { callTimeoutMs: 30_000 } });
    await h.install(hostile('memory-bomb'), { ignoreScan: true });
  }, 60_000);
  afterAll(() => h.close());

  it.each(['buffer', 'unsafe', 'arraybuffer', 'typed', 'shared', 'wasm', 'all'])('allocating %s memory stops at the limit', async (kind) => {
    // A fresh process for each kind: what the last one held may not have been collected yet.
    h.runner.stop('memory-bomb');
    const r = await h.kernel.handle({ text: `cache ${kind} photos`, source: 'cli' });
    expect(r.status).toBe('served');
    const held = Number(/held (\d+) MB/.exec(r.text)?.[1]);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThanOrEqual(CEILING_MB);
    const peak = peakMb(path.join(h.profile, 'data', 'memory-bomb'));
    expect(peak).toBeDefined();
    expect(peak!).toBeLessThanOrEqual(CEILING_MB);
  }, 60_000);

  it('a skill that fills its heap is stopped with its limit in the error and the audit log; the kernel keeps serving', async () => {
    const r = await h.kernel.handle({ text: 'cache every photo', source: 'cli' });
    expect(r.status).toBe('error');
    expect(r.text).toContain(`exceeded its memory limit of ${LIMIT_MB} MB`);
    const killed = h.kernel.audit.list({ skill: 'memory-bomb', limit: 100 }).filter((e) => e.action === 'sandbox.killed');
    expect(killed.map((e) => String(e.detail.reason))).toContainEqual(expect.stringContaining(`exceeded its memory limit of ${LIMIT_MB} MB`));
    expect((await h.kernel.handle({ text: 'what can you do', source: 'cli' })).status).toBe('served');
  }, 60_000);
});
