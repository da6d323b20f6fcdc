/**
 * The child program as the sandboxed process runs it: which capability proxies a context gets
 * for which grants, and what each proxy puts on the channel (method and JSON arguments). The
 * kernel side here only records requests and answers them; the real capability server is
 * exercised by tests/security.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, SandboxProcess } from '../process.js';
import type { CapsInfo } from '../protocol.js';
import { runnerFile } from '../child-program.js';
import { sandboxSupport } from '../support.js';

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-child-'));
const skillDir = path.join(profile, 'skills', 'probe');
const dataDir = path.join(profile, 'data', 'probe');

// One intent lists the context's capabilities; the others call them and return what came back.
const SKILL = `export default {
  'probe.shape': async (_slots, ctx) => ({ text: 'shape', data: Object.fromEntries(['fs', 'exec', 'net', 'notify', 'scheduler', 'llm', 'clipboard'].map((k) => [k, ctx[k] ? Object.keys(ctx[k]).sort() : null])) }),
  'probe.write': async (_slots, ctx) => { await ctx.fs.writeFile('$DATA/a.bin', new Uint8Array([0, 1, 2, 255])); await ctx.fs.writeFile('$DATA/a.txt', 'plain'); return { text: 'written' }; },
  'probe.fs': async (_slots, ctx) => ({ text: 'fs', data: [await ctx.fs.exists('$DATA/x'), await ctx.fs.mkdir('$DATA/d'), await ctx.fs.makeTempDir('run-'), await ctx.fs.remove('$DATA/d'), await ctx.fs.rename('$DATA/a', '$DATA/b'), await ctx.fs.copyFile('$DATA/b', '$DATA/c')] }),
  'probe.which': async (_slots, ctx) => { const found = await ctx.exec.which('gcc'); return { text: String(found), data: { undefinedWhenMissing: found === undefined } }; },
  'probe.exec': async (_slots, ctx) => { let out = ''; const r = await ctx.exec.run('gcc', ['--version'], { cwd: '$DATA', timeoutMs: 5000, onStdout: (c) => { out += c; }, signal: ctx.signal }); return { text: out, data: r }; },
};
`;

const requests: { method: string; args: unknown[] }[] = [];
const answers: Record<string, unknown> = {
  'fs.exists': true,
  'fs.makeTempDir': '/data/run-abc123',
  'exec.which': null,
  'exec.run': { code: 0, signal: null, stdout: 'gcc 13\n', stderr: '', ms: 3, timedOut: false },
};

let proc: SandboxProcess;
const call = async (intent: string, caps: CapsInfo) => {
  const ctx = { skillId: 'probe', requestId: 'r1', text: intent, now: new Date().toISOString(), timezone: 'UTC', settings: {}, dataDir, caps };
  return (await proc.call(intent, {}, ctx).result) as { text: string; data: unknown };
};

beforeAll(async () => {
  fs.mkdirSync(skillDir, { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(skillDir, 'index.js'), SKILL);
  proc = new SandboxProcess(
    { skillId: 'probe', runnerFile: runnerFile(profile), entryFile: path.join(skillDir, 'index.js'), skillDir, dataDir, profileDir: profile, support: sandboxSupport(), limits: DEFAULT_LIMITS },
    {
      onRequest: async (_call, method, args) => {
        requests.push({ method, args });
        return answers[method];
      },
      onNote: () => undefined,
      onViolation: () => undefined,
      onKilled: () => undefined,
    },
  );
  await proc.start();
}, 30_000);

afterAll(() => {
  proc?.kill('done', false);
  fs.rmSync(profile, { recursive: true, force: true });
});

describe('the sandbox child program', () => {
  it('gives a context only the capabilities granted, with the methods of the contract', async () => {
    const none = await call('probe.shape', {});
    expect(none.data).toEqual({ fs: null, exec: null, net: null, notify: null, scheduler: null, llm: null, clipboard: null });

    const readOnly = await call('probe.shape', { fs: { roots: ['/r'], write: false } });
    expect((readOnly.data as Record<string, string[]>).fs).toEqual(['exists', 'readDir', 'readFile', 'roots', 'stat']);

    const all = await call('probe.shape', { fs: { roots: ['/r'], write: true }, exec: { programs: ['gcc'] }, net: true, notify: true, scheduler: true, llm: true, clipboard: true });
    expect(all.data).toEqual({
      fs: ['copyFile', 'exists', 'makeTempDir', 'mkdir', 'readDir', 'readFile', 'remove', 'rename', 'roots', 'stat', 'writeFile'],
      exec: ['programs', 'run', 'which'],
      net: ['fetch'],
      notify: ['notify'],
      scheduler: ['cancel', 'list', 'schedule'],
      llm: ['chat'],
      clipboard: ['read', 'write'],
    });
  });

  it('sends bytes for writeFile as { base64 } and text as it is', async () => {
    requests.length = 0;
    await call('probe.write', { fs: { roots: [dataDir], write: true } });
    expect(requests).toEqual([
      { method: 'fs.writeFile', args: ['$DATA/a.bin', { base64: Buffer.from([0, 1, 2, 255]).toString('base64') }] },
      { method: 'fs.writeFile', args: ['$DATA/a.txt', 'plain'] },
    ]);
  });

  it('forwards the new file-system methods with their arguments and results', async () => {
    requests.length = 0;
    const r = await call('probe.fs', { fs: { roots: [dataDir], write: true } });
    expect(requests.map((q) => [q.method, ...q.args])).toEqual([
      ['fs.exists', '$DATA/x'],
      ['fs.mkdir', '$DATA/d'],
      ['fs.makeTempDir', 'run-'],
      ['fs.remove', '$DATA/d'],
      ['fs.rename', '$DATA/a', '$DATA/b'],
      ['fs.copyFile', '$DATA/b', '$DATA/c'],
    ]);
    // Void results: undefined in the skill, null once the skill's result array crosses the channel as JSON.
    expect(r.data).toEqual([true, null, '/data/run-abc123', null, null, null]);
  });

  it('answers exec.which of a missing program with undefined, as the contract says', async () => {
    const r = await call('probe.which', { exec: { programs: ['gcc'] } });
    expect(r.data).toEqual({ undefinedWhenMissing: true });
  });

  it('sends only the JSON options of exec.run and hands the output to the callbacks once it is back', async () => {
    requests.length = 0;
    const r = await call('probe.exec', { exec: { programs: ['gcc'] } });
    expect(requests).toEqual([{ method: 'exec.run', args: ['gcc', ['--version'], { cwd: '$DATA', timeoutMs: 5000 }] }]);
    expect(r.text).toBe('gcc 13\n');
  });
});
