/**
 * Memory limits that limit (issue 16, class 4). The V8 heap limit leaves Buffers, typed arrays and
 * WebAssembly memory free; the OS limit (RLIMIT_DATA = memoryMb + MEMORY_ALLOWANCE_MB) caps them
 * all. A skill that tries to hold ~900 MB against the harness's 64 MB gets no more than the limit
 * allows (its own count, and its process's peak resident memory read from /proc), one that fills
 * its heap is stopped with a clear reason in the error and the audit log, and the kernel keeps
 * serving — in every sandbox mode this machine has, on the kernel's Node and on Node 24 where one is
 * found (tests/packaging/node24.ts). Node 24 maps about 510 MB of code range at start, which the limit
 * adds as measured (node-program.ts): the skill still holds no more than on Node 22.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { availableModes, dataLimitBytes, MEMORY_ALLOWANCE_MB, SKILL_NODE_ENV, sandboxSupport, skillNode, supportInMode } from '../../kernel/sandbox/index.js';
import { skillNodeReserve } from '../../kernel/sandbox/node-program.js';
import { findNode24 } from '../packaging/node24.js';
import { FAST_LIMITS, harness, hostile, type Harness } from './helpers.js';

const full = sandboxSupport();
const LIMIT_MB = FAST_LIMITS.memoryMb!;
const CEILING_MB = LIMIT_MB + MEMORY_ALLOWANCE_MB;

/** The skill process (run by `node`) whose command line names this data folder: its peak resident memory (MB) and its RLIMIT_DATA (bytes). */
function skillProcess(node: string, dataDir: string): { peakMb: number; dataLimit: number } | undefined {
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith(`${node}\0`) || !cmd.includes('runner.mjs') || !cmd.includes(dataDir)) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      const data = /^Max data size\s+(\d+|unlimited)/m.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'));
      if (hwm && data) return { peakMb: Number(hwm[1]) / 1024, dataLimit: data[1] === 'unlimited' ? Infinity : Number(data[1]) };
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

const node24 = findNode24();
const nodes = [
  { node: 'the skill Node', program: undefined as string | undefined, skip: '' },
  { node: 'Node 24', program: 'program' in node24 ? node24.program : undefined, skip: 'reason' in node24 ? node24.reason : '' },
];
const modes = nodes.flatMap((n) => availableModes(full).map((mode) => ({ ...n, mode, support: supportInMode(mode, full, true) })));
const savedNode = process.env[SKILL_NODE_ENV];
afterEach(() => {
  if (savedNode === undefined) delete process.env[SKILL_NODE_ENV];
  else process.env[SKILL_NODE_ENV] = savedNode;
});

describe.each(modes)('a skill holds no more memory than its limit (mode $mode, $node)', ({ program, skip, support }) => {
  let h: Harness;
  /** Which Node runs the skill (AGENTOS_SKILL_NODE is read at each start); set before each test, restored after. */
  const useNode = () => {
    if (program) process.env[SKILL_NODE_ENV] = program;
  };
  beforeAll(async () => {
    if (skip) return;
    h = harness({ support, limits: { callTimeoutMs: 30_000 } });
    await h.install(hostile('memory-bomb'), { ignoreScan: true });
  }, 60_000);
  afterAll(() => h?.close());

  if (skip) it.skip(`runs skills on Node 24 (skipped: ${skip})`, () => {});

  /** How many calls were served with the process still there to read (its limit checked). */
  let measured = 0;
  it.skipIf(!!skip).each(['buffer', 'unsafe', 'arraybuffer', 'typed', 'shared', 'wasm', 'all'])('allocating %s memory stops at the limit', async (kind) => {
    useNode();
    // A fresh process for each kind: what the last one held may not have been collected yet.
    h.runner.stop('memory-bomb');
    const r = await h.kernel.handle({ text: `cache ${kind} photos`, source: 'cli' });
    const node = skillNode().program;
    expect(node).toBe(program ?? (savedNode || process.execPath));
    if (r.status === 'error') {
      // The allocation that met the limit was one of V8's own (it could not commit its young
      // generation, "Committing semi space failed"), which Node cannot survive: stopped at the limit
      // all the same, and said so (Node 22 and 24 both do this now and then, by where the last chunk lands).
      expect(r.text).toContain(`exceeded its memory limit of ${LIMIT_MB} MB`);
      const killed = h.kernel.audit.list({ skill: 'memory-bomb', limit: 100 }).filter((e) => e.action === 'sandbox.killed');
      expect(killed.map((e) => String(e.detail.reason))).toContainEqual(expect.stringContaining(`exceeded its memory limit of ${LIMIT_MB} MB`));
      return;
    }
    expect(r.status, r.text).toBe('served');
    const held = Number(/held (\d+) MB/.exec(r.text)?.[1]);
    expect(held).toBeGreaterThan(0);
    // The same ceiling on every Node: what the limit adds for Node 24's code range is not memory the skill can hold.
    expect(held).toBeLessThanOrEqual(CEILING_MB);
    const proc = skillProcess(node, path.join(h.profile, 'data', 'memory-bomb'));
    expect(proc).toBeDefined();
    expect(proc!.peakMb).toBeLessThanOrEqual(CEILING_MB);
    // Where prlimit applies, the limit is memoryMb + the allowance + this Node's measured reservation.
    if (support.prlimit) expect(proc!.dataLimit).toBe(dataLimitBytes(LIMIT_MB, skillNodeReserve(node)));
    measured += 1;
  }, 60_000);

  it.skipIf(!!skip)('at least one allocation is answered by the skill, with its count, peak and limit read', () => {
    expect(measured).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!!skip)('a skill that fills its heap is stopped with its limit in the error and the audit log; the kernel keeps serving', async () => {
    useNode();
    h.runner.stop('memory-bomb');
    const r = await h.kernel.handle({ text: 'cache every photo', source: 'cli' });
    expect(r.status).toBe('error');
    expect(r.text).toContain(`exceeded its memory limit of ${LIMIT_MB} MB`);
    const killed = h.kernel.audit.list({ skill: 'memory-bomb', limit: 100 }).filter((e) => e.action === 'sandbox.killed');
    expect(killed.map((e) => String(e.detail.reason))).toContainEqual(expect.stringContaining(`exceeded its memory limit of ${LIMIT_MB} MB`));
    expect((await h.kernel.handle({ text: 'what can you do', source: 'cli' })).status).toBe('served');
  }, 60_000);
});
