// The chat portal in a real browser: requests become cards, history, suggestions, clarifications, palette, themes.
/* global document -- functions passed to page.evaluate run in the browser */
import { ask, assert, openPortal } from './helpers.mjs';

export const tests = [
  {
    name: '"what can you do" lists the skills as a card',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      await shot('portal-empty');
      const answer = await ask(page, 'what can you do');
      assert((await answer.getAttribute('class')).includes('agent'), 'no agent answer');
      await answer.locator('[data-status="served"]').waitFor();
      const cards = await answer.locator('.result-card').count();
      const text = await answer.innerText();
      assert(cards >= 1, `expected a result card, got: ${text}`);
      assert(/calculator/i.test(text), `the help answer does not mention the calculator: ${text}`);
      await shot('portal-help');
    },
  },
  {
    name: '"what is 15% of 240" answers 36; ↑ recalls it',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      const answer = await ask(page, 'what is 15% of 240');
      await answer.locator('[data-status="served"]').waitFor();
      const text = await answer.innerText();
      assert(/\b36\b/.test(text), `expected 36 in the answer, got: ${text}`);
      // one result: the sentence says it all, so no card repeats it (issue 22)
      assert((await answer.locator('.result-card').count()) === 0, 'a card repeats the calculation the sentence gives');
      const input = page.getByRole('textbox', { name: 'Request' });
      await input.press('ArrowUp');
      assert((await input.inputValue()) === 'what is 15% of 240', `history ↑ gave "${await input.inputValue()}"`);
      await input.press('ArrowDown');
      assert((await input.inputValue()) === '', 'history ↓ did not return to an empty draft');
      await shot('portal-calculator');
    },
  },
  {
    name: 'nonsense is refused with suggestions that run when clicked',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      const answer = await ask(page, 'zorblax the quibbly frobnicator');
      await answer.locator('[data-status="not_understood"]').waitFor();
      const chips = answer.getByRole('group', { name: 'Suggestions' }).getByRole('button');
      assert((await chips.count()) >= 1, 'no suggestion chips');
      await shot('portal-not-understood');
      const first = await chips.first().innerText();
      await chips.first().click();
      await page.locator('.msg.user .bubble', { hasText: first }).waitFor();
      await page.locator('.msg.agent').nth(1).locator('.agent-body:not(.pending)').waitFor();
    },
  },
  {
    name: 'a clarification question is answered by a click (or typing) and the request finishes',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      // Which phrasings the intent engine asks about depends on the installed skills: try several.
      const candidates = ['remind me to stretch', 'add a note', 'set a timer', 'convert 5 miles', 'how do i', 'note', 'timer'];
      const seen = [];
      for (const text of candidates) {
        const answer = await ask(page, text);
        const status = await answer.locator('.agent-body').getAttribute('data-status');
        seen.push(`${text} → ${status}`);
        if (status !== 'clarify' && status !== 'ask_slot') continue;
        await shot('portal-clarification');
        const choices = answer.locator('.choice');
        if ((await choices.count()) > 0) {
          await choices.first().click();
          assert(await choices.first().isDisabled(), 'choices stay clickable after answering');
        } else {
          const reply = page.getByRole('textbox', { name: 'Your answer' });
          await reply.fill(/remind|timer/.test(text) ? 'in 10 minutes' : /convert/.test(text) ? 'km' : 'buy oat milk');
          await reply.press('Enter');
        }
        const next = page.locator('.msg.agent').last().locator('.agent-body:not(.pending)');
        await next.waitFor();
        const final = await next.getAttribute('data-status');
        assert(final !== 'not_understood' && final !== null, `the answer to "${text}" was not understood (${final})`);
        await shot('portal-clarification-answered');
        return;
      }
      throw new Error(`none of the requests led to a clarification question: ${seen.join('; ')}`);
    },
  },
  {
    name: 'Ctrl+K opens the command palette and navigates by keyboard',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      await page.keyboard.press('Control+K');
      const dialog = page.getByRole('dialog', { name: 'Command palette' });
      await dialog.waitFor();
      await page.keyboard.type('skills');
      await shot('palette');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Skills', level: 1 }).waitFor();
      assert(!(await dialog.isVisible()), 'the palette stayed open');
      await page.keyboard.press('Control+4');
      await page.getByRole('heading', { name: /Reminders/, level: 1 }).waitFor();
    },
  },
  {
    name: 'dark theme renders the portal',
    colorScheme: 'dark',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      assert((await page.evaluate(() => document.documentElement.dataset.theme)) === 'dark', 'system dark preference not applied');
      const answer = await ask(page, 'convert 5 miles to km');
      await answer.locator('.agent-body:not(.pending)').waitFor();
      await ask(page, 'what can you do');
      await shot('portal-dark');
    },
  },
];
