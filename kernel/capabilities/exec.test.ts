import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CapabilityDenied } from './denied.js';
import { createExecCapability } from './exec.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-cap-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** An executable shell script at `file`. */
function script(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

describe('exec capability', () => {
  it('runs a granted program with arguments, stdin, cwd and an exit code', async () => {
    const exec = createExecCapability(['sh', 'cat']);
    const r = await exec.run('sh', ['-c', 'pwd; read x; echo "got $x"; echo oops >&2; exit 3'], { cwd: base, input: 'hello\n' });
    expect(r).toMatchObject({ code: 3, signal: null, timedOut: false, stderr: 'oops\n' });
    expect(r.stdout).toBe(`${fs.realpathSync(base)}\ngot hello\n`);
    expect(r.ms).toBeGreaterThan(0);
    expect((await exec.run('cat', [], { input: 'through' })).stdout).toBe('through');
  });

  it('refuses programs outside the grant, naming the program and the grant', async () => {
    const exec = createExecCapability(['sh']);
    await expect(exec.run('bash', ['-c', 'true'])).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(exec.run('bash', [])).rejects.toThrow(/running "bash" is not granted \(granted: sh\)/);
    await expect(exec.run('/bin/bash', [])).rejects.toThrow(/not granted/);
    await expect(exec.which('bash')).rejects.toBeInstanceOf(CapabilityDenied);
  });

  it('a name grant allows that name on PATH and an absolute path with that name, but not one in the data folder', async () => {
    const data = path.join(base, 'data-name');
    const exec = createExecCapability(['sh'], { data });
    const where = await exec.which('sh');
    expect(where && path.isAbsolute(where)).toBe(true);
    expect((await exec.run(where!, ['-c', 'echo ok'])).stdout).toBe('ok\n');
    const planted = script(path.join(data, 'bin', 'sh'), 'echo planted');
    await expect(exec.run(planted, [])).rejects.toBeInstanceOf(CapabilityDenied);
    // PATH passed by the caller does not change which program a name runs
    expect((await exec.run('sh', ['-c', 'echo real'], { env: { PATH: path.dirname(planted) } })).stdout).toBe('real\n');
  });

  it('a folder grant ($DATA/**) allows programs the skill built there, links resolved', async () => {
    const data = path.join(base, 'data-folder');
    const built = script(path.join(data, 'runs', 'r1', 'harness'), 'echo "harness $1"');
    const exec = createExecCapability(['$DATA/**'], { data });
    expect((await exec.run(built, ['check'])).stdout).toBe('harness check\n');
    expect(await exec.which(built)).toBe(built);
    const outside = script(path.join(base, 'elsewhere', 'tool'), 'echo tool');
    await expect(exec.run(outside, [])).rejects.toBeInstanceOf(CapabilityDenied);
    fs.symlinkSync(outside, path.join(data, 'link-out'));
    await expect(exec.run(path.join(data, 'link-out'), [])).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(exec.run(path.join(data, '..', 'elsewhere', 'tool'), [])).rejects.toBeInstanceOf(CapabilityDenied);
  });

  it('answers 127 with a readable message when a granted program is not installed', async () => {
    const exec = createExecCapability(['no-such-program-ko']);
    expect(await exec.which('no-such-program-ko')).toBeUndefined();
    const r = await exec.run('no-such-program-ko', []);
    expect(r.code).toBe(127);
    expect(r.stderr).toMatch(/no-such-program-ko could not start: it is not installed/);
  });

  it('kills a program that runs past its timeout', async () => {
    const exec = createExecCapability(['sleep']);
    const r = await exec.run('sleep', ['30'], { timeoutMs: 200 });
    expect(r).toMatchObject({ timedOut: true, code: null, signal: 'SIGKILL' });
  });

  it('kills a program when the signal aborts', async () => {
    const exec = createExecCapability(['sleep']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await exec.run('sleep', ['30'], { signal: controller.signal, timeoutMs: 20_000 });
    expect(r).toMatchObject({ timedOut: false, code: null, signal: 'SIGKILL' });
    const already = new AbortController();
    already.abort();
    expect(await exec.run('sleep', ['30'], { signal: already.signal })).toMatchObject({ signal: 'SIGKILL' });
  });

  it('gives the child a safe base environment, never the kernel\'s secrets, plus what the caller passes', async () => {
    process.env.AGENTOS_TEST_SECRET = 'sk-do-not-leak';
    process.env.OMP_NUM_THREADS_KO_TEST = '7';
    try {
      const exec = createExecCapability(['env']);
      const r = await exec.run('env', [], { env: { OMP_NUM_THREADS: '3' } });
      const vars = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(vars.AGENTOS_TEST_SECRET).toBeUndefined();
      expect(r.stdout).not.toContain('sk-do-not-leak');
      expect(vars.OMP_NUM_THREADS_KO_TEST).toBeUndefined();
      expect(vars.OMP_NUM_THREADS).toBe('3');
      expect(vars.PATH).toBe(process.env.PATH);
    } finally {
      delete process.env.AGENTOS_TEST_SECRET;
      delete process.env.OMP_NUM_THREADS_KO_TEST;
    }
  });

  it('streams output as it arrives and cuts what it collects at maxOutput', async () => {
    const exec = createExecCapability(['sh']);
    const chunks: string[] = [];
    const errs: string[] = [];
    const r = await exec.run('sh', ['-c', 'echo one; echo two >&2; echo three'], { onStdout: (c) => chunks.push(c), onStderr: (c) => errs.push(c) });
    expect(chunks.join('')).toBe('one\nthree\n');
    expect(errs.join('')).toBe('two\n');
    // streamed output is collected too
    expect(r).toMatchObject({ stdout: 'one\nthree\n', stderr: 'two\n' });
    const big = await exec.run('sh', ['-c', 'i=0; while [ $i -lt 2000 ]; do echo 0123456789; i=$((i+1)); done'], { maxOutput: 100 });
    expect(big.stdout).toHaveLength(100);
    expect(big.code).toBe(0);
  });

  it('streams stdin from an iterable: a long-lived child answers each request before the next is sent', async () => {
    const exec = createExecCapability(['sh']);
    const answers: string[] = [];
    let answered: (() => void) | undefined;
    async function* requests() {
      for (const word of ['one', 'two']) {
        const next = new Promise<void>((resolve) => (answered = resolve));
        yield `${word}\n`;
        await next; // the child's answer arrived: the conversation is interactive, not one buffered input
      }
    }
    const r = await exec.run('sh', ['-c', 'while read l; do echo "got $l"; done; echo closed'], {
      stdin: requests(),
      onStdout: (c) => {
        answers.push(c);
        answered?.();
      },
    });
    expect(r.stdout).toBe('got one\ngot two\nclosed\n');
    expect(r.code).toBe(0);
    await expect(createExecCapability(['sh'], { data: base }, { community: true }).run('sh', ['-c', 'true'], { stdin: requests() })).rejects.toBeInstanceOf(CapabilityDenied);
  });

  it('starts a detached program and resolves once it started', async () => {
    const exec = createExecCapability(['sh']);
    const marker = path.join(base, 'detached-marker');
    const r = await exec.run('sh', ['-c', `echo started > ${marker}`], { detached: true });
    expect(r).toMatchObject({ code: 0, timedOut: false });
    // The shell creates the file before it writes to it: wait for the words, not the file (no deadline; the test's own timeout bounds it).
    const written = () => fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === 'started\n';
    while (!written()) await new Promise((res) => setTimeout(res, 20));
    expect(fs.readFileSync(marker, 'utf8')).toBe('started\n');
    // nothing to report a failed start in: it rejects
    await expect(createExecCapability(['no-such-program-ko']).run('no-such-program-ko', [], { detached: true })).rejects.toThrow(/could not start: it is not installed/);
  });
});
