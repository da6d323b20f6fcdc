// The other views: skills (toggle one off and on), activity, settings (LLM test), in light and dark.
/* global document -- functions passed to page.evaluate run in the browser */
import { ask, assert, bridgeCall, openPortal } from './helpers.mjs';

export const tests = [
  {
    name: 'disabling a skill makes its requests not understood; enabling restores them',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      await page.getByRole('button', { name: /^Skills/ }).click();
      const card = page.locator('[data-skill="calculator"]');
      await card.waitFor();
      await card.getByRole('button', { name: /intent/ }).click();
      await shot('skills');
      const toggle = card.getByRole('switch');
      assert((await toggle.getAttribute('aria-checked')) === 'true', 'calculator starts disabled');
      await toggle.click();
      await page.waitForFunction(() => document.querySelector('[data-skill="calculator"] [role="switch"]')?.getAttribute('aria-checked') === 'false');
      const listed = await bridgeCall(page, 'skills.list', {});
      assert(listed.find((s) => s.id === 'calculator')?.enabled === false, 'the kernel still has the calculator enabled');
      await page.keyboard.press('Control+1');
      const refused = await ask(page, 'what is 15% of 240');
      const status = await refused.locator('.agent-body').getAttribute('data-status');
      assert(status !== 'served', `a disabled skill still served the request (${status})`);
      await page.keyboard.press('Control+2');
      await page.locator('[data-skill="calculator"]').getByRole('switch').click();
      await page.keyboard.press('Control+1');
      const served = await ask(page, 'what is 15% of 240');
      await served.locator('[data-status="served"]').waitFor();
    },
  },
  {
    name: 'activity lists requests with outcome and duration',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      await ask(page, 'what is 2 + 2');
      await page.keyboard.press('Control+3');
      const row = page.locator('.activity-table tbody tr', { hasText: 'what is 2 + 2' }).first();
      await row.waitFor();
      const text = await row.innerText();
      assert(/served/i.test(text) && /ms/.test(text), `the activity row lacks outcome or duration: ${text}`);
      await shot('activity');
    },
  },
  {
    name: 'settings show the profile folder and test the language-model connection',
    async run({ page, server, shot, home }) {
      await openPortal(page, server);
      await page.keyboard.press('Control+6');
      const profile = page.getByLabel('Profile folder');
      await profile.waitFor();
      assert((await profile.inputValue()) === home, `profile folder shows ${await profile.inputValue()}, expected ${home}`);
      await page.getByRole('button', { name: 'Test connection' }).click();
      const result = page.locator('.test-result');
      await result.waitFor();
      assert(/No language-model endpoint/.test(await result.innerText()), `unexpected test result: ${await result.innerText()}`);
      // A skill's declared settings have a section of their own, named after the skill, and save like the kernel's.
      const skillSection = page.getByRole('region', { name: 'Kernel optimizer' });
      const budget = skillSection.getByLabel('Budget');
      await budget.fill('12');
      await budget.press('Enter');
      await skillSection.locator('.saved').waitFor();
      const stored = await bridgeCall(page, 'settings.get', {});
      assert(stored.values['skill.kernel-optimizer.budget'] === 12, `the skill setting was not saved: ${JSON.stringify(stored.values['skill.kernel-optimizer.budget'])}`);
      await skillSection.scrollIntoViewIfNeeded();
      await shot('settings-skill');
      await page.getByRole('radio', { name: 'Dark' }).click();
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
      await shot('settings-dark');
      await page.getByRole('radio', { name: 'Light' }).click();
    },
  },
];
