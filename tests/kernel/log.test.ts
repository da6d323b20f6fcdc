/**
 * The kernel's operational log (issue 21, item 7): sandbox kills, denied calls, rule firings and
 * skill installs as the audit log records them, and an unexpected CLI error whose message points to it.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import type { Io } from '../../hosts/cli/io.js';
import { Kernel } from '../../kernel/index.js';
import { logFile } from '../../kernel/log/index.js';
import { tempDir } from './helpers.js';

const lines = (profile: string) => fs.readFileSync(logFile(profile), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('operational log', () => {
  const saved = process.env.AGENTOS_HOME;
  beforeEach(() => {
    process.env.AGENTOS_HOME = tempDir();
  });
  afterEach(() => {
    process.env.AGENTOS_HOME = saved;
  });

  it('mirrors sandbox kills, denials and rule firings from the audit log, at their levels', () => {
    const profile = tempDir();
    const kernel = new Kernel({ profileDir: profile });
    try {
      kernel.audit.append('sandbox.killed', 'weather', { reason: 'used more than 120 CPU seconds' });
      kernel.audit.append('call.denied', 'weather', { method: 'fs.readFile', target: '/etc/shadow' });
      kernel.audit.append('rule.fire', null, { rule: 4 });
      kernel.audit.append('grant.revoke' as never, 'weather', {});
    } finally {
      kernel.close();
    }
    const got = lines(profile).map((l) => [l.level, l.event, l.skill ?? null]);
    expect(got).toEqual([
      ['error', 'sandbox.killed', 'weather'],
      ['warn', 'call.denied', 'weather'],
      ['info', 'rule.fire', null],
    ]);
    expect(lines(profile)[0]).toMatchObject({ reason: 'used more than 120 CPU seconds' });
  });

  it('an unexpected CLI error is logged with its trace and the message says where', async () => {
    const home = process.env.AGENTOS_HOME!;
    // an output that fails (a broken terminal) is a failure no command expects
    const stderr: string[] = [];
    const io: Io = {
      out: () => {
        throw new Error('the terminal went away');
      },
      err: (t) => stderr.push(t),
    };
    expect(await main(['history'], io)).toBe(1);
    expect(stderr.join('\n')).toContain('Error: the terminal went away');
    expect(stderr.join('\n')).toContain(`Details are in the log: ${logFile(home)}`);
    const logged = lines(home).find((l) => l.event === 'cli.error');
    expect(logged).toMatchObject({ level: 'error', command: 'history' });
    expect(String(logged?.stack)).toMatch(/Error/);
    const shown: string[] = [];
    expect(await main(['log', '--level', 'error', '--json'], { out: (t) => shown.push(t), err: () => undefined })).toBe(0);
    expect((JSON.parse(shown[0]!) as { lines: { event: string }[] }).lines.map((l) => l.event)).toContain('cli.error');
  });
});
