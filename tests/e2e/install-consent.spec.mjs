// The install dialog's own questions, in a real browser (issue 16, classes 5 and 6): a community
// skill that claims built-in phrases (tests/fixtures/hostile/phrase-thief) has every shared phrase
// and catch-all template listed and cannot be installed without "Install anyway"; an update signed
// for the first time (a publisher change) names both identities and cannot be installed without
// accepting the new one. The kernel refuses both without the explicit acceptance too (called
// directly, as a tampered portal would), and unsigned community skills are marked in the list.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask, assert, bridgeCall, openPortal } from './helpers.mjs';

function cli(root, home, args) {
  return execFileSync(process.execPath, [path.join(root, 'dist', 'hosts', 'cli', 'main.js'), ...args], { env: { ...process.env, AGENTOS_HOME: home, NO_COLOR: '1' }, encoding: 'utf8', stdio: 'pipe' });
}

/** Opens the install dialog and reviews `source`; resolves with the dialog and its preview card. */
async function review(page, source, name) {
  await page.getByRole('button', { name: /^Skills/ }).click();
  await page.getByRole('button', { name: 'Install skill…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Install a skill' });
  await dialog.getByRole('textbox', { name: /Skill folder or \.tgz/ }).fill(source);
  await dialog.getByRole('button', { name: 'Review' }).click();
  const card = dialog.getByRole('region', { name: `What ${name} asks for` });
  await card.waitFor({ timeout: 30_000 });
  return { dialog, card };
}

/** skills.install straight to the kernel with the reviewed digest and no acceptance: must be refused. */
async function expectKernelRefuses(page, source, what) {
  const preview = await bridgeCall(page, 'skills.previewInstall', { source });
  const refused = await bridgeCall(page, 'skills.install', { source, digest: preview.digest }).then(
    () => null,
    // Playwright prefixes the page's error ("page.evaluate: Error: {…}").
    (e) => JSON.parse(/\{[\s\S]*\}/.exec(e.message)?.[0] ?? '{}'),
  );
  assert(refused && refused.code === 'denied', `the kernel installed ${what} without the explicit acceptance: ${JSON.stringify(refused)}`);
  return preview;
}

