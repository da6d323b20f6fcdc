// The kernel in its own process: calls go through, and a crash is survived — restarted, the user told.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../kernel/contracts/index.js';
import { KernelHost, nodeSpawner } from './host.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-host-'));
const host = new KernelHost(nodeSpawner(path.join(import.meta.dirname, 'entry.ts'), { execArgv: ['--import', 'tsx'], env: { ...process.env, AGENTOS_HOME: home } }), { restartDelayMs: 50 });

afterAll(() => {
  host.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('KernelHost', () => {
  it('answers bridge calls from the kernel process', async () => {
    host.start();
    const skills = (await host.call('skills.list', {})) as { id: string }[];
    expect(skills.map((s) => s.id)).toContain('help');
    await expect(host.call('history.list', { limit: -1 })).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('restarts the kernel after a crash and tells the user', async () => {
    const events: KernelEvent[] = [];
    host.onEvent((e) => events.push(e));
    const pid = host.current!.pid!;
    process.kill(pid, 'SIGKILL');
    const skills = (await new Promise<unknown>((resolve, reject) => {
      const tryCall = () => host.call('skills.list', {}).then((v) => resolve(v), (e) => (e.code === 'unavailable' ? setTimeout(tryCall, 50) : reject(e)));
      setTimeout(tryCall, 20);
    })) as unknown[];
    expect(skills.length).toBeGreaterThan(0);
    expect(host.current!.pid).not.toBe(pid);
    expect(host.restarts).toBe(1);
    expect(events.find((e) => e.type === 'kernel.restarted')).toMatchObject({ reason: expect.stringMatching(/restarted/) });
  });
});
