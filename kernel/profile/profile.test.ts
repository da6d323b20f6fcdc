import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { platformDirs, resolveCacheDir, resolveProfileDir } from './index.js';

describe('profile location', () => {
  const saved = { XDG_DATA_HOME: process.env.XDG_DATA_HOME, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  const base = () => fs.mkdtempSync(path.join(os.tmpdir(), 'xdg-'));

  it('AGENTOS_HOME wins, with ~ expanded, and keeps its caches inside', () => {
    const legacy = base();
    expect(resolveProfileDir({ AGENTOS_HOME: '~/p' }, legacy)).toBe(path.join(os.homedir(), 'p'));
    expect(resolveCacheDir('/x/p')).toBe('/x/p/cache');
  });

  it.runIf(process.platform === 'linux')('follows XDG on Linux: data for the profile, cache for caches', () => {
    const b = base();
    process.env.XDG_DATA_HOME = path.join(b, 'data');
    process.env.XDG_CACHE_HOME = path.join(b, 'cache');
    const profile = resolveProfileDir({}, path.join(b, 'no-such-legacy'));
    expect(profile).toBe(path.join(b, 'data', 'agentos'));
    expect(platformDirs().data).toBe(profile);
    expect(resolveCacheDir(profile)).toBe(path.join(b, 'cache', 'agentos'));
  });

  it('keeps a ~/.agentos made by an earlier version where it is, caches inside', () => {
    const legacy = path.join(base(), '.agentos');
    fs.mkdirSync(legacy);
    expect(resolveProfileDir({}, legacy)).toBe(legacy);
    expect(resolveCacheDir(legacy)).toBe(path.join(legacy, 'cache'));
  });
});
