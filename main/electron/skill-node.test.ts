/** The Node that Electron main names to the kernel process for skill processes. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SKILL_NODE_ENV, skillNodeFor } from './skill-node.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-main-node-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const bin = path.join(dir, 'bin');
fs.mkdirSync(bin);
fs.writeFileSync(path.join(bin, 'node'), '', { mode: 0o755 });

describe('skillNodeFor', () => {
  it('is the Node bundled in the resources folder when packaged', () => {
    expect(skillNodeFor({ packaged: true, resourcesPath: '/opt/AgentOS/resources', platform: 'linux', env: { PATH: bin } })).toBe('/opt/AgentOS/resources/node/bin/node');
    expect(skillNodeFor({ packaged: true, resourcesPath: 'C:\\AgentOS\\resources', platform: 'win32', env: {} })).toMatch(/node\.exe$/);
  });

  it('is the Node that started a development run, else the one on PATH', () => {
    const npmNode = path.join(dir, 'npm-node');
    fs.writeFileSync(npmNode, '', { mode: 0o755 });
    expect(skillNodeFor({ packaged: false, resourcesPath: '/x', platform: 'linux', env: { npm_node_execpath: npmNode, PATH: bin } })).toBe(npmNode);
    expect(skillNodeFor({ packaged: false, resourcesPath: '/x', platform: 'linux', env: { npm_node_execpath: path.join(dir, 'gone'), PATH: `/nonexistent${path.delimiter}${bin}` } })).toBe(path.join(bin, 'node'));
    expect(skillNodeFor({ packaged: false, resourcesPath: '/x', platform: 'linux', env: { PATH: '/nonexistent' } })).toBeUndefined();
  });

  it('lets the user name one', () => {
    expect(skillNodeFor({ packaged: true, resourcesPath: '/r', platform: 'linux', env: { [SKILL_NODE_ENV]: '/usr/local/bin/node' } })).toBe('/usr/local/bin/node');
  });
});
