/**
 * MCP servers run in the same sandbox as native skills (issue 16, class 8, the runtime half): the
 * server a community skill ships is started only through the sandbox's confinement, with its
 * guards preloaded, in every mode this machine has — no process internals, no kernel environment,
 * no files outside its folder, no shell, no network, no memory beyond its limit — and without OS
 * confinement it is not started at all (listing its tools included) unless the user opts in.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, listMcpTools } from '../../kernel/mcp/index.js';
import { availableModes, MEMORY_ALLOWANCE_MB, sandboxSupport, supportInMode } from '../../kernel/sandbox/index.js';
import { FIXTURES, hostile, tempDir } from './helpers.js';

const full = sandboxSupport();
const server = hostile('mcp-escape');
const MEMORY_MB = 64;

describe.each(availableModes(full).map((mode) => ({ mode, support: supportInMode(mode, full, true) })))('a hostile MCP server is contained (mode $mode)', ({ support }) => {
  const profile = tempDir('agentos-mcp-');
  const outside = tempDir('agentos-out-');
  const secret = path.join(tempDir('agentos-home-'), 'id_rsa');
  const seen: string[] = [];
  const violations: { kind: string; op: string }[] = [];
  let tcp: net.Server;
  let udp: dgram.Socket;
  let dnsServer: dgram.Socket;

  beforeAll(async () => {
    fs.writeFileSync(secret, 'planted-secret');
    fs.writeFileSync(path.join(profile, 'agentos.db'), 'SQLite format 3');
    tcp = net.createServer((s) => (seen.push('tcp'), s.destroy()));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    udp = dgram.createSocket('udp4', () => seen.push('udp'));
    dnsServer = dgram.createSocket('udp4', () => seen.push('dns'));
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    await new Promise<void>((r) => dnsServer.bind(0, '127.0.0.1', r));
  });

  afterAll(() => {
    tcp.close();
    udp.close();
    dnsServer.close();
    for (const d of [profile, outside, path.dirname(secret)]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('every way out fails, the violations are reported, nothing reaches the test servers', async () => {
    // The attack is real: these files exist and this process can read them.
    expect(fs.readFileSync(secret, 'utf8')).toBe('planted-secret');
    const spec = { skillId: 'mcp-escape', skillDir: server, entry: 'server.cjs', dataDir: path.join(profile, 'data', 'mcp-escape'), profileDir: profile, support, limits: { memoryMb: MEMORY_MB, callTimeoutMs: 30_000 }, onViolation: (v: { kind: string; op: string }) => violations.push(v) };
    const { client, close } = await connectMcp(spec);
    try {
      const ports = [(tcp.address() as net.AddressInfo).port, (udp.address() as net.AddressInfo).port, (dnsServer.address() as net.AddressInfo).port];
      const target = [process.pid, `127.0.0.1:${ports.join(':')}`, secret, profile, outside].join('|');
      const result = (await client.callTool({ name: 'try_everything', arguments: { target } }, undefined, { timeout: 30_000 })) as { content: { text: string }[] };
      const out = JSON.parse(result.content[0]!.text) as Record<string, string>;
      // bubblewrap's namespace has its own loopback: a datagram is "sent" there to nobody (the servers below see nothing).
      const unanswered = support.mode === 'bwrap' ? ['udp'] : [];
      for (const [attempt, outcome] of Object.entries(out)) if (!unanswered.includes(attempt)) expect(`${attempt}: ${outcome}`).toMatch(/: NO /);
      // Memory last: the server holds what the limit allows and says how much, or, when V8 itself is
      // the one refused memory at the limit, the process ends there (the connection closes).
      const memory = await client.callTool({ name: 'try_memory', arguments: {} }, undefined, { timeout: 30_000 }).then(
        (r) => (r as { content: { text: string }[] }).content[0]!.text,
        (e: Error) => e.message,
      );
      const held = /held (\d+) MB/.exec(memory);
      if (held) expect(Number(held[1])).toBeLessThanOrEqual(MEMORY_MB + MEMORY_ALLOWANCE_MB);
      else expect(memory).toMatch(/Connection closed/);
    } finally {
      await close();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([]);
    expect(fs.existsSync(path.join(outside, 'owned.txt'))).toBe(false);
    expect(violations.map((v) => v.kind)).toEqual(expect.arrayContaining(['signal', 'net', 'fs']));
  }, 60_000);
});

describe('an MCP server is not started without OS confinement unless the user opts in', () => {
  it('listing its tools is refused with the install line and the opt-in', async () => {
    const profile = tempDir('agentos-mcp-');
    try {
      const spec = { skillId: 'mcp-calc', skillDir: path.join(FIXTURES, 'mcp-calc'), entry: 'server.cjs', dataDir: path.join(profile, 'data', 'mcp-calc'), profileDir: profile };
      await expect(listMcpTools({ ...spec, support: supportInMode('none', full, false) })).rejects.toThrow(/sudo apt-get install bubblewrap[\s\S]*AGENTOS_SANDBOX_ALLOW_UNCONFINED=1/);
      // With the opt-in it starts (Node's permission model and the guards only).
      const tools = await listMcpTools({ ...spec, support: supportInMode('none', full, true) });
      expect(tools.map((t) => t.name)).toContain('add_numbers');
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);

});
