import { describe, expect, it } from 'vitest';
import { checkExecEntry, communityEntryProblem, escapeOf } from './exec-pattern.js';
import { PROGRAM_ESCAPES, programFamily } from './exec-escapes.js';

const data = '/home/u/.agentos/data/s';
const vars = { data, excluded: ['/home/u/.agentos'], community: true, skill: '/home/u/.agentos/skills/s' };
const check = (entry: string, args: string[], extra: object = {}) => checkExecEntry(entry, { program: entry.split(' ')[0]!, args, cwd: data, writable: [data], ...extra }, vars);
const refused = (entry: string, args: string[]) => expect(check(entry, args).ok, `${entry} ${args.join(' ')}`).toBe(false);
const allowed = (entry: string, args: string[]) => expect(check(entry, args), `${entry} ${args.join(' ')}`).toMatchObject({ ok: true });

describe('escape flags of a bare grant (community)', () => {
  it('refuses each known escape, glued, abbreviated, bundled, after --', () => {
    refused('find', ['.', '-exec', 'sh', ';']);
    refused('find', ['--', '.', '-execdir', 'sh', ';']);
    refused('git', ['-c', 'core.pager=sh', 'log']);
    refused('git', ['--config-env=core.pager=X']);
    refused('git', ['fetch', '--upload-pa=sh']);
    refused('git', ['clone', 'ext::sh -c x']);
    refused('tar', ['-xf', 'a', '--to-command=sh']);
    refused('tar', ['-xf', 'a', '--to-c', 'sh']);
    refused('tar', ['-xvIsh', 'a']);
    refused('tar', ['-cf', 'host:a']);
    refused('rsync', ['-avze', 'sh', 'a', 'b']);
    refused('rsync', ['--rsync-path=sh', 'a', 'b']);
    refused('ssh', ['-oProxyCommand=sh', 'h']);
    refused('scp', ['-S', 'sh', 'a', 'h:b']);
    refused('zip', ['-TT', 'sh', 'a.zip', 'x']);
    refused('curl', ['-K', 'cfg']);
    refused('curl', ['-o', '/etc/x', 'http://h']);
    refused('wget', ['--execute=x']);
    refused('gcc', ['-wrapper', 'sh,-c', 'x.c']);
    refused('gcc', ['-fplugin=./p.so', 'x.c']);
    refused('clang', ['-Xclang', '-load', 'x.c']);
    refused('gcc', ['-specs=x', 'x.c']);
    refused('make', ['--eval=$(shell id)']);
    refused('make', ['SHELL=/bin/sh']);
    refused('sed', ['-i', 's/a/b/', 'f']);
    refused('nvcc', ['-ccbin', '/tmp/sh', 'x.cu']);
    refused('ffmpeg', ['-i', 'concat:a|b', 'o.mp4']);
    refused('cat', ['@args']);
  });
  it('allows ordinary use, and an escape the pattern names as a literal word', () => {
    allowed('find', ['.', '-name', '*.c']);
    allowed('git', ['log', '--oneline']);
    allowed('tar', ['-czf', 'x.tgz', 'dir']);
    allowed('gcc', ['-O2', '-fopenmp', 'x.c', '-o', 'x']);
    allowed('find . -name ? -exec echo {} ;', ['.', '-name', 'x', '-exec', 'echo', '{}', ';']);
    refused('find . -name ? -exec echo {} ;', ['.', '-name', 'x', '-exec', 'sh', '{}', ';']);
    // a wildcard never names an escape
    refused('find *', ['.', '-exec', 'sh', ';']);
  });
  it('built-in skills keep bare grants as they were', () => {
    expect(checkExecEntry('python3', { program: 'python3', args: ['-c', 'print(1)'] }, { data }).ok).toBe(true);
    expect(checkExecEntry('nvcc', { program: 'nvcc', args: ['-Xcompiler', '-P', 'x.cu'] }, { data }).ok).toBe(true);
  });
});

describe('argument patterns', () => {
  it('match literal words, ? (one), * (any number), globs and paths', () => {
    allowed('git status *', ['status']);
    allowed('git status *', ['status', '--short', '-b']);
    refused('git status *', ['log']);
    allowed('convert ? -resize ? $DATA/*.png', ['in.jpg', '-resize', '50%', `${data}/out.png`]);
    refused('convert ? -resize ? $DATA/*.png', ['in.jpg', '-resize', '50%', `${data}/sub/out.png`]);
    allowed('ffmpeg -i $DATA/** -y $DATA/**', ['-i', `${data}/a.mp4`, '-y', 'b.mp4']);
    refused('ffmpeg -i $DATA/** -y $DATA/**', ['-i', '/etc/passwd', '-y', 'b.mp4']);
    refused('ffmpeg -i $DATA/** -y $DATA/**', ['-i', `${data}/../other/a.mp4`, '-y', 'b.mp4']);
    allowed('x --out=$DATA/**', [`--out=${data}/r.txt`]);
    refused('x --out=$DATA/**', ['--out=/tmp/r.txt']);
  });
  it('never lets an argument reach into the profile or a folder that holds it', () => {
    refused('cat', ['/home/u/.agentos/agentos.db']);
    refused('cat', ['../../keys/k']);
    refused('ls', ['/home/u']);
    refused('tar', ['-czf', 'x.tgz', '--directory=/home/u/.agentos']);
    allowed('cat', ['notes.txt']);
  });
});

describe('programs that run programs, interpreters and pagers (community)', () => {
  it('are refused bare and accepted when the pattern pins what they run', () => {
    for (const p of ['env', 'xargs', 'timeout', 'nice', 'sh', 'bash', 'python3', 'python3.11', 'node', 'perl', 'awk', 'less', 'vim', 'busybox']) expect(communityEntryProblem(p), p).toBeDefined();
    expect(communityEntryProblem('python3 $SKILL/tools/x.py *')).toBeUndefined();
    expect(communityEntryProblem('python3 -u $SKILL/tools/x.py *')).toBeUndefined();
    expect(communityEntryProblem('python3 $DATA/x.py *')).toMatch(/script of its own/);
    expect(communityEntryProblem('python3 $SKILL/*.py')).toMatch(/script of its own/);
    expect(communityEntryProblem('awk -f $SKILL/sum.awk *')).toBeUndefined();
    expect(communityEntryProblem('timeout 10 $DATA/bin/tool')).toBeUndefined();
    expect(communityEntryProblem('timeout 10 *')).toMatch(/fixed arguments/);
    expect(communityEntryProblem('git')).toBeUndefined();
  });
  it('knows program families by their versioned names', () => {
    expect(programFamily('python3.11')).toBe('python');
    expect(programFamily('g++-12')).toBe('gcc');
    expect(programFamily('clang++')).toBe('clang');
    expect(programFamily('mawk')).toBe('awk');
    expect(programFamily('gitk')).toBe('gitk');
    expect(escapeOf(PROGRAM_ESCAPES.tar, '--to-com=x')).toMatch(/--to-command/);
    expect(escapeOf(PROGRAM_ESCAPES.tar, '-xzf')).toBeUndefined();
  });
});