/** A copy of the hello fixture with its own id, publisher and version (the e2e profile is shared by every spec). */
function helloCopy(dir, manifest) {
  const src = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'good', 'hello');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(src, 'index.js'), path.join(dir, 'index.js'));
  const base = JSON.parse(fs.readFileSync(path.join(src, 'skill.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'skill.json'), JSON.stringify({ ...base, ...manifest }, null, 2));
  return dir;
}

export const tests = [
  {
    name: 'a phrase thief: every shared phrase is listed, Install needs "Install anyway", built-ins keep their phrases',
    async run({ page, server, root, home, shot }) {
      const source = path.join(root, 'tests', 'fixtures', 'hostile', 'phrase-thief');
      await openPortal(page, server);
      const { dialog, card } = await review(page, source, 'Better Notes');
      assert(/Unsigned/.test(await card.innerText()), 'the unsigned package is not marked in the preview');
      const shared = dialog.getByRole('region', { name: 'Shared phrases' });
      const phrases = shared.getByRole('list', { name: 'Overlapping phrases' }).locator('li');
      assert((await phrases.count()) > 0, 'no overlapping phrase is listed');
      const notes = shared.locator('li[data-skill="notes"]');
      assert((await notes.count()) > 0, `the built-in notes skill is not named among the overlaps: ${await shared.innerText()}`);
      assert(/built-in/.test(await notes.first().innerText()), 'the overlap with notes is not marked built-in');
      assert(/\{anything\}/.test(await shared.getByRole('list', { name: 'Catch-all templates' }).innerText()), 'the catch-all template is not listed');
      const install = dialog.getByRole('button', { name: 'Install', exact: true });
      assert(await install.isDisabled(), 'Install is enabled before "Install anyway" is ticked');
      await expectKernelRefuses(page, source, 'a skill that shares built-in phrases');
      await shot('install-consent-overlap');
      await shared.getByRole('checkbox', { name: /Install anyway/ }).check();
      assert(await install.isEnabled(), 'Install stays disabled after "Install anyway"');
      await install.click();
      await page.getByText('Installed Better Notes 1.0.0').waitFor({ timeout: 30_000 });
      try {
        const cardInList = page.locator('[data-skill="phrase-thief"]');
        await cardInList.waitFor();
        assert((await cardInList.getByTestId('unsigned').count()) === 1, 'the installed unsigned skill is not marked "unsigned" in the list');
        // The built-in keeps its phrase: the note goes to notes, not to the stranger.
        await page.keyboard.press('Control+1');
        await ask(page, 'take a note that the e2e wifi password is on the fridge');
        const last = (await bridgeCall(page, 'history.list', { limit: 1 }))[0];
        assert(last && last.skill === 'notes', `the built-in phrase went to ${last?.skill}: ${JSON.stringify(last)}`);
      } finally {
        cli(root, home, ['skill', 'remove', 'phrase-thief', '--yes', '--delete-data']);
      }
    },
  },
  {
    name: 'a first signature is a publisher change: both identities shown, Update needs the explicit acceptance',
    async run({ page, server, root, home, shot }) {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-e2e-publisher-'));
      const id = 'e2e-republished';
      try {
        const v1 = helloCopy(path.join(tmp, 'v1'), { id, name: 'Republished Hello', version: '1.0.0', publisher: 'Jane Dev' });
        cli(root, home, ['skill', 'install', v1, '--yes']);
        // A stranger's key, in a profile of its own, signs the next version under the same name.
        const strangerHome = path.join(tmp, 'stranger');
        const key = JSON.parse(cli(root, strangerHome, ['keys', 'new', '--json']));
        const v2 = helloCopy(path.join(tmp, 'v2'), { id, name: 'Republished Hello', version: '1.1.0', publisher: 'Jane Dev' });
        cli(root, strangerHome, ['skill', 'sign', v2]);

        await openPortal(page, server);
        await page.getByRole('button', { name: /^Skills/ }).click();
        const listed = page.locator(`[data-skill="${id}"]`);
        await listed.waitFor();
        assert((await listed.getByTestId('unsigned').count()) === 1, 'the unsigned install is not marked "unsigned" in the list');

        const { dialog } = await review(page, v2, 'Republished Hello');
        const box = dialog.getByRole('region', { name: 'Publisher change' });
        await box.waitFor();
        const text = await box.innerText();
        assert(/signed for the first time/.test(text), `the change is not described: ${text}`);
        assert(/Jane Dev/.test(await box.getByRole('group', { name: 'Installed from' }).innerText()), 'the installed identity is not named');
        const to = await box.getByRole('group', { name: 'This package' }).innerText();
        assert(to.includes(key.id), `the new key id ${key.id} is not shown: ${to}`);
        assert(/fingerprint [0-9a-f]{64}/.test(to), `the new key's fingerprint is not shown: ${to}`);
        const update = dialog.getByRole('button', { name: 'Update', exact: true });
        assert(await update.isDisabled(), 'Update is enabled before the new publisher is accepted');
        const preview = await expectKernelRefuses(page, v2, 'a publisher change');
        assert(preview.publisherChange?.accept === key.id, `the preview's accept value is not the new key id: ${JSON.stringify(preview.publisherChange)}`);
        await shot('install-consent-publisher');
        await box.getByRole('checkbox', { name: /I accept the new publisher/ }).check();
        assert(await update.isEnabled(), 'Update stays disabled after accepting the new publisher');
        await update.click();
        await page.getByText('Updated Republished Hello 1.1.0').waitFor({ timeout: 30_000 });
        await listed.getByTestId('community').waitFor();
        assert((await listed.getByTestId('unsigned').count()) === 0, 'the signed skill is still marked "unsigned"');
        assert((await listed.getByTestId('community').getAttribute('title')) === `Signed by key ${key.id}`, 'the signing key is not named on the skill');
      } finally {
        try {
          cli(root, home, ['skill', 'remove', id, '--yes', '--delete-data']);
        } catch {
          // Not installed: an earlier step failed, and its error is the one to report.
        }
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
  },
];
