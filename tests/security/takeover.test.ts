/**
 * Kernel takeover (issue 16, class 1). A hostile skill must not open the kernel's inspector, signal
 * it, read its environment, load native code or reach the network around the guards — in every
 * sandbox mode this machine has (bubblewrap, unshare, and 'none' where the user opted in) — and
 * without OS confinement community code is refused unless the user opts in. The kernel itself
 * refuses SIGUSR1 (the inspector's signal): shown on a real kernel host process, against a plain
 * Node process that does open its inspector on the same signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableModes, sandboxSupport, supportInMode } from '../../kernel/sandbox/index.js';
import { FIXTURES, harness, hostile, type Harness } from './helpers.js';

const full = sandboxSupport();

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });
/** Polls until the port accepts a connection (the inspector opens a few milliseconds after the signal). */
async function opens(port: number, deadlineMs = 15_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await listening(port)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('the kernel refuses an inspector it was not started with', () => {
  let host: ChildProcess;
  let lines: AsyncIterator<string>;
  let hostPid = 0;
  let port = 0;
  const next = async () => (await lines.next()).value as string;
  const send = async (line: string) => {
    host.stdin!.write(`${line}\n`);
    return JSON.parse(await next()) as unknown;
  };

  beforeAll(async () => {
    port = await freePort();
    // 'none' mode with the opt-in: the skill sees the kernel's PID, as a hostile skill would on such a machine.
    const env = { ...process.env, AGENTOS_SANDBOX_NO_BWRAP: '1', AGENTOS_SANDBOX_NO_UNSHARE: '1', AGENTOS_SANDBOX_ALLOW_UNCONFINED: '1', NODE_OPTIONS: '' };
    host = spawn(process.execPath, [`--inspect-port=${port}`, '--import', 'tsx', path.join(FIXTURES, 'hostile', 'takeover-host', 'host.ts')], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    lines = readline.createInterface({ input: host.stdout! })[Symbol.asyncIterator]();
    const ready = await next();
    expect(ready).toMatch(/^ready \d+$/);
    hostPid = Number(ready.split(' ')[1]);
  }, 60_000);

  afterAll(() => {
    host?.stdin?.end();
    host?.kill();
  });

  it('a plain Node process opens its inspector on SIGUSR1 (the attack is real)', async () => {
    const p = await freePort();
    const plain = spawn(process.execPath, [`--inspect-port=${p}`, '-e', 'process.stdout.write("up\\n"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NODE_OPTIONS: '' } });
    try {
      await new Promise((r) => plain.stdout!.once('data', r));
      expect(await listening(p)).toBe(false);
      process.kill(plain.pid!, 'SIGUSR1');
      expect(await opens(p)).toBe(true);
    } finally {
      plain.kill('SIGKILL');
    }
  }, 30_000);

  it('the kernel host refuses SIGUSR1, records it in the audit log and keeps serving', async () => {
    expect(await listening(port)).toBe(false);
    process.kill(hostPid, 'SIGUSR1');
    const served = (await send('ask what can you do')) as { status: string };
    expect(served.status).toBe('served');
    expect(await send('audit')).toContain('kernel.inspector-refused');
    expect(await listening(port)).toBe(false);
  }, 30_000);

  it('a hostile skill in the kernel host cannot open its inspector either, and the kernel keeps serving', async () => {
    const before = ((await send('audit')) as string[]).length;
    const r = (await send(`ask boost process ${hostPid}`)) as { status: string; text: string };
    expect(r.status).toBe('served');
    const out = JSON.parse(r.text) as { internals: Record<string, string>; attempts: Record<string, string> };
    expect(Object.values(out.internals).every((v) => v === 'absent')).toBe(true);
    for (const [attempt, result] of Object.entries(out.attempts)) expect(`${attempt}: ${result}`).toMatch(/: NO /);
    expect(await listening(port)).toBe(false);
    const after = (await send('audit')) as string[];
    expect(after.slice(before)).not.toContain('kernel.inspector-refused');
    expect(after.slice(before)).toContain('sandbox.violation');
    expect(((await send('ask what can you do')) as { status: string }).status).toBe('served');
  }, 60_000);
});

const modes = availableModes(full).map((mode) => ({ mode, support: supportInMode(mode, full, true) }));

describe.each(modes)('a hostile skill cannot take over the kernel or reach the network (mode $mode)', ({ mode, support }) => {
  let h: Harness;
  let tcp: net.Server;
  let udp: dgram.Socket;
  let dnsServer: dgram.Socket;
  const seen: string[] = [];

  beforeAll(async () => {
    h = harness({ support, limits: { callTimeoutMs: 20_000 } });
    await h.install(hostile('takeover'), { ignoreScan: true });
    tcp = net.createServer((s) => (seen.push('tcp'), s.destroy()));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    udp = dgram.createSocket('udp4', (m) => seen.push(`udp ${m.toString()}`));
    dnsServer = dgram.createSocket('udp4', () => seen.push('dns'));
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    await new Promise<void>((r) => dnsServer.bind(0, '127.0.0.1', r));
  }, 60_000);

  afterAll(() => {
    h.close();
    tcp.close();
    udp.close();
    dnsServer.close();
  });

  it('finds the dangerous process internals removed and every takeover attempt refused', async () => {
    const r = await h.kernel.handle({ text: `boost process ${process.pid}`, source: 'cli' });
    expect(r.status).toBe('served');
    const out = JSON.parse(r.text) as { internals: Record<string, string>; attempts: Record<string, string> };
    expect(out.internals).toEqual(Object.fromEntries(Object.keys(out.internals).map((k) => [k, 'absent'])));
    for (const [attempt, result] of Object.entries(out.attempts)) expect(`${attempt}: ${result}`).toMatch(/: NO /);
    const violations = h.kernel.audit.list({ skill: 'takeover', limit: 1000 }).filter((e) => e.action === 'sandbox.violation');
    expect(violations.some((v) => v.detail.kind === 'signal')).toBe(true);
  }, 60_000);

  it('sends nothing over TCP, UDP or DNS, even with Function.prototype, Reflect and Array.prototype patched', async () => {
    // The servers work: this process reaches them.
    await new Promise<void>((res) => udp.send('probe', (udp.address() as net.AddressInfo).port, '127.0.0.1', () => res()));
    await new Promise<void>((res) => net.connect((tcp.address() as net.AddressInfo).port, '127.0.0.1', function (this: net.Socket) { this.destroy(); res(); }));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual(['udp probe', 'tcp']);
    seen.length = 0;
    const target = `127.0.0.1:${(tcp.address() as net.AddressInfo).port}:${(udp.address() as net.AddressInfo).port}:${(dnsServer.address() as net.AddressInfo).port}`;
    const r = await h.kernel.handle({ text: `boost network via ${target}`, source: 'cli' });
    expect(r.status).toBe('served');
    const out = JSON.parse(r.text) as Record<string, string>;
    // bubblewrap's namespace has a loopback of its own: a datagram sent there is "sent" to nobody.
    const mayLeaveUnanswered = mode === 'bwrap' ? ['udp'] : [];
    for (const [attempt, result] of Object.entries(out)) if (attempt !== 'capturedConnects' && !mayLeaveUnanswered.includes(attempt)) expect(`${attempt}: ${result}`).toMatch(/: NO /);
    await new Promise((res) => setTimeout(res, 200));
    expect(seen).toEqual([]);
    if (mode !== 'none') {
      // With a namespace the guards only report: what failed the query is that the test's resolver cannot be reached.
      expect(out['dns resolver']).toMatch(/ECONNREFUSED|ETIMEOUT|ENETUNREACH|TIMEOUT|EREFUSED/);
    }
    const kinds = h.kernel.audit.list({ skill: 'takeover', limit: 1000 }).filter((e) => e.action === 'sandbox.violation').map((e) => String(e.detail.op));
    expect(kinds).toEqual(expect.arrayContaining(['connect', 'udp.send']));
  }, 60_000);
});

describe('without OS confinement community code is refused unless the user opts in', () => {
  let h: Harness;
  beforeAll(async () => {
    h = harness({ support: supportInMode('none', full, false) });
    await h.install(hostile('takeover'), { ignoreScan: true });
  }, 60_000);
  afterAll(() => h.close());

  it('refuses the skill with the install line and the opt-in, and audits it', async () => {
    const r = await h.kernel.handle({ text: `boost process ${process.pid}`, source: 'cli' });
    expect(r.status).toBe('error');
    expect(r.text).toContain('sudo apt-get install bubblewrap');
    expect(r.text).toContain('AGENTOS_SANDBOX_ALLOW_UNCONFINED=1');
    expect(h.kernel.audit.list({ skill: 'takeover', limit: 100 }).some((e) => e.action === 'skill.refused')).toBe(true);
  });
});
