import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);

describe('electron-builder.yml', () => {
  const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('is valid against electron-builder’s own configuration schema', () => {
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  });

  it('builds AppImage and deb on Linux, dmg on macOS and an NSIS installer on Windows', () => {
    expect((config.linux as { target: string[] }).target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect((config.mac as { target: string[] }).target).toContain('dmg');
    expect((config.win as { target: string[] }).target).toContain('nsis');
  });

  it('turns the security fuses on in the packaged build', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
  });

  it('keeps electron-builder\'s default deb dependencies and recommends the sandbox and offline voice', () => {
    // the builder's own list, read from its source: a "depends" replaces it, so ours must contain it whole
    const source = fs.readFileSync(require.resolve('app-builder-lib/out/targets/FpmTarget.js'), 'utf8');
    const defaults = JSON.parse(/case "deb":\s*return (\[[^\]]*\])/.exec(source)![1]!) as string[];
    expect(defaults.length).toBeGreaterThan(5);
    const deb = config.deb as { depends: string[]; recommends: string[] };
    expect(deb.depends).toEqual(expect.arrayContaining(defaults));
    expect(deb.recommends).toEqual(expect.arrayContaining(['bubblewrap', 'pocketsphinx', 'pocketsphinx-en-us', 'espeak-ng']));
  });

  it('has icons for all three platforms and the macOS microphone entitlement', () => {
    const icon = (p: string) => fs.readFileSync(path.join(root, p));
    const png = icon((config.linux as { icon: string }).icon);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512); // width
    expect(icon((config.mac as { icon: string }).icon).subarray(0, 4).toString()).toBe('icns');
    const ico = icon((config.win as { icon: string }).icon);
    expect(ico.readUInt16LE(2)).toBe(1); // an icon resource
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5); // several sizes
    const mac = config.mac as { entitlements: string; hardenedRuntime: boolean; extendInfo: Record<string, string> };
    expect(mac.hardenedRuntime).toBe(true);
    expect(fs.readFileSync(path.join(root, mac.entitlements), 'utf8')).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
    expect(mac.extendInfo.NSMicrophoneUsageDescription).toBeTruthy();
  });

  it('leaves out of an installer what it must not carry: source maps, browser builds, other platforms\' binaries', () => {
    const patterns = (extra: unknown) => [...(config.files as string[]), ...((extra as { files?: string[] }).files ?? [])];
    const shipped = (file: string, platform: 'linux' | 'mac' | 'win') => {
      let keep = false;
      for (const p of patterns(config[platform])) {
        if (p.startsWith('!')) keep = keep && !minimatch(file, p.slice(1), { dot: true });
        else if (minimatch(file, p, { dot: true })) keep = true;
      }
      return keep;
    };
    // node_modules are added by the builder itself: judge them against the exclusions only
    const nm = (file: string, platform: 'linux' | 'mac' | 'win') => !patterns(config[platform]).filter((p) => p.startsWith('!')).some((p) => minimatch(file, p.slice(1), { dot: true }));
    expect(shipped('dist/kernel/kernel.js', 'linux')).toBe(true);
    expect(shipped('dist/kernel/kernel.js.map', 'linux')).toBe(false);
    expect(shipped('dist/kernel/kernel.test.js', 'linux')).toBe(false);
    expect(nm('node_modules/onnxruntime-web/dist/ort.min.js', 'linux')).toBe(false);
    expect(nm('node_modules/@huggingface/transformers/dist/transformers.web.js', 'linux')).toBe(false);
    expect(nm('node_modules/@fugood/node-whisper-wasm/index.js', 'linux')).toBe(false);
    expect(nm('node_modules/@huggingface/transformers/dist/transformers.node.mjs', 'linux')).toBe(true);
    expect(nm('node_modules/onnxruntime-node/bin/napi-v3/linux/x64/onnxruntime_binding.node', 'linux')).toBe(true);
    expect(nm('node_modules/onnxruntime-node/bin/napi-v3/win32/x64/onnxruntime_binding.node', 'linux')).toBe(false);
    expect(nm('node_modules/onnxruntime-node/bin/napi-v3/darwin/arm64/onnxruntime_binding.node', 'linux')).toBe(false);
    expect(nm('node_modules/onnxruntime-node/bin/napi-v3/darwin/arm64/onnxruntime_binding.node', 'mac')).toBe(true);
    expect(nm('node_modules/onnxruntime-node/bin/napi-v3/linux/x64/onnxruntime_binding.node', 'win')).toBe(false);
  });
});
