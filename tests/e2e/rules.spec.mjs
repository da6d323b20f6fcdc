// Automations in the portal, as a new user makes one: the sentence shows the confirmation card, a
// yes saves it, it appears in the Rules view with its trigger, action and next run, the dry run
// says what it would do without doing it, and firing it creates the reminder. The server runs on
// the real clock (there is no test clock in browser mode, as for the reminders spec), so the first
// rule is fired with its "Run now" button (the engine's own firing path), and a second one is set
// for the next minute and left to fire on its schedule in the running server.
import { ask, assert, bridgeCall, openPortal } from './helpers.mjs';

const SENTENCE = 'every day at 6pm remind me to stretch';

export const tests = [
  {
    name: 'a rule made in the conversation appears in the Rules view, dry-runs, and fires into a reminder',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      await page.getByRole('button', { name: /^Rules/ }).click();
      const empty = page.locator('.empty-state', { hasText: 'No automations yet' });
      if ((await bridgeCall(page, 'rules.list', {})).length === 0) {
        await empty.waitFor();
        assert((await empty.innerText()).includes(SENTENCE), 'the empty Rules view does not say how to make a rule');
        await shot('rules-empty');
      }
      await page.getByRole('button', { name: /^Portal/ }).click();

      // The confirmation card: every part of the rule, and a question to answer.
      const card = await ask(page, SENTENCE);
      assert((await card.locator('.agent-body').getAttribute('data-status')) === 'confirm', `"${SENTENCE}" was not asked for confirmation: ${await card.innerText()}`);
      const question = card.locator('.question');
      const asked = await question.innerText();
      assert(/Save this automation\?/.test(asked) && /every day at 18:00/.test(asked) && /remind me to stretch/.test(asked), `the confirmation card lacks the rule: ${asked}`);
      await shot('rules-confirm');
      const yes = question.getByRole('button', { name: /^yes/i });
      const answered = page.locator('.msg.agent').nth((await page.locator('.msg.agent').count()));
      if ((await yes.count()) > 0) await yes.first().click();
      else await page.getByRole('textbox', { name: /Request|Your answer/ }).fill('yes').then(() => page.keyboard.press('Enter'));
      await answered.locator('.agent-body:not(.pending)').waitFor({ timeout: 10_000 });
      // The portal says the rule was saved, and the kernel has it.
      const said = await answered.innerText();
      assert(/Saved as rule \d+/.test(said), `the answer to yes does not say the rule was saved: ${said}`);
      const rules = await bridgeCall(page, 'rules.list', {});
      const id = rules.filter((r) => r.source === SENTENCE).at(-1)?.id;
      assert(id > 0 && said.includes(`rule ${id}`), `the yes did not save the rule: ${said}`);

      // The Rules view: the rule with its trigger, its action, its state and its next run.
      await page.getByRole('button', { name: /^Rules/ }).click();
      const rule = page.locator(`.rule-card[data-rule="${id}"]`);
      await rule.waitFor();
      assert((await rule.getAttribute('data-state')) === 'active', 'the new rule is not on');
      assert(/every day at 18:00/.test(await rule.locator('.rule-trigger').innerText()), 'the trigger is not shown');
      assert(/remind me to stretch/.test(await rule.locator('.rule-action').first().innerText()), 'the action is not shown');
      assert(/18:00/.test(await rule.locator('.rule-next').innerText()), `the next run is not shown: ${await rule.locator('.rule-next').innerText()}`);
      assert((await rule.locator('.rule-last').innerText()) === 'not yet', 'a new rule shows a last run');

      // Dry run: what it would do now, and nothing done.
      const before = (await bridgeCall(page, 'timers.list', { includeDone: true })).filter((t) => t.title === 'stretch').length;
      await rule.getByRole('button', { name: 'Dry run' }).click();
      const dry = rule.getByRole('region', { name: `Dry run of rule ${id}` });
      await dry.waitFor();
      assert(/If it ran now/.test(await dry.innerText()) && /remind me to stretch/.test(await dry.innerText()), `the dry run does not say what it would do: ${await dry.innerText()}`);
      assert((await bridgeCall(page, 'timers.list', { includeDone: true })).filter((t) => t.title === 'stretch').length === before, 'the dry run set a reminder');
      await shot('rules-dry-run');

      // Firing it creates the reminder; the view shows the run and its outcome.
      await rule.getByRole('button', { name: 'Run now' }).click();
      // The kernel's notification of the firing, then the run in the view.
      await page.locator('.toast', { hasText: 'Automation: remind me to stretch' }).waitFor({ timeout: 10_000 });
      await rule.locator('.rule-last', { hasText: /^Done/ }).waitFor();
      const timers = await bridgeCall(page, 'timers.list', { includeDone: true });
      assert(timers.filter((t) => t.title === 'stretch').length === before + 1, `firing the rule did not create the reminder: ${JSON.stringify(timers.map((t) => t.title))}`);
      await rule.getByRole('button', { name: /^History/ }).click();
      const history = rule.getByRole('region', { name: `History of rule ${id}` });
      await history.locator('[data-run-status="ok"]', { hasText: 'run by you' }).waitFor();
      await shot('rules-fired');

      // Pause and resume, then delete (asked first).
      await rule.getByRole('button', { name: 'Pause' }).click();
      await page.locator(`.rule-card[data-rule="${id}"][data-state="paused"]`).waitFor();
      await rule.getByRole('button', { name: 'Resume' }).click();
      await page.locator(`.rule-card[data-rule="${id}"][data-state="active"]`).waitFor();
      await rule.getByRole('button', { name: `Delete rule ${id}` }).click();
      const dialog = page.getByRole('alertdialog');
      await dialog.getByRole('button', { name: 'Keep it' }).click();
      assert((await rule.count()) === 1, 'the rule went without confirmation');
      await rule.getByRole('button', { name: `Delete rule ${id}` }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
      await rule.waitFor({ state: 'detached' });
      assert(!(await bridgeCall(page, 'rules.list', {})).some((r) => r.id === id), 'the kernel still has the deleted rule');
    },
  },
  {
    name: 'a schedule rule fires on time in the running app and its reminder goes off',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      // The next whole minute at least 20 s away, in the server's (this machine's) local time.
      const at = new Date(Date.now() + 80_000);
      at.setSeconds(0, 0);
      const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
      const card = await ask(page, `every day at ${hhmm} remind me to stretch my back`);
      assert((await card.locator('.agent-body').getAttribute('data-status')) === 'confirm', `no confirmation card: ${await card.innerText()}`);
      const answered = page.locator('.msg.agent').nth(await page.locator('.msg.agent').count());
      await card.locator('.question').getByRole('button', { name: /^yes/i }).first().click();
      await answered.locator('.agent-body:not(.pending)').waitFor({ timeout: 10_000 });
      assert(/Saved as rule \d+/.test(await answered.innerText()), `not saved: ${await answered.innerText()}`);
      // The schedule fires at hh:mm; its action sets a reminder for that moment, which goes off.
      const toast = page.locator('.toast.reminder', { hasText: 'stretch my back' });
      await toast.waitFor({ timeout: 150_000 });
      await shot('rules-fired-on-schedule');
      const [rule] = (await bridgeCall(page, 'rules.list', {})).filter((r) => r.source.includes(hhmm));
      const history = await bridgeCall(page, 'rules.history', { id: rule.id });
      assert(history.length >= 1 && history[0].status === 'ok', `the rule's history lacks the firing: ${JSON.stringify(history)}`);
    },
  },
];
