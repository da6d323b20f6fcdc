/**
 * Skill authors (issue 21, item 8): `agentos skill new` scaffolds a skill whose own test passes and
 * which installs and serves; `skill pack` writes beside the skill (or --out), never into the current
 * folder; docs/skills.md's manifest reference is the schema's; docs link only inside the repository.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../hosts/cli/io.js';
import { main } from '../../hosts/cli/main.js';
import { loadManifest } from '../../kernel/skills/index.js';
import { tempDir } from '../kernel/helpers.js';
import { documentedManifest, manifestRows, manifestTable, MEANING } from './manifest-docs.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('skill authors', () => {
  const saved = process.env.AGENTOS_HOME;
  beforeEach(() => {
    process.env.AGENTOS_HOME = tempDir();
  });
  afterEach(() => {
    process.env.AGENTOS_HOME = saved;
  });

  it('skill new scaffolds a module skill whose test passes, which installs, serves and packs beside its folder', async () => {
    const parent = tempDir();
    const made = capture();
    expect(await main(['skill', 'new', 'weather-note', '--dir', parent, '--json'], made)).toBe(0);
    const dir = path.join(parent, 'weather-note');
    expect(JSON.parse(made.stdout[0]!)).toMatchObject({ dir, kind: 'module' });
    const loaded = loadManifest(dir);
    expect(loaded.ok).toBe(true);
    const test = spawnSync(process.execPath, ['--test', '--test-reporter=tap'], { cwd: dir, encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/# pass 1/);

    expect(await main(['skill', 'install', dir, '--yes'], capture())).toBe(0);
    const served = capture();
    expect(await main(['greet Ada'], served)).toBe(0);
    expect(served.stdout.join('\n')).toContain('Hello, Ada! (greeting #1)');

    const cwd = process.cwd();
    const before = fs.readdirSync(cwd);
    const packed = capture();
    expect(await main(['skill', 'pack', dir, '--json'], packed)).toBe(0);
    expect(JSON.parse(packed.stdout[0]!).archive).toBe(path.join(parent, 'weather-note-0.1.0.tgz'));
    expect(fs.existsSync(path.join(parent, 'weather-note-0.1.0.tgz'))).toBe(true);
    expect(fs.readdirSync(cwd)).toEqual(before);
  }, 120_000);

  it('skill new writes a SKILL.md skill that loads as an instruction skill', async () => {
    const parent = tempDir();
    expect(await main(['skill', 'new', 'commit-helper', '--dir', parent, '--kind', 'instructions'], capture())).toBe(0);
    expect(fs.readFileSync(path.join(parent, 'commit-helper', 'SKILL.md'), 'utf8')).toMatch(/^---\nname: commit-helper\ndescription: /);
  });

  it('skill new refuses a bad id, an unknown kind and a folder that is not empty, writing nothing', async () => {
    const parent = tempDir();
    const bad = capture();
    expect(await main(['skill', 'new', 'Weather Note', '--dir', parent], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/is not a skill id: use 2-64 lower-case letters/);
    expect(await main(['skill', 'new', 'x1', '--dir', parent, '--kind', 'java'], capture())).toBe(1);
    fs.mkdirSync(path.join(parent, 'taken'));
    fs.writeFileSync(path.join(parent, 'taken', 'keep.txt'), 'mine');
    const taken = capture();
    expect(await main(['skill', 'new', 'taken', '--dir', parent], taken)).toBe(1);
    expect(taken.stderr.join('\n')).toMatch(/already exists and is not empty/);
    expect(fs.readdirSync(path.join(parent, 'taken'))).toEqual(['keep.txt']);
    expect(fs.readdirSync(parent).sort()).toEqual(['taken']);
  });

  it('docs/skills.md documents every manifest field, as the schema has it', () => {
    const undocumented = manifestRows().filter((r) => !MEANING[r.path]).map((r) => r.path);
    expect(undocumented, 'add a meaning to tests/cli/manifest-docs.ts').toEqual([]);
    expect(documentedManifest(), 'docs/skills.md is out of date: run npx tsx tests/cli/manifest-docs.ts --write').toBe(manifestTable());
  });

  it('docs link only to files inside the repository', () => {
    const root = path.resolve('.');
    const docs = ['README.md', ...fs.readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))];
    const outside: string[] = [];
    for (const doc of docs) {
      // code (fenced blocks and inline spans) shows syntax, not links
      const prose = fs.readFileSync(doc, 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      for (const m of prose.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue; // a web address, not a file
        const abs = path.resolve(path.dirname(doc), target);
        if (!abs.startsWith(root + path.sep) || !fs.existsSync(abs)) outside.push(`${doc}: ${target}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
