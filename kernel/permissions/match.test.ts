import { describe, expect, it } from 'vitest';
import { scopeCovers } from './match.js';

const vars = { data: '/home/u/.agentos/data/ko' };

describe('scopeCovers', () => {
  it('exec: a bare name covers the name and a system path ending in it, not a copy in the skill’s own data folder', () => {
    expect(scopeCovers('exec', ['gcc'], 'gcc', vars)).toBe(true);
    expect(scopeCovers('exec', ['gcc'], '/usr/bin/gcc', vars)).toBe(true);
    expect(scopeCovers('exec', ['gcc'], '/home/u/.agentos/data/ko/gcc', vars)).toBe(false);
    expect(scopeCovers('exec', ['gcc'], 'clang', vars)).toBe(false);
  });
  it('exec: a folder pattern covers programs under it after $DATA expansion, and nothing outside', () => {
    expect(scopeCovers('exec', ['$DATA/**'], '/home/u/.agentos/data/ko/tmp/build/bench', vars)).toBe(true);
    expect(scopeCovers('exec', ['$DATA/**'], '/home/u/.agentos/data/other/bench', vars)).toBe(false);
    expect(scopeCovers('exec', ['$DATA/**'], 'bench', vars)).toBe(false);
    // a bare name is a PATH look-up, whatever the kernel's working folder
    const cwd = process.cwd();
    expect(scopeCovers('exec', [`${cwd}/**`], 'sh', vars)).toBe(false);
    expect(scopeCovers('exec', ['/opt/tools/**'], '/opt/tools/bin/x', vars)).toBe(true);
  });
  it('fs and net keep their rules', () => {
    expect(scopeCovers('fs.read', ['$DATA'], '/home/u/.agentos/data/ko/a.txt', vars)).toBe(true);
    expect(scopeCovers('fs.read', ['$DATA'], '/etc/passwd', vars)).toBe(false);
    expect(scopeCovers('net', ['*.example.com'], 'https://api.example.com/x', vars)).toBe(true);
  });
});
