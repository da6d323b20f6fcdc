import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fsScopeProblem, execScopeProblem } from '../contracts/index.js';
import { expandScopePath, expandTarget, isProtected, resolveScope, describeResolved } from './scope.js';
import { pathCovered } from './match.js';

const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'scope-')));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
const profile = path.join(base, 'profile');
const data = path.join(profile, 'data', 'me');
fs.mkdirSync(data, { recursive: true });
fs.mkdirSync(path.join(profile, 'keys'));
fs.writeFileSync(path.join(profile, 'agentos.db'), 'db');
const vars = { data, excluded: [profile], home: base };

describe('declared fs scopes', () => {
  it('refuse .. escapes and every disguise of one, naming the fix', () => {
    for (const s of ['$DATA/../..', '$DATA/./..', '$DATA/a/../../..', '~/x/../../etc', '$HOME/..', '/..', '/etc/../..']) expect(fsScopeProblem(s), s).toMatch(/climbs out of .* name the folder you mean/);
    expect(fsScopeProblem('$DATA/%2e%2e')).toMatch(/percent-encoded/);
    expect(fsScopeProblem('$DATA\\..\\..')).toMatch(/"\\"/);
    expect(fsScopeProblem('C:/Users')).toMatch(/Windows path/);
    expect(fsScopeProblem('/etc\0/x')).toMatch(/control/);
    expect(fsScopeProblem('$DATA/\u202e')).toMatch(/control or invisible/);
    for (const s of ['x', './x', '.', '..', 'x/../y']) expect(fsScopeProblem(s), s).toMatch(/relative path/);
    for (const s of ['${HOME}/x', '$FOO/x', '$DATAX/y']) expect(fsScopeProblem(s), s).toMatch(/variable that is not understood/);
    expect(fsScopeProblem('/x/$DATA')).toMatch(/may only begin the path/);
    expect(fsScopeProblem('~root/x')).toMatch(/~user/);
    expect(fsScopeProblem('$DATA/*')).toMatch(/not patterns/);
  });
  it('accept and normalise harmless forms', () => {
    for (const s of ['$DATA', '$DATA/', '$DATA//x/', '$DATA/a/../b', '~', '~/Music', '$HOME/x', '/']) expect(fsScopeProblem(s), s).toBeUndefined();
    expect(expandScopePath('$DATA//a/./b/../c/', vars)).toBe(path.join(data, 'a', 'c'));
  });
  it('a variable without a value is refused, never read as a relative path', () => {
    expect(() => expandScopePath('$DATA/x', {})).toThrow(/\$DATA has no absolute value/);
    expect(() => expandScopePath('~/x', { home: '' })).toThrow(/HOME/);
    expect(() => expandTarget('$DATA/x', {})).toThrow(/no absolute value/);
    expect(() => expandTarget('$EVIL/x', vars)).toThrow(/not understood/);
  });
});

describe('the protected area', () => {
  it('covers the profile except the skill\'s own data folder, on the real path', () => {
    expect(isProtected(path.join(profile, 'agentos.db'), vars)).toBe(true);
    expect(isProtected(path.join(profile, 'data', 'other'), vars)).toBe(true);
    expect(isProtected(path.join(data, 'x'), vars)).toBe(false);
    fs.symlinkSync(path.join(profile, 'keys'), path.join(data, 'keys-link'));
    expect(pathCovered(['$DATA'], '$DATA/keys-link/k', vars)).toBe(false);
    expect(pathCovered(['/'], path.join(profile, 'agentos.db'), vars)).toBe(false);
    expect(pathCovered(['/'], '/etc/hostname', vars)).toBe(true);
    expect(pathCovered(['$DATA/../..'], path.join(profile, 'agentos.db'), vars)).toBe(false);
  });
  it('resolveScope shows the absolute path, refuses a scope wholly inside, and notes one that holds it', () => {
    const r = resolveScope('fs.read', ['$DATA', path.join(profile, 'keys'), base], vars);
    expect(r[0]).toEqual({ declared: '$DATA', resolved: data });
    expect(r[1]!.problem).toMatch(/AgentOS profile or a skill folder/);
    expect(r[2]!.note).toMatch(/stay out of reach/);
    expect(describeResolved(r.slice(0, 1))).toBe(`${data} (declared "$DATA")`);
    fs.symlinkSync(profile, path.join(base, 'innocent'));
    expect(resolveScope('fs.read', [path.join(base, 'innocent')], vars)[0]!.problem).toMatch(/refused/);
  });
});

describe('declared exec entries', () => {
  it('accept programs with argument patterns and refuse malformed ones', () => {
    for (const s of ['git', 'git status *', 'ffmpeg -i $DATA/** -y $DATA/**', '$DATA/**', '/usr/bin/gcc -O? *', 'python3 $SKILL/x.py *', 'x --out=$DATA/**']) expect(execScopeProblem(s), s).toBeUndefined();
    expect(execScopeProblem('bin/x')).toMatch(/relative path/);
    expect(execScopeProblem('git $FOO')).toMatch(/variable may only begin a path/);
    expect(execScopeProblem('x $DATA/../..')).toMatch(/climbs out/);
    expect(execScopeProblem('x $DATA/**/y')).toMatch(/only the last part/);
  });
});
