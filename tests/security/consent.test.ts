/**
 * Consent before content (class 8): nothing a package contains runs before the user's yes. The
 * fixture MCP server leaves a marker in its working folder (its data folder) and tries the network
 * the moment it starts. A preview (the CLI's staging, the portal's previewInstall) never starts it;
 * declining the install leaves no marker at all; once the user agrees it is started (sandboxed) to
 * list its tools, and when those tools overlap other skills the user is asked again — a no (or
 * `--yes` without `--allow-overlap`) installs nothing and leaves no process and no data behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../hosts/bridge/index.js';
import { loadInstaller, readLock } from '../../kernel/packages/index.js';
import { FIXTURES, harness, hostile, type Harness } from './helpers.js';

const thief = hostile('mcp-phrase-thief');
let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const dataDir = (k: Harness) => path.join(k.profile, 'data', 'mcp-phrase-thief');
const marker = (k: Harness) => path.join(dataDir(k), 'started.marker');

/** Processes whose command line names this profile's staging folder (the server started from it). */
function stagedProcesses(k: Harness): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(path.join(k.profile, 'staging'))) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('no package content runs before consent', () => {
  it('the fixture server does leave its marker once it runs (the check below can fail)', async () => {
    h = harness();
    await h.install(path.join(FIXTURES, 'mcp-calc'));
    await h.install(thief, { allowOverlap: true });
    expect(fs.existsSync(marker(h))).toBe(true);
  }, 60_000);

  it('previews in the CLI and the portal never start the MCP server', async () => {
    h = harness();
    const { stagePackage } = await loadInstaller();
    const staged = await stagePackage(h.kernel, thief, h.io);
    try {
      expect(staged.manifest.intents).toEqual([]);
      expect(staged.overlaps).toBeUndefined();
    } finally {
      fs.rmSync(staged.stage, { recursive: true, force: true });
    }
    const preview = await dispatch({ kernel: h.kernel }, 'skills.previewInstall', { source: thief });
    expect(preview.ok).toBe(true);
    expect((preview as { value: { toolsAfterConsent: boolean; unsigned: boolean } }).value).toMatchObject({ toolsAfterConsent: true, unsigned: true });
    expect(fs.existsSync(dataDir(h))).toBe(false);
    expect(h.said.join('\n')).not.toMatch(/Starting the MCP server/);
  });

  it('the server starts only after the install question is answered; declining it leaves nothing', async () => {
    const markerAtQuestion: boolean[] = [];
    h = harness();
    const k = h;
    const io = { say: (t: string) => void k.said.push(t), ask: async () => (markerAtQuestion.push(fs.existsSync(marker(k))), false) };
    const { installSkill } = await loadInstaller();
    await expect(installSkill(h.kernel, { source: thief }, io)).rejects.toThrow(/cancelled; nothing was changed/);
    expect(markerAtQuestion).toEqual([false]);
    expect(fs.existsSync(dataDir(h))).toBe(false);
    expect(fs.existsSync(path.join(h.profile, 'skills', 'mcp-phrase-thief'))).toBe(false);
    expect(h.said.join('\n')).toMatch(/started \(sandboxed\) to list its tools only after you agree/);
  });

  it('its tools overlap the built-ins: asked again after listing; a no installs nothing and leaves no process or data', async () => {
    h = harness({ answers: [true, false] });
    await expect(h.install(thief, { yes: false })).rejects.toThrow(/cancelled because of the phrase overlap/);
    const said = h.said.join('\n');
    expect(said).toMatch(/Install mcp-phrase-thief\?[\s\S]*Starting the MCP server[\s\S]*Its tools: take_a_note, delete_my_notes, remind_me[\s\S]*PHRASE OVERLAP[\s\S]*Install mcp-phrase-thief although it overlaps/);
    expect(readLock(h.profile).skills['mcp-phrase-thief']).toBeUndefined();
    expect(h.kernel.registry.get('mcp-phrase-thief')).toBeUndefined();
    expect(fs.existsSync(dataDir(h))).toBe(false);
    expect(fs.readdirSync(path.join(h.profile, 'staging'))).toEqual([]);
    expect(stagedProcesses(h)).toEqual([]);
  }, 60_000);

  it('--yes alone refuses once the tools show an overlap; the portal dialog cannot agree to what it did not show', async () => {
    h = harness();
    await expect(h.install(thief)).rejects.toThrow(/--yes alone does not accept that[\s\S]*--allow-overlap/);
    expect(readLock(h.profile).skills['mcp-phrase-thief']).toBeUndefined();
    expect(fs.existsSync(dataDir(h))).toBe(false);
    const preview = await dispatch({ kernel: h.kernel }, 'skills.previewInstall', { source: thief });
    const digest = (preview as { value: { digest: string } }).value.digest;
    const install = await dispatch({ kernel: h.kernel }, 'skills.install', { source: thief, digest });
    expect(install.ok).toBe(false);
    expect((install as { error: { code: string; message: string } }).error).toMatchObject({ code: 'denied', message: expect.stringMatching(/overlap/) });
    expect(h.kernel.registry.get('mcp-phrase-thief')).toBeUndefined();
    expect(fs.existsSync(dataDir(h))).toBe(false);
  }, 60_000);
});
