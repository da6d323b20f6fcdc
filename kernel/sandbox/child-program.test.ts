import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runnerFile } from './child-program.js';

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-program-'));
afterAll(() => fs.rmSync(profile, { recursive: true, force: true }));

describe('runnerFile', () => {
  it('is copied into the profile once, read-only, in a folder named by its content', () => {
    const file = runnerFile(profile);
    expect(runnerFile(profile)).toBe(file);
    expect(path.basename(file)).toBe('runner.mjs');
    expect(path.dirname(path.dirname(file))).toBe(path.join(profile, 'sandbox'));
    expect(path.basename(path.dirname(file))).toMatch(/^runner-[0-9a-f]{12}$/);
    const here = path.join(path.dirname(fileURLToPath(import.meta.url)), 'child');
    const program = fs.readdirSync(here).filter((n) => n.endsWith('.mjs'));
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(program.sort());
    for (const name of program) {
      expect(fs.readFileSync(path.join(path.dirname(file), name), 'utf8')).toBe(fs.readFileSync(path.join(here, name), 'utf8'));
      expect(fs.statSync(path.join(path.dirname(file), name)).mode & 0o222).toBe(0);
    }
  });

  it('writes over what a kernel that crashed while copying left behind', () => {
    const name = path.basename(path.dirname(runnerFile(profile)));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-program-'));
    try {
      const leftover = path.join(other, 'sandbox', `${name}.${process.pid}.tmp`);
      fs.mkdirSync(leftover, { recursive: true });
      fs.writeFileSync(path.join(leftover, 'runner.mjs'), 'half a file');
      const file = runnerFile(other);
      expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(runnerFile(profile), 'utf8'));
      expect(fs.existsSync(leftover)).toBe(false);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
