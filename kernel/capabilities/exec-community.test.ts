import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CapabilityDenied } from './denied.js';
import { createExecCapability } from './exec.js';
import type { LaunchSpec } from './launch.js';

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'exec-comm-')));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
const profile = path.join(base, 'profile');
const data = path.join(profile, 'data', 's');
fs.mkdirSync(data, { recursive: true });
const vars = { data, excluded: [profile], community: true };

describe('exec capability for a community skill', () => {
  it('starts through the launcher with a minimal environment, in the data folder, with forced safe flags', async () => {
    const seen: LaunchSpec[] = [];
    process.env.AGENTOS_KO_SECRET = 'sk-secret';
    try {
      const exec = createExecCapability(['printenv', 'sed'], vars, { community: true, launcher: (spec) => (seen.push(spec), spec) });
      const r = await exec.run('printenv', [], { env: { OMP_NUM_THREADS: '4' } });
      expect(r.stdout).not.toContain('sk-secret');
      expect(seen[0]).toMatchObject({ cwd: data, env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: data, TMPDIR: path.join(data, 'tmp'), OMP_NUM_THREADS: '4' } });
      await exec.run('sed', ['s/a/b/'], { input: 'a\n' });
      expect(seen[1]!.args).toEqual(['--sandbox', 's/a/b/']);
    } finally {
      delete process.env.AGENTOS_KO_SECRET;
    }
  });
  it('refuses dangerous variables, detached starts, a cwd outside its folders, oversized input', async () => {
    const exec = createExecCapability(['printenv', 'sleep', 'cat'], vars, { community: true, limits: { maxInputBytes: 10 } });
    const poisoned: Record<string, string>[] = [{ LD_PRELOAD: 'x' }, { LD_AUDIT: 'x' }, { DYLD_INSERT_LIBRARIES: 'x' }, { NODE_OPTIONS: 'x' }, { PYTHONPATH: 'x' }, { PERL5OPT: 'x' }, { RUBYOPT: 'x' }, { BASH_ENV: 'x' }, { ENV: 'x' }, { GIT_DIR: 'x' }, { SHELLOPTS: 'x' }, { PATH: data }, { IFS: ' ' }, { GCONV_PATH: 'x' }, { GLIBC_TUNABLES: 'x' }];
    for (const env of poisoned) {
      await expect(exec.run('printenv', [], { env }), Object.keys(env)[0]).rejects.toThrow(/cannot be given the variable/);
    }
    await expect(exec.run('sleep', ['1'], { detached: true })).rejects.toThrow(/detached/);
    await expect(exec.run('printenv', [], { cwd: '/' })).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(exec.run('printenv', [], { cwd: profile })).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(exec.run('cat', [], { input: 'x'.repeat(11) })).rejects.toThrow(/larger than 10 bytes/);
  });
  it('cuts the timeout and output a skill asks for at the kernel maxima', async () => {
    const exec = createExecCapability(['sleep', 'yes'], vars, { community: true, limits: { maxTimeoutMs: 300, maxOutput: 1000 } });
    const r = await exec.run('sleep', ['30'], { timeoutMs: 24 * 3600_000 });
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    const out = await exec.run('yes', [], { maxOutput: 100_000_000, timeoutMs: 200 });
    expect(out.stdout.length).toBeLessThanOrEqual(1000);
  });
});
