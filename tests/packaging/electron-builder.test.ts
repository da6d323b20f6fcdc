import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
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
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
  });
});
