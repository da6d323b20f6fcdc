/**
 * The code-range reservation of the skill Node and the memory limit built on it: the rwxp mappings
 * of a memory map are summed (nothing else), the limit is memoryMb + MEMORY_ALLOWANCE_MB + that
 * reservation rounded up to whole MB, it is measured by the check's one start and kept per program
 * path, and the command of a skill process, and of a granted Node program, carries that limit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SKILL_NODE_ENV, executableReserveBytes, knownNodeReserve, skillNode, skillNodeReserve } from './node-program.js';
import { MEMORY_ALLOWANCE_MB, buildCommand, dataLimitBytes } from './process.js';
import { createLauncher } from './launcher.js';
import { sandboxSupport, supportInMode } from './support.js';

const MB = 1024 * 1024;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-node-reserve-'));
const saved = process.env[SKILL_NODE_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[SKILL_NODE_ENV];
  else process.env[SKILL_NODE_ENV] = saved;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Lines as Node 24.22 shows them in /proc/self/maps: its code range (509.7 MB in two rwxp parts around the remapped
// embedded builtins) and mappings that do not count (code, data, a shared rwx mapping, a reservation, the stack).
const NODE24_MAPS = [
  '0074d000-03081000 r-xp 0034d000 fe:00 16048168                           /opt/node/bin/node',
  '06b87000-06bae000 rw-p 06786000 fe:00 16048168                           /opt/node/bin/node',
  '7f43f0000000-7f440fdc0000 rwxp 00000000 00:00 0 ',
  '7f440fdc0000-7f440ffc5000 r-xp 01653000 fe:00 16048168                   /opt/node/bin/node',
  '7f440ffc5000-7f4410000000 rwxp 00000000 00:00 0 ',
  '7f4420000000-7f4420200000 rwxs 00000000 00:01 99                         /memfd:shared (deleted)',
  '7f4430000000-7f4440000000 ---p 00000000 00:00 0 ',
  '7ffd1a3c4000-7ffd1a3e5000 rw-p 00000000 00:00 0                          [stack]',
  ''].join('\n');

/** A stand-in for a Node build: answers `version`, prints `maps` as its memory map, and counts its starts in `<file>.starts`. */
function fakeNode(name: string, version: string, maps: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(path.join(dir, `${name}.maps`), maps);
  fs.writeFileSync(file, `#!/bin/sh\necho run >> '${file}.starts'\necho ${version}\ncat '${file}.maps'\n`, { mode: 0o755 });
  return file;
}
const starts = (file: string) => (fs.existsSync(`${file}.starts`) ? fs.readFileSync(`${file}.starts`, 'utf8').split('\n').filter(Boolean).length : 0);

describe('executableReserveBytes', () => {
  it('sums the private readable-writable-executable mappings, and only those', () => {
    expect(executableReserveBytes(NODE24_MAPS)).toBe(0x7f440fdc0000 - 0x7f43f0000000 + (0x7f4410000000 - 0x7f440ffc5000));
    expect(executableReserveBytes(NODE24_MAPS)).toBe(534_753_280);
  });

  it('is 0 for a map without such mappings, or no map at all', () => {
    expect(executableReserveBytes(NODE24_MAPS.split('\n').filter((l) => !l.includes('rwxp')).join('\n'))).toBe(0);
    expect(executableReserveBytes('')).toBe(0);
  });
});

describe('dataLimitBytes', () => {
  it('is memoryMb + the allowance without a reservation', () => {
    expect(dataLimitBytes(64)).toBe((64 + MEMORY_ALLOWANCE_MB) * MB);
    expect(dataLimitBytes(256, 0)).toBe((256 + MEMORY_ALLOWANCE_MB) * MB);
  });

  it('adds the reservation rounded up to whole MB, never less than it', () => {
    expect(dataLimitBytes(64, 534_491_136)).toBe((64 + MEMORY_ALLOWANCE_MB + 510) * MB);
    expect(dataLimitBytes(64, 245_760)).toBe((64 + MEMORY_ALLOWANCE_MB + 1) * MB);
    expect(dataLimitBytes(64, 512 * MB)).toBe((64 + MEMORY_ALLOWANCE_MB + 512) * MB);
    expect(dataLimitBytes(64, 512 * MB + 1)).toBe((64 + MEMORY_ALLOWANCE_MB + 513) * MB);
    for (const reserve of [1, 4096, 534_491_136, 512 * MB]) expect(dataLimitBytes(64, reserve) - dataLimitBytes(64)).toBeGreaterThanOrEqual(reserve);
  });
});

