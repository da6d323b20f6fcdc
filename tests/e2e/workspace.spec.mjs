// The portal's newer views in a real browser: permissions (revoke a grant of an installed community
// skill, with confirmation), workflow suggestions learned from a repeated two-step habit, and a view
// a skill contributes (the built-in kernel optimizer's, rendered generically) following a run
// started from the chat. Runs last (file order): the optimizer run keeps the CPU busy until the
// server stops.
/* global document -- functions passed to page.evaluate run in the browser */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ask, assert, bridgeCall, openPortal } from './helpers.mjs';

/** The built-in skill whose contributed view the last test drives (only its id is known here). */
const SKILL = 'kernel-optimizer';

export const tests = [
  {
    name: 'permissions: grants grouped by skill; revoking one asks first and removes it in the kernel',
    async run({ page, server, shot, home, root }) {
      // A community skill installed the way a user would (CLI, --yes grants exactly what it declares).
      execFileSync(process.execPath, [path.join(root, 'dist', 'hosts', 'cli', 'main.js'), 'skill', 'install', path.join(root, 'tests', 'fixtures', 'good', 'hello'), '--yes'], {
        env: { ...process.env, AGENTOS_HOME: home, NO_COLOR: '1' },
        stdio: 'pipe',
      });
      await openPortal(page, server);
      await page.getByRole('button', { name: /^Permissions/ }).click();
      const group = page.locator('.grant-group[data-skill="hello-world"]');
      await group.waitFor();
      assert((await page.locator('.grant-group').count()) >= 2, 'the built-in skills\' grants are not listed');
      const row = group.locator('.grant-row[data-kind="notifications"]');
      assert(/Always/.test(await row.innerText()), `the grant row lacks its duration: ${await row.innerText()}`);
      await shot('permissions');
      await row.getByRole('button', { name: 'Revoke notifications for hello-world' }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.waitFor();
      await shot('permissions-confirm');
      // "Keep it" leaves everything as it was.
      await dialog.getByRole('button', { name: 'Keep it' }).click();
      assert((await page.getByRole('alertdialog').count()) === 0, 'the dialog stayed open after "Keep it"');
      assert((await row.count()) === 1, 'the grant disappeared without confirmation');
      await row.getByRole('button', { name: /^Revoke/ }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
      await group.waitFor({ state: 'detached' });
      const grants = await bridgeCall(page, 'grants.list', {});
      assert(!grants.some((g) => g.skill === 'hello-world'), 'the kernel still lists the revoked grant');
      assert(grants.length > 0, 'revoking one grant removed others');
    },
  },
  {
    name: 'workflow suggestion: a repeated two-step habit is offered as a chip that runs it; it can be dismissed',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      for (let i = 0; i < 3; i++) {
        await ask(page, 'what can you do');
        await ask(page, 'what is 2 plus 2');
      }
      await ask(page, 'what can you do');
      const suggestion = page.getByRole('group', { name: 'Workflow suggestion' });
      await suggestion.waitFor({ timeout: 5000 });
      const text = await suggestion.innerText();
      assert(/what can you do/.test(text) && /usually/.test(text), `the suggestion does not name the habit: ${text}`);
      await page.waitForTimeout(400); // let its slide-in finish before the screenshot
      await shot('workflow-suggestion');
      const before = await page.locator('.msg.user').count();
      await suggestion.getByRole('button', { name: 'Do it now: what is 2 plus 2' }).click();
      await page.locator('.msg.user').nth(before).filter({ hasText: 'what is 2 plus 2' }).waitFor();
      const answer = page.locator('.msg.agent').nth(before);
      await answer.locator('[data-status="served"]').waitFor();
      assert(/\b4\b/.test(await answer.innerText()), 'the suggested request did not run');
      // After the sum the habit continues with "what can you do": dismiss that one.
      const next = page.getByRole('group', { name: 'Workflow suggestion' });
      await next.waitFor({ timeout: 5000 });
      await next.getByRole('button', { name: 'Dismiss the suggestion' }).click();
      await next.waitFor({ state: 'detached' });
    },
  },
  {
    name: 'workflow suggestion: "Always do this" after a change proposes the rule and asks before saving it',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      for (const item of ['oat milk', 'bread', 'coffee']) {
        await ask(page, `add a note buy ${item}`);
        await ask(page, 'list my notes');
      }
      await ask(page, 'add a note buy apples');
      const suggestion = page.getByRole('group', { name: 'Workflow suggestion' });
      await suggestion.waitFor({ timeout: 5000 });
      const always = suggestion.getByRole('button', { name: /^Always do this: whenever I add a note buy apples, list my notes$/ });
      await always.waitFor({ timeout: 5000 });
      await shot('workflow-always');
      const before = await page.locator('.msg.agent').count();
      // Specs share one server: other specs may have left rules of their own.
      const rulesBefore = (await bridgeCall(page, 'rules.list', {})).length;
      await always.click();
      const card = page.locator('.msg.agent').nth(before);
      await card.locator('[data-status="confirm"]').waitFor();
      const asked = await card.innerText();
      assert(/Save this automation\?/.test(asked) && /list my notes/.test(asked), `"Always do this" did not propose the rule: ${asked}`);
      // Not saved until the user says yes: nothing in the kernel yet.
      assert((await bridgeCall(page, 'rules.list', {})).length === rulesBefore, 'the rule was saved before the yes');
      await card.locator('.question').getByRole('button', { name: /^no/i }).first().click();
    },
  },
  {
    name: 'a contributed view: the kernel optimizer\'s, from its manifest, opens from the sidebar and follows a run started from the chat',
    async run({ page, server, shot, home, root }) {
      await openPortal(page, server);
      // Nothing in the portal knows this skill: its view comes from its manifest through skills.list.
      const skills = await bridgeCall(page, 'skills.list', {});
      const view = skills.find((s) => s.id === SKILL)?.contributes?.views?.[0];
      assert(view, `${SKILL} contributes no view: ${JSON.stringify(skills.find((s) => s.id === SKILL)?.contributes)}`);
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('button', { name: view.title, exact: true }).click();
      await page.locator(`.page[data-skill-view="${SKILL}/${view.id}"]`).waitFor();
      const empty = await viewOf(page, view.id);
      assert(empty.items.length === 0, `a fresh profile already has items: ${JSON.stringify(empty.items).slice(0, 300)}`);
      await page.getByRole('heading', { name: 'Nothing here yet' }).waitFor();
      if (empty.empty) assert((await page.locator('.empty-state').innerText()).includes(empty.empty), 'the empty view does not say what the skill says to do');
      await shot('skill-view-empty');
      // The skill may read its own data folder: put a starter problem there.
      const dir = path.join(home, 'data', SKILL, 'problems', 'rmsnorm');
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      fs.cpSync(path.join(root, 'skills', SKILL, 'problems', 'rmsnorm'), dir, { recursive: true });
      await nav.getByRole('button', { name: /^Portal/ }).click();
      const input = page.getByRole('textbox', { name: 'Request' });
      await input.fill(`optimize the rmsnorm kernel in ${dir}`);
      await input.press('Enter');
      const pending = page.locator('.msg.agent').last();
      await pending.locator('.inline-progress').waitFor({ timeout: 60_000 });
      await shot('skill-view-chat-progress');
      await pending.getByRole('button', { name: `Open ${view.title}` }).click();
      // Until the skill lists the run the view says a request is in progress; then the run is shown, live.
      const detail = page.locator('.sv-detail[data-tone="info"]');
      await page.getByRole('status', { name: 'A request is in progress' }).or(detail).first().waitFor({ timeout: 10_000 });
      await detail.waitFor({ timeout: 150_000 });
      // Live: the progress grows without a reload (polling + progress events).
      const bar = detail.getByRole('progressbar').first();
      const first = Number(await bar.getAttribute('aria-valuenow'));
      await page.waitForFunction((n) => Number(document.querySelector('.sv-detail [role="progressbar"]')?.getAttribute('aria-valuenow')) > n, first, { timeout: 150_000, polling: 250 });
      // A flat trajectory is a zero-height path, which Playwright calls hidden: wait for it in the DOM.
      await detail.locator('.rc-plot svg path').first().waitFor({ state: 'attached', timeout: 30_000 });
      // What the portal shows is what the skill's view returns: the run, its figure and every detail card.
      const now = await viewOf(page, view.id);
      const item = now.items[0];
      assert(now.items.length === 1 && /rmsnorm/.test(`${item.title} ${item.subtitle ?? ''}`), `unexpected items: ${JSON.stringify(now.items).slice(0, 300)}`);
      const row = page.locator(`.sv-row[data-item="${item.id}"]`);
      assert((await row.innerText()).includes(item.title), `the row does not show "${item.title}"`);
      if (item.figure) await row.locator('.sv-figure').waitFor();
      for (const card of item.detail) await detail.locator(`[data-card-type="${card.type}"]`).first().waitFor({ state: 'attached', timeout: 30_000 });
      await shot('skill-view-live');
      // The palette offers the view too.
      await page.keyboard.press('Control+1');
      await page.keyboard.press('Control+K');
      await page.keyboard.type(view.title);
      await page.keyboard.press('Enter');
      await page.locator(`.page[data-skill-view="${SKILL}/${view.id}"]`).waitFor();
    },
  },
];

/** The view as the skill renders it now (the same call the portal makes). */
async function viewOf(page, name) {
  const result = await bridgeCall(page, 'skills.contribution', { skill: SKILL, kind: 'view', name, args: [] });
  assert(result.view, `the view call returned no view: ${JSON.stringify(result).slice(0, 300)}`);
  return result.view;
}
