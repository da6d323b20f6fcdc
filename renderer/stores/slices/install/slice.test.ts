import { describe, expect, it } from 'vitest';
import type { InstallPreview } from '../../../bridge/contracts';
import { scriptedBridge } from '../../test-bridge';
import { askedPermissions, describeSignature, scanSummary } from './selectors';

const preview = (extra: Partial<InstallPreview> = {}): InstallPreview => ({
  id: 'hello-world',
  name: 'Hello World',
  version: '1.0.0',
  description: 'Greets people.',
  publisher: 'Jane Dev',
  kind: 'module',
  signature: { state: 'none' },
  permissions: [{ kind: 'notifications', scope: [], description: 'show notifications' }],
  scan: { blocked: false, filesScanned: 2, findings: [] },
  sandbox: ['filesystem: confined'],
  netUnenforced: false,
  update: null,
  unchanged: false,
  digest: 'a'.repeat(64),
  ...extra,
});

describe('install slice', () => {
  it('previews the typed path, installs with the reviewed digest, toasts and refreshes skills and grants', async () => {
    let installed = false;
    const { store, calls } = scriptedBridge({
      'skills.previewInstall': () => preview(),
      'skills.install': () => ((installed = true), { id: 'hello-world', version: '1.0.0', action: 'installed', signedBy: null, granted: [{ kind: 'notifications', scope: [] }] }),
      'skills.list': () => (installed ? [{ id: 'hello-world', name: 'Hello World' }] : []),
      'grants.list': () => [],
    });
    const s = () => store.getState();
    s().openInstall();
    s().setInstallSource('  /tmp/hello  ');
    await s().previewInstall();
    expect(calls).toContainEqual(['skills.previewInstall', { source: '/tmp/hello' }]);
    expect(s().installPreview?.id).toBe('hello-world');
    const outcome = await s().confirmInstall({ grant: 'declared', duration: 'session' });
    expect(outcome?.action).toBe('installed');
    expect(calls).toContainEqual(['skills.install', { source: '/tmp/hello', digest: 'a'.repeat(64), grant: 'declared', duration: 'session', ignoreScan: false }]);
    expect(s().installOpen).toBe(false);
    expect(s().toasts.at(-1)).toMatchObject({ kind: 'success', title: 'Installed Hello World 1.0.0', body: 'Granted: notifications.' });
    expect(s().skills.map((x) => x.id)).toEqual(['hello-world']);
    expect(calls.map(([m]) => m)).toContain('grants.list');
  });

  it('keeps the dialog open with the kernel error, and clears the preview when the path changes', async () => {
    const { store } = scriptedBridge({
      'skills.previewInstall': () => preview(),
      'skills.install': () => {
        throw { code: 'denied', message: 'the package changed after you reviewed it', fix: 'Press Review again' };
      },
    });
    const s = () => store.getState();
    s().openInstall();
    await s().previewInstall();
    expect(s().installError?.code).toBe('bad_input');
    s().setInstallSource('/tmp/hello');
    await s().previewInstall();
    expect(await s().confirmInstall({ grant: 'declared', duration: 'until' })).toBeNull();
    expect(s().installError?.message).toMatch(/date/);
    expect(await s().confirmInstall({ grant: 'none', duration: 'always' })).toBeNull();
    expect(s().installOpen).toBe(true);
    expect(s().installError).toMatchObject({ code: 'denied', fix: 'Press Review again' });
    s().setInstallSource('/tmp/other');
    expect(s().installPreview).toBeNull();
    expect(await s().confirmInstall({ grant: 'declared', duration: 'always' })).toBeNull();
  });

  it('sums up signature, scan and, on an update, only the new permissions', () => {
    expect(describeSignature(preview({ signature: { state: 'signed', keyId: 'ed25519:abc' } }))).toEqual({ tone: 'ok', text: 'Signed by ed25519:abc' });
    expect(describeSignature(preview()).tone).toBe('warn');
    const findings = [
      { code: 'DYNAMIC_EVAL', severity: 'warn' as const, message: 'eval', file: 'index.js' },
      { code: 'CREDENTIAL_ACCESS', severity: 'block' as const, message: 'ssh', file: 'index.js', line: 3 },
    ];
    expect(scanSummary(preview({ scan: { blocked: true, filesScanned: 2, findings } }))).toEqual({ tone: 'bad', text: 'Scan blocked it: 1 serious finding, 1 warning' });
    expect(scanSummary(preview({ scan: { blocked: false, filesScanned: 2, findings: [findings[0]!] } })).tone).toBe('warn');
    expect(scanSummary(preview()).tone).toBe('ok');
    const perms = [
      { kind: 'notifications' as const, scope: [], description: 'n' },
      { kind: 'net' as const, scope: ['api.example.com'], description: 'connect' },
    ];
    expect(askedPermissions(preview({ permissions: perms })).length).toBe(2);
    expect(askedPermissions(preview({ permissions: perms, update: { from: '0.9.0', widened: [{ kind: 'net', scope: ['api.example.com'] }] } })).map((p) => p.kind)).toEqual(['net']);
  });
});
