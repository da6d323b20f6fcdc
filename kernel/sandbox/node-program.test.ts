/**
 * Which Node runs skill processes: the kernel's own under Node, the app's bundled one inside
 * Electron (named by Electron main, or found in the resources folder), checked before use with a
 * message that names the file and the fix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SKILL_NODE_ENV, SkillNodeMissing, bundledNodePath, resolveSkillNode, skillNode } from './node-program.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-skill-node-'));
const saved = process.env[SKILL_NODE_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[SKILL_NODE_ENV];
  else process.env[SKILL_NODE_ENV] = saved;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('resolveSkillNode', () => {
  const base = { execPath: '/usr/bin/node', platform: 'linux' as const };

  it('is the kernel’s own Node under Node', () => {
    expect(resolveSkillNode(base)).toBe('/usr/bin/node');
  });

  it('is the bundled Node in Electron’s resources folder inside Electron, never the app binary', () => {
    const app = { ...base, execPath: '/opt/AgentOS/agentos', electron: '45.4.1', resourcesPath: '/opt/AgentOS/resources' };
    expect(resolveSkillNode(app)).toBe('/opt/AgentOS/resources/node/bin/node');
    expect(resolveSkillNode({ ...app, platform: 'win32', resourcesPath: 'C:\\AgentOS\\resources' })).toBe(bundledNodePath('C:\\AgentOS\\resources', 'win32'));
    expect(bundledNodePath('/r', 'win32').endsWith('node.exe')).toBe(true);
  });

  it('is the one Electron main names, when it names one', () => {
    expect(resolveSkillNode({ ...base, electron: '45.4.1', resourcesPath: '/r', override: '/home/me/.nvm/node' })).toBe('/home/me/.nvm/node');
    expect(() => resolveSkillNode({ ...base, override: 'node' })).toThrow(/not an absolute path/);
  });

  it('fails with a reason inside an Electron that gives no resources folder', () => {
    expect(() => resolveSkillNode({ ...base, electron: '45.4.1' })).toThrow(SkillNodeMissing);
  });
});

describe('skillNode', () => {
  it('answers the kernel’s own Node and its version without starting anything', () => {
    delete process.env[SKILL_NODE_ENV];
    expect(skillNode()).toEqual({ program: process.execPath, version: process.version });
  });

  it('checks a named Node by running it, and reports its version', () => {
    const copy = path.join(dir, 'node');
    fs.copyFileSync(process.execPath, copy);
    fs.chmodSync(copy, 0o755);
    process.env[SKILL_NODE_ENV] = copy;
    expect(skillNode()).toEqual({ program: copy, version: process.version });
  });

  it('names the missing file and the fix', () => {
    const missing = path.join(dir, 'resources', 'node', 'bin', 'node');
    process.env[SKILL_NODE_ENV] = missing;
    expect(() => skillNode()).toThrow(SkillNodeMissing);
    expect(() => skillNode()).toThrow(`(${missing}) is missing. Reinstall AgentOS`);
  });

  it('refuses a file that is not Node', () => {
    const fake = path.join(dir, 'not-node');
    fs.writeFileSync(fake, '#!/bin/sh\necho hello\n', { mode: 0o755 });
    process.env[SKILL_NODE_ENV] = fake;
    expect(() => skillNode()).toThrow(/is not Node\.js \(asked for its version, it answered "hello"/);
  });

  it('refuses a Node too old for the permission model', () => {
    const old = path.join(dir, 'old-node');
    fs.writeFileSync(old, '#!/bin/sh\necho v18.20.4\n', { mode: 0o755 });
    process.env[SKILL_NODE_ENV] = old;
    expect(() => skillNode()).toThrow(/is Node\.js v18\.20\.4, which has no permission model/);
  });
});
