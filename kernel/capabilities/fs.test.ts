import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CapabilityDenied } from './denied.js';
import { createFsCapability } from './fs.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-cap-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

function folders() {
  const root = fs.mkdtempSync(path.join(base, 'case-'));
  const read = path.join(root, 'read');
  const data = path.join(root, 'data');
  const outside = path.join(root, 'outside');
  for (const d of [read, data, outside]) fs.mkdirSync(d);
  fs.writeFileSync(path.join(read, 'a.txt'), 'alpha');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  return { root, read, data, outside };
}

describe('fs capability', () => {
  it('reads inside the read and write roots, and refuses paths outside them', async () => {
    const f = folders();
    const cap = createFsCapability([f.read], ['$DATA'], { data: f.data });
    expect(cap.roots).toEqual([f.read, f.data]);
    expect(await cap.readFile(path.join(f.read, 'a.txt'))).toBe('alpha');
    await cap.writeFile!('$DATA/b.txt', 'beta');
    expect(await cap.readFile(path.join(f.data, 'b.txt'))).toBe('beta');
    await expect(cap.readFile(path.join(f.outside, 'secret.txt'))).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.readFile(path.join(f.read, '..', 'outside', 'secret.txt'))).rejects.toThrow(/outside the granted folders/);
  });

  it('follows a symlink before the check: a link out of a granted folder is refused', async () => {
    const f = folders();
    fs.symlinkSync(f.outside, path.join(f.read, 'escape'));
    fs.symlinkSync(path.join(f.outside, 'secret.txt'), path.join(f.data, 'link.txt'));
    const cap = createFsCapability([f.read], [f.data], { data: f.data });
    await expect(cap.readFile(path.join(f.read, 'escape', 'secret.txt'))).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.exists(path.join(f.read, 'escape', 'secret.txt'))).rejects.toBeInstanceOf(CapabilityDenied);
    // writing through a link that points outside is refused; removing the link removes only the link
    await expect(cap.writeFile!(path.join(f.data, 'link.txt'), 'x')).rejects.toBeInstanceOf(CapabilityDenied);
    await cap.remove!(path.join(f.data, 'link.txt'));
    expect(fs.existsSync(path.join(f.data, 'link.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(f.outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('has no write methods without a write grant, and writes only inside the write roots', async () => {
    const f = folders();
    const readOnly = createFsCapability([f.read], [], { data: f.data });
    expect(readOnly.writeFile).toBeUndefined();
    expect(readOnly.remove).toBeUndefined();
    const cap = createFsCapability([f.read], [f.data], { data: f.data });
    await expect(cap.writeFile!(path.join(f.read, 'new.txt'), 'x')).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.mkdir!(path.join(f.outside, 'd'))).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.remove!(path.join(f.read, 'a.txt'))).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.copyFile!(path.join(f.read, 'a.txt'), path.join(f.outside, 'a.txt'))).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.copyFile!(path.join(f.outside, 'secret.txt'), path.join(f.data, 's.txt'))).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.rename!(path.join(f.read, 'a.txt'), path.join(f.data, 'a.txt'))).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.remove!(f.data)).rejects.toThrow(/granted folder itself/);
    expect(fs.existsSync(path.join(f.read, 'a.txt'))).toBe(true);
  });

  it('writes atomically (text or bytes) creating parents; mkdir, copy, rename, remove and exists', async () => {
    const f = folders();
    const cap = createFsCapability([f.read], ['$DATA'], { data: f.data });
    await cap.writeFile!('$DATA/deep/er/file.bin', new Uint8Array([104, 105]));
    expect(fs.readFileSync(path.join(f.data, 'deep', 'er', 'file.bin'), 'utf8')).toBe('hi');
    expect(fs.readdirSync(path.join(f.data, 'deep', 'er'))).toEqual(['file.bin']);
    await cap.mkdir!('$DATA/x/y/z');
    expect(fs.statSync(path.join(f.data, 'x', 'y', 'z')).isDirectory()).toBe(true);
    await cap.copyFile!(path.join(f.read, 'a.txt'), '$DATA/copy/a.txt');
    expect(fs.readFileSync(path.join(f.data, 'copy', 'a.txt'), 'utf8')).toBe('alpha');
    await cap.rename!('$DATA/copy/a.txt', '$DATA/moved/a.txt');
    expect(await cap.exists('$DATA/copy/a.txt')).toBe(false);
    expect(await cap.exists('$DATA/moved/a.txt')).toBe(true);
    await cap.remove!('$DATA/x');
    await cap.remove!('$DATA/never-existed');
    expect(await cap.exists('$DATA/x')).toBe(false);
  });

  it('makes temporary folders under $DATA/tmp by default, and only inside the write roots', async () => {
    const f = folders();
    const cap = createFsCapability([], ['$DATA'], { data: f.data });
    const a = await cap.makeTempDir!('ko-');
    const b = await cap.makeTempDir!('ko-');
    expect(a).not.toBe(b);
    expect(path.dirname(a)).toBe(fs.realpathSync(path.join(f.data, 'tmp')));
    expect(path.basename(a)).toMatch(/^ko-\w{6}$/);
    expect(fs.readdirSync(a)).toEqual([]);
    await expect(cap.makeTempDir!('ko-', f.outside)).rejects.toBeInstanceOf(CapabilityDenied);
    await expect(cap.makeTempDir!('../ko-')).rejects.toThrow(/plain name/);
  });
});
