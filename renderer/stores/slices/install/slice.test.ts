import { describe, expect, it } from 'vitest';
import type { InstallPreview } from '../../../bridge/contracts';
import { scriptedBridge } from '../../test-bridge';
import { askedPermissions, describeOverlap, describePublisherChange, describeSignature, missingConsent, overlapNeedsConsent, scanSummary } from './selectors';

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
  unsigned: true,
  publisherChange: null,
  overlaps: [],
  broadTemplates: [],
  toolsAfterConsent: false,
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
    expect(calls).toContainEqual(['skills.install', { source: '/tmp/hello', digest: 'a'.repeat(64), grant: 'declared', duration: 'session', ignoreScan: false, allowOverlap: false }]);
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

const outcome = { id: 'hello-world', version: '1.1.0', action: 'updated', signedBy: 'ed25519:00112233aabbccdd', granted: [] };
const change: NonNullable<InstallPreview['publisherChange']> = {
  changes: ['first-signature', 'renamed'],
  from: { name: 'Jane Dev', keyId: null, fingerprint: null },
  to: { name: 'Mallory', keyId: 'ed25519:00112233aabbccdd', fingerprint: 'f'.repeat(64) },
  accept: 'ed25519:00112233aabbccdd',
};
const thief = (extra: Partial<InstallPreview['overlaps'][number]> = {}): InstallPreview['overlaps'][number] => ({
  phrase: 'take a note buy milk',
  how: 'takes',
  skill: 'notes',
  skillName: 'Notes',
  builtin: true,
  catchAll: false,
  ...extra,
});

/** A store showing `p` in the dialog, and the skills.install calls it makes. */
async function reviewed(p: InstallPreview, install: () => unknown = () => outcome) {
  const { store, calls } = scriptedBridge({ 'skills.previewInstall': () => p, 'skills.install': install, 'skills.list': () => [], 'grants.list': () => [] });
  const s = () => store.getState();
  s().openInstall();
  s().setInstallSource('/tmp/hello');
  await s().previewInstall();
  return { s, installs: () => calls.filter(([m]) => m === 'skills.install').map(([, input]) => input as Record<string, unknown>) };
}

describe('install consent: publisher changes and shared phrases need their own yes', () => {
  it('refuses a publisher change without the explicit acceptance, and sends the preview\'s accept value with it', async () => {
    const { s, installs } = await reviewed(preview({ publisherChange: change, update: { from: '1.0.0', widened: [] } }));
    expect(await s().confirmInstall({ grant: 'declared', duration: 'always' })).toBeNull();
    expect(await s().confirmInstall({ grant: 'declared', duration: 'always', allowOverlap: true })).toBeNull();
    expect(installs()).toEqual([]);
    expect(s().installError?.message).toMatch(/Accept the new publisher/);
    expect((await s().confirmInstall({ grant: 'declared', duration: 'always', acceptPublisher: true }))?.action).toBe('updated');
    expect(installs()).toEqual([expect.objectContaining({ acceptPublisher: 'ed25519:00112233aabbccdd', allowOverlap: false })]);
  });

  it('never sends acceptPublisher when the preview shows no publisher change', async () => {
    const { s, installs } = await reviewed(preview());
    await s().confirmInstall({ grant: 'declared', duration: 'always', acceptPublisher: true });
    expect(installs()).toHaveLength(1);
    expect(installs()[0]).not.toHaveProperty('acceptPublisher');
  });

  it('refuses an install that shares phrases (or has a catch-all template) until "Install anyway" is ticked', async () => {
    for (const p of [preview({ overlaps: [thief()] }), preview({ overlaps: [thief({ how: 'owned', builtin: false, skill: 'x', skillName: 'X' })] }), preview({ broadTemplates: [{ intent: 'thief.all', template: '{anything}' }] })]) {
      const { s, installs } = await reviewed(p);
      expect(await s().confirmInstall({ grant: 'declared', duration: 'always' })).toBeNull();
      expect(s().installError?.message).toMatch(/shares phrases/);
      expect(installs()).toEqual([]);
      await s().confirmInstall({ grant: 'declared', duration: 'always', allowOverlap: true });
      expect(installs()).toEqual([expect.objectContaining({ allowOverlap: true })]);
    }
  });

  it('lets an overlap with a built-in catch-all only pass without the tick (as the kernel does)', async () => {
    const p = preview({ overlaps: [thief({ catchAll: true })] });
    expect(overlapNeedsConsent(p)).toBe(false);
    const { s, installs } = await reviewed(p);
    await s().confirmInstall({ grant: 'declared', duration: 'always' });
    expect(installs()).toEqual([expect.objectContaining({ allowOverlap: false })]);
  });

  it('after an MCP install refused for its tools\' phrases, asks for "Install anyway" before trying again', async () => {
    let n = 0;
    const { s, installs } = await reviewed(preview({ kind: 'mcp', toolsAfterConsent: true }), () => {
      if (n++ === 0) throw { code: 'denied', message: 'Installation of mcp-x cancelled because of the phrase overlap; nothing was changed.' };
      return outcome;
    });
    expect(await s().confirmInstall({ grant: 'declared', duration: 'always' })).toBeNull();
    expect(s().installOverlapRefused).toBe(true);
    expect(await s().confirmInstall({ grant: 'declared', duration: 'always' })).toBeNull();
    expect(installs()).toHaveLength(1);
    await s().confirmInstall({ grant: 'declared', duration: 'always', allowOverlap: true });
    expect(installs().at(-1)).toMatchObject({ allowOverlap: true });
    s().openInstall();
    expect(s().installOverlapRefused).toBe(false);
  });

  it('a refusal of a non-MCP package does not turn into an overlap question', async () => {
    const { s } = await reviewed(preview(), () => {
      throw { code: 'denied', message: 'Refused: its overlap with notes' };
    });
    await s().confirmInstall({ grant: 'declared', duration: 'always' });
    expect(s().installOverlapRefused).toBe(false);
  });

  it('describes the change, the overlaps and what is missing in words', () => {
    expect(describePublisherChange(change)).toEqual([expect.stringMatching(/signed for the first time/), 'The publisher name changed']);
    expect(describeOverlap(thief())).toMatch(/a phrase of Notes; this skill would read it too — Notes keeps it/);
    expect(describeOverlap(thief({ how: 'owned', builtin: false }))).toMatch(/already handled by Notes, which keeps it/);
    expect(missingConsent(preview({ publisherChange: change, overlaps: [thief()] }), { acceptPublisher: true })).toMatch(/shares phrases/);
    expect(missingConsent(preview({ publisherChange: change, overlaps: [thief()] }), { acceptPublisher: true, allowOverlap: true })).toBeNull();
  });
});