describe('measuring the skill Node', () => {
  it('reads the reservation from the check’s one start, then keeps it for that path', () => {
    const fake = fakeNode('node24', 'v24.22.3', NODE24_MAPS);
    process.env[SKILL_NODE_ENV] = fake;
    expect(skillNode()).toEqual({ program: fake, version: 'v24.22.3' });
    expect(skillNodeReserve(fake)).toBe(executableReserveBytes(NODE24_MAPS));
    expect(skillNodeReserve(fake)).toBe(executableReserveBytes(NODE24_MAPS));
    expect(starts(fake)).toBe(1);
  });

  it('keeps one measurement per path', () => {
    const small = fakeNode('node22', 'v22.23.5', '7f1c38000000-7f1c3803c000 rwxp 00000000 00:00 0\n');
    expect(skillNodeReserve(small)).toBe(0x3c000);
    expect(skillNodeReserve(small)).toBe(0x3c000);
    expect(starts(small)).toBe(1);
  });

  it('measures a real Node in a process of its own: positive on Linux, whole pages', () => {
    const reserve = skillNodeReserve(process.execPath);
    if (process.platform !== 'linux') return expect(reserve).toBe(0);
    expect(reserve).toBeGreaterThan(0);
    expect(reserve % 4096).toBe(0);
  });

  it('puts the limit with the reservation on the command of a skill process', () => {
    const fake = fakeNode('node24-cmd', 'v24.22.3', NODE24_MAPS);
    process.env[SKILL_NODE_ENV] = fake;
    const support = supportInMode('none', { ...sandboxSupport(), prlimit: '/usr/bin/prlimit' }, true);
    const spec = { skillId: 's', runnerFile: path.join(dir, 'child', 'runner.mjs'), entryFile: path.join(dir, 'skill', 'index.js'), skillDir: path.join(dir, 'skill'), dataDir: path.join(dir, 'data'), profileDir: dir, support, limits: { callTimeoutMs: 1000, startTimeoutMs: 1000, memoryMb: 64, cpuSeconds: 5, maxOutputBytes: 1000, maxMessageBytes: 1000, maxMessagesPerSecond: 10 } };
    const cmd = buildCommand(spec);
    expect([cmd.file, ...cmd.args]).toContain(`--data=${(64 + MEMORY_ALLOWANCE_MB + 510) * MB}`);
    expect([cmd.file, ...cmd.args]).toContain(fake);
  });

  it('gives a granted program the reservation only when it is a known Node', () => {
    const fake = fakeNode('node24-exec', 'v24.22.3', NODE24_MAPS);
    process.env[SKILL_NODE_ENV] = fake;
    const link = path.join(dir, 'node-link');
    fs.symlinkSync(fake, link);
    expect(knownNodeReserve(link)).toBe(executableReserveBytes(NODE24_MAPS));
    expect(knownNodeReserve('/bin/sh')).toBe(0);
    expect(knownNodeReserve(path.join(dir, 'missing'))).toBe(0);
    const support = supportInMode('none', { ...sandboxSupport(), prlimit: '/usr/bin/prlimit' }, true);
    const launch = createLauncher({ skillId: 's', profileDir: dir, dataDir: dir, readPaths: [], writePaths: [], support, limits: { cpuSeconds: 5, memoryMb: 64 } });
    expect(launch({ file: link, args: [], env: {}, cwd: dir }).args).toContain(`--data=${(64 + MEMORY_ALLOWANCE_MB + 510) * MB}`);
    expect(launch({ file: '/bin/true', args: [], env: {}, cwd: dir }).args).toContain(`--data=${(64 + MEMORY_ALLOWANCE_MB) * MB}`);
  });
});
