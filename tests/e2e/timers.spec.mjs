// Reminders: one set for two seconds from now counts down in the reminders view and fires as an in-page notification.
import { ask, assert, bridgeCall, openPortal } from './helpers.mjs';

export const tests = [
  {
    name: 'a reminder counts down and fires as a notification',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      // Through the reminders skill when it understands seconds; else through the bridge (the reminders view's own path).
      const answer = await ask(page, 'remind me to drink water in 3 seconds');
      const status = await answer.locator('.agent-body').getAttribute('data-status');
      const timers = await bridgeCall(page, 'timers.list', {});
      let title = timers.find((t) => /water/.test(t.title))?.title;
      if (status !== 'served' || !title) {
        title = 'drink water';
        await bridgeCall(page, 'timers.schedule', { kind: 'reminder', title, dueAt: new Date(Date.now() + 3000).toISOString() });
      }
      await page.keyboard.press('Control+4');
      const row = page.locator('.timer-row', { hasText: title }).first();
      await row.waitFor({ timeout: 3000 });
      const c1 = await row.locator('.countdown').innerText();
      assert(/^\d+:\d\d$/.test(c1), `countdown shows "${c1}"`);
      await shot('timers');
      const toast = page.locator('.toast.reminder', { hasText: title });
      await toast.waitFor({ timeout: 10_000 });
      await shot('reminder-fired');
      await page.locator('.timer-list.fired .timer-row', { hasText: title }).waitFor();
      await toast.getByRole('button', { name: 'Dismiss notification' }).click();
      await toast.waitFor({ state: 'detached' });
    },
  },
];
