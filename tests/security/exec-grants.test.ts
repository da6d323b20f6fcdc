/**
 * Class 3, an exec grant as a full escape: a community skill granted find, git, tar, sed… tries the
 * known ways those programs run other programs (find -exec, git -c core.pager, tar --to-command,
 * ext:: remotes), a poisoned environment (LD_PRELOAD), a working folder outside its grants, a
 * detached start and a 24 h timeout; a skill asking for bare interpreters gets nothing. Each attack
 * is first shown to work when the program is run directly, then to fail through the grant, while
 * the legitimate use of the same grant still works. Runs with bubblewrap (where present) and with
 * the Node permission model alone (also run the file with AGENTOS_SANDBOX_NO_BWRAP=1).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableModes, sandboxSupport, supportInMode } from '../../kernel/sandbox/index.js';
import { harness, hostile, tempDir, type Harness } from './helpers.js';

const full = sandboxSupport();
// Every sandbox mode this machine can run; 'none' with the user's explicit opt-in (it is refused otherwise).
const modes = availableModes(full).map((m) => ({ name: m, support: supportInMode(m, full, true) }));

const hex = (spec: object) => Buffer.from(JSON.stringify(spec)).toString('hex');

describe.each(modes)('exec grants of a community skill ($name)', ({ support }) => {
  let h: Harness;
  let data: string;
  let marker: string;

  beforeAll(async () => {
    h = harness({ support, limits: { callTimeoutMs: 20_000 } });
    await h.install(hostile('grant-probe'), { ignoreScan: true });
    data = path.join(h.profile, 'data', 'grant-probe');
    fs.mkdirSync(data, { recursive: true });
    marker = path.join(tempDir('agentos-exec-'), 'pwned');
  }, 60_000);

  afterAll(() => h.close());

  const probe = async (spec: object) => (await h.kernel.handle({ text: `file helper step ${hex(spec)}`, source: 'cli' })).text;
  const exec = (program: string, args: string[], options: object = {}) => probe({ op: 'exec', program, args, options });
  const result = (text: string) => JSON.parse(text.replace(/^RESULT:/, '')) as { code: number; stdout: string; stderr: string; timedOut: boolean };
  // the command each attack tries to run (the marker is made in beforeAll)
  const shell = () => `touch ${marker}`;

  it('find: -exec (also after --, glued, or as -execdir/-ok/-delete) is refused; plain find works; a pattern naming -exec allows exactly it', async () => {
    // without the defence: find really runs the shell
    execFileSync('find', [data, '-maxdepth', '0', '-exec', '/bin/sh', '-c', shell(), ';']);
    expect(fs.existsSync(marker)).toBe(true);
    fs.rmSync(marker);
    for (const args of [
      ['.', '-exec', '/bin/sh', '-c', shell(), ';'],
      ['--', '.', '-exec', '/bin/sh', '-c', shell(), ';'],
      ['.', '-execdir', '/bin/sh', '-c', shell(), ';'],
      ['.', '-ok', '/bin/sh', '-c', shell(), ';'],
      ['.', '-fprintf', marker, 'x'],
      ['.', '-delete'],
    ]) {
      const r = await exec('find', args);
      expect(r, args.join(' ')).toMatch(/^DENIED:CapabilityDenied:.*-(exec|execdir|ok|fprintf|delete)/);
    }
    expect(fs.existsSync(marker)).toBe(false);
    fs.writeFileSync(path.join(data, 'a.txt'), 'a');
    expect(result(await exec('find', ['.', '-name', 'a.txt'])).stdout).toBe('./a.txt\n');
    // the entry "find . -name ? -exec echo found {} ;" names -exec, with echo, and nothing else
    expect(result(await exec('find', ['.', '-name', 'a.txt', '-exec', 'echo', 'found', '{}', ';'])).stdout).toBe('found ./a.txt\n');
    expect(await exec('find', ['.', '-name', 'a.txt', '-exec', '/bin/sh', '-c', shell(), ';'])).toMatch(/^DENIED:/);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('git: -c core.pager, --config-env, --upload-pack, ext:: remotes are refused; git init/status work, with hooks and fsmonitor neutralised', async () => {
    expect(result(await exec('git', ['init', '-q', '.'])).code).toBe(0);
    expect(result(await exec('git', ['status', '--short'])).code).toBe(0);
    for (const args of [
      ['-c', `core.pager=sh -c "${shell()}"`, '-p', 'log'],
      ['--config-env=core.pager=X', 'log'],
      ['clone', `--upload-pack=sh -c "${shell()}"`, 'x', 'y'],
      ['clone', '--upload-p=x', 'x', 'y'],
      ['clone', `ext::sh -c ${shell()}`, 'y'],
      ['-C', h.profile, 'status'],
    ]) {
      expect(await exec('git', args), args.join(' ')).toMatch(/^DENIED:CapabilityDenied/);
    }
    // a repository the skill wrote itself cannot make `git status` run a command (core.fsmonitor in .git/config)
    fs.appendFileSync(path.join(data, '.git', 'config'), `[core]\n\tfsmonitor = "sh -c '${shell()}' #"\n`);
    execFileSync('git', ['status'], { cwd: data, stdio: 'ignore' });
    expect(fs.existsSync(marker)).toBe(true);
    fs.rmSync(marker);
    expect(result(await exec('git', ['status'])).code).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('tar: --to-command (exact, abbreviated, in a bundle as -I), --checkpoint-action and remote archives are refused; plain tar works', async () => {
    fs.writeFileSync(path.join(data, 'in.txt'), 'payload');
    expect(result(await exec('tar', ['-cf', 'x.tar', 'in.txt'])).code).toBe(0);
    execFileSync('tar', ['-xf', path.join(data, 'x.tar'), `--to-command=sh -c "${shell()}"`], { cwd: data });
    expect(fs.existsSync(marker)).toBe(true);
    fs.rmSync(marker);
    for (const args of [
      ['-xf', 'x.tar', `--to-command=sh -c "${shell()}"`],
      ['-xf', 'x.tar', '--to-com', `sh -c "${shell()}"`],
      ['-xf', 'x.tar', `--checkpoint-action=exec=${shell()}`, '--checkpoint=1'],
      ['-xvIsh', 'x.tar'],
      ['-xf', 'evil@host:x.tar'],
    ]) {
      expect(await exec('tar', args), args.join(' ')).toMatch(/^DENIED:CapabilityDenied/);
    }
    expect(fs.existsSync(marker)).toBe(false);
    expect(result(await exec('tar', ['-tf', 'x.tar'])).stdout).toBe('in.txt\n');
  });

  it('sed runs in --sandbox mode (no e, s///e, w, r); @file and arguments into the profile are refused', async () => {
    fs.writeFileSync(path.join(data, 's.txt'), 'hi\n');
    expect(result(await exec('sed', ['s/hi/ho/', 's.txt'])).stdout).toBe('ho\n');
    const e = result(await exec('sed', ['s/hi/touch pwned/e', 's.txt']));
    expect(e.code).not.toBe(0);
    expect(e.stderr).toMatch(/sandbox/);
    expect(fs.existsSync(path.join(data, 'pwned'))).toBe(false);
    expect(await exec('sed', ['@args', 's.txt'])).toMatch(/^DENIED:.*@file/);
    // the profile's database is readable here, but not through cat's arguments (absolute, relative or via a link)
    expect(fs.readFileSync(path.join(h.profile, 'agentos.db')).length).toBeGreaterThan(0);
    for (const p of [path.join(h.profile, 'agentos.db'), '../../agentos.db', path.join(h.profile, 'skills.lock.json')]) {
      expect(await exec('cat', [p]), p).toMatch(/^DENIED:.*AgentOS profile/);
    }
    fs.symlinkSync(h.profile, path.join(data, 'prof-link'));
    expect(await exec('cat', ['prof-link/agentos.db'])).toMatch(/^DENIED:.*AgentOS profile/);
    expect(await exec('find', ['/', '-name', 'agentos.db'])).toMatch(/^DENIED:.*holds the AgentOS profile/);
    expect(result(await exec('cat', ['s.txt'])).stdout).toBe('hi\n');
  });

  it('an argument pattern allows what it names and nothing else', async () => {
    expect(result(await exec('echo', ['hello', 'world', 'again'])).stdout).toBe('hello world again\n');
    expect(await exec('echo', ['bye'])).toMatch(/^DENIED:.*do not match "echo hello \*"/);
  });

  it('the environment is minimal (no kernel secrets); LD_PRELOAD, PATH, NODE_OPTIONS and GIT_* are refused; thread counts pass', async () => {
    process.env.AGENTOS_TEST_API_KEY = 'sk-must-not-leak';
    try {
      const r = result(await exec('printenv', [], { env: { OMP_NUM_THREADS: '2' } }));
      const vars = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      expect(r.stdout).not.toContain('sk-must-not-leak');
      expect(vars.OMP_NUM_THREADS).toBe('2');
      expect(vars.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
      expect(fs.realpathSync(vars.HOME!)).toBe(fs.realpathSync(data));
      expect(Object.keys(vars).filter((k) => /^AGENTOS|KEY|TOKEN|SECRET/.test(k))).toEqual([]);
    } finally {
      delete process.env.AGENTOS_TEST_API_KEY;
    }
    for (const env of [{ LD_PRELOAD: '/tmp/evil.so' }, { PATH: data }, { NODE_OPTIONS: '--require /tmp/x.js' }, { GIT_SSH_COMMAND: 'sh' }, { BASH_ENV: '/tmp/x' }, { TZ: '/etc/shadow' }]) {
      expect(await exec('printenv', [], { env }), Object.keys(env)[0]).toMatch(/^DENIED:CapabilityDenied:.*cannot be given the variable/);
    }
  });

  it('cwd stays in the data folder or a granted one; detached is refused; a 24 h timeout is cut to the kernel maximum', async () => {
    expect(fs.realpathSync(result(await exec('pwd', [])).stdout.trim())).toBe(fs.realpathSync(data));
    // "/" is granted for reading: a folder inside it works, the profile inside it does not
    expect(result(await exec('pwd', [], { cwd: '/usr' })).stdout.trim()).toBe('/usr');
    expect(await exec('pwd', [], { cwd: h.profile })).toMatch(/^DENIED:.*only in the skill's data folder or a granted folder/);
    expect(await exec('pwd', [], { cwd: path.join(data, '..', '..') })).toMatch(/^DENIED:/);
    expect(await exec('sleep', ['1'], { detached: true })).toMatch(/^DENIED:.*detached/);
    // the child asks for 24 h; the kernel's maximum (10 min) stands: checked in kernel/capabilities/exec-community.test.ts
    // with a lowered maximum, since a real 10-minute wait has no place in a test
    expect(result(await exec('sleep', ['0'], { timeoutMs: 24 * 3600_000 })).code).toBe(0);
  });

  it('every program start and denial is audited with its arguments', () => {
    const entries = h.kernel.audit.list({ skill: 'grant-probe', limit: 5000 });
    expect(entries.some((e) => e.action === 'call.privileged' && e.detail.method === 'exec.run' && JSON.stringify(e.detail.args).includes('a.txt'))).toBe(true);
    expect(entries.some((e) => e.action === 'call.denied' && String(e.detail.reason).includes('-exec'))).toBe(true);
  });
});

describe('interpreters and program runners', () => {
  it('the install prompt marks a bare interpreter or runner REFUSED, and no use of it runs', async () => {
    const h = harness();
    try {
      let installed = true;
      try {
        await h.install(hostile('interpreter-grant'), { ignoreScan: true });
      } catch (error) {
        // refusing the install outright is the stronger answer
        installed = false;
        expect(String(error)).toMatch(/python|interpreter|runs any code/);
      }
      if (installed) {
        const prompt = h.said.join('\n');
        for (const p of ['python3', 'env', 'xargs', 'sh', 'less']) expect(prompt).toMatch(new RegExp(`${p}\\b.*REFUSED`));
        const marker = path.join(tempDir('agentos-interp-'), 'pwned');
        const step = (spec: object) => h.kernel.handle({ text: `script runner step ${hex(spec)}`, source: 'cli' });
        for (const [program, args] of [
          ['python3', ['-c', `open('${marker}','w')`]],
          ['env', ['sh', '-c', `touch ${marker}`]],
          ['xargs', ['touch', marker]],
          ['sh', ['-c', `touch ${marker}`]],
        ] as const) {
          expect((await step({ op: 'exec', program, args })).text, program).toMatch(/^DENIED:CapabilityDenied:.*(runs any code|runs the program)/);
        }
        expect(fs.existsSync(marker)).toBe(false);
      }
    } finally {
      h.close();
    }
  }, 60_000);
});
