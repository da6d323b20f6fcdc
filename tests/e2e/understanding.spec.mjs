// Understanding in the portal, in a real browser: a follow-up resolved against the conversation, a
// request with two steps whose value flows from one to the next, a missing detail asked as a
// question (not an error) whose answer completes the request exactly, and a phrasing learned
// from a picked suggestion, shown in settings and forgotten there.
import { ask, assert, bridgeCall, openPortal } from './helpers.mjs';

/** The answer's status and text, for failure messages that say what the kernel answered. */
async function described(answer) {
  const status = await answer.locator('.agent-body').getAttribute('data-status');
  return `${status}: ${(await answer.innerText()).replace(/\s+/g, ' ').trim()}`;
}

async function expectServed(answer, request) {
  const status = await answer.locator('.agent-body').getAttribute('data-status');
  assert(status === 'served', `"${request}" was not served — the kernel answered ${await described(answer)}`);
}

/** A question reads as the assistant asking: no error box in the answer, no error or warning toast. */
async function expectQuestionNotError(page, answer) {
  assert((await answer.locator('.error-box').count()) === 0, `the question shows an error box: ${await described(answer)}`);
  const alarming = await page.locator('.toast.error, .toast.warning').count();
  assert(alarming === 0, `a question raised ${alarming} error/warning toast(s)`);
}

export const tests = [
  {
    name: 'a follow-up: "and to ounces?" converts the same 2 kg',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      const first = await ask(page, 'convert 2 kg to pounds');
      await expectServed(first, 'convert 2 kg to pounds');
      assert(/4\.41/.test(await first.innerText()), `2 kg in pounds: ${await described(first)}`);
      const follow = await ask(page, 'and to ounces?');
      await expectServed(follow, 'and to ounces?');
      const text = await follow.innerText();
      assert(/70\.5/.test(text) && /oz|ounce/i.test(text), `expected ≈70.5 oz for 2 kg, the kernel answered ${await described(follow)}`);
      await shot('understanding-follow-up');
    },
  },
  {
    name: 'two steps: the product is saved as the note, and "list my notes" shows 42',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      const request = 'what is 6 times 7, then save the answer as a note';
      const both = await ask(page, request);
      await expectServed(both, request);
      assert(/\b42\b/.test(await both.innerText()), `the two-step answer does not show 42: ${await described(both)}`);
      const list = await ask(page, 'list my notes');
      await expectServed(list, 'list my notes');
      const notes = await list.innerText();
      assert(/\b42\b/.test(notes), `"list my notes" does not show a note with 42: ${await described(list)}`);
      // The note holds the value, not the words that referred to it.
      assert(!/save the answer/i.test(notes), `a note holds the words "save the answer": ${await described(list)}`);
      await shot('understanding-two-steps');
    },
  },
  {
    name: 'a missing time is asked as a question; "in 40 minutes" sets the reminder for exactly then',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      const asked = await ask(page, 'remind me to feed the cat');
      const status = await asked.locator('.agent-body').getAttribute('data-status');
      assert(status === 'ask_slot' || status === 'clarify', `"remind me to feed the cat" did not ask when — the kernel answered ${await described(asked)}`);
      const question = asked.locator('.question');
      assert(/when/i.test(await question.innerText()), `the question does not ask when: ${await described(asked)}`);
      await expectQuestionNotError(page, asked);
      // Choices, where the kernel offers them, are buttons in a group named by the question; typing still answers.
      const choices = asked.locator('.choice');
      const offered = await choices.count();
      if (offered > 0) assert((await asked.getByRole('group').getByRole('button').count()) === offered, 'the choices are not buttons of the question group');
      await shot('understanding-ask-when');
      const sentAt = Date.now();
      const fitting = asked.locator('.choice', { hasText: /40 min/i });
      if ((await fitting.count()) > 0) await fitting.first().click();
      else {
        const reply = page.getByRole('textbox', { name: 'Your answer' });
        await reply.fill('in 40 minutes');
        await reply.press('Enter');
      }
      const done = page.locator('.msg.agent').last();
      await done.locator('.agent-body:not(.pending)').waitFor();
      await expectServed(done, 'in 40 minutes (the answer)');
      if (offered > 0) assert(await choices.first().isDisabled(), 'the choices stay clickable after the answer');
      const timers = await bridgeCall(page, 'timers.list', {});
      const reminder = timers.find((t) => /feed the cat/i.test(t.title));
      assert(reminder, `no reminder about feeding the cat; pending: ${timers.map((t) => t.title).join(', ') || 'none'}`);
      const minutes = (Date.parse(reminder.dueAt) - sentAt) / 60_000;
      assert(minutes > 39.5 && minutes < 40.5, `the reminder is due in ${minutes.toFixed(2)} minutes, not 40`);
      await shot('understanding-ask-answered');
    },
  },
  {
    name: 'a question with choices is answered by a click: the bubble shows the choice, the choices go inert',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      // Which requests come back with choices depends on the kernel's grammar: try several kinds (slot, meaning).
      const candidates = ['set a timer', 'convert 5 miles', 'remind me to water the plants', 'delete my notes', 'open it'];
      const seen = [];
      for (const text of candidates) {
        const asked = await ask(page, text);
        const choices = asked.locator('.choice');
        seen.push(`${text} → ${await described(asked)}`);
        if ((await choices.count()) === 0) {
          // Let an open question go, so the next candidate is a request of its own and not its answer.
          const drop = page.getByRole('button', { name: 'Send a new request instead of an answer' });
          if (await drop.isVisible()) await drop.click();
          continue;
        }
        await expectQuestionNotError(page, asked);
        await shot('understanding-choices');
        // Prefer a choice that changes nothing (the test profile is shared by the other specs).
        const labels = await choices.allInnerTexts();
        const index = Math.max(0, labels.findIndex((l) => !/delete|remove|cancel|clear/i.test(l)));
        const chosen = choices.nth(index);
        await chosen.click();
        await page.locator('.msg.user .bubble').last().filter({ hasText: labels[index] }).waitFor();
        const done = page.locator('.msg.agent').last();
        await done.locator('.agent-body:not(.pending)').waitFor();
        const status = await done.locator('.agent-body').getAttribute('data-status');
        assert(status !== 'not_understood' && status !== 'error', `the choice "${labels[index]}" for "${text}" was answered with ${await described(done)}`);
        assert(await chosen.isDisabled(), 'the choices stay clickable after the answer');
        assert((await chosen.getAttribute('class')).includes('chosen'), 'the clicked choice is not marked as chosen');
        await shot('understanding-choice-answered');
        return;
      }
      throw new Error(`none of the requests came back with choices: ${seen.join(' | ')}`);
    },
  },
  {
    name: 'a suggestion picked after a miss is learned, listed in settings, and forgotten there',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      const miss = await ask(page, 'blorptastic wibble the splonkers');
      await miss.locator('[data-status="not_understood"]').waitFor();
      assert(/sorry/i.test(await miss.innerText()), `a miss does not say sorry: ${await described(miss)}`);
      await expectQuestionNotError(page, miss);
      // "what can you do" is always offered and acts on nothing (another chip could open an app).
      const chips = miss.getByRole('group', { name: 'Suggestions' }).getByRole('button');
      const safe = chips.filter({ hasText: /^what can you do$/ });
      const chip = (await safe.count()) > 0 ? safe.first() : chips.first();
      const picked = await chip.innerText();
      await chip.click();
      const after = page.locator('.msg.agent').nth(1);
      await after.locator('.agent-body:not(.pending)').waitFor();
      await expectServed(after, `the suggestion "${picked}"`);
      await page.keyboard.press('Control+6');
      const section = page.getByRole('region', { name: 'Learned phrasings' });
      await section.waitFor();
      const row = section.locator('.phrasing-row', { hasText: 'blorptastic wibble the splonkers' });
      const listed = await bridgeCall(page, 'phrasings.list', {});
      assert((await row.count()) === 1, `settings do not list the phrasing learned from picking "${picked}"; the kernel has: ${JSON.stringify(listed.map((p) => `${p.phrase} → ${p.skill}/${p.intent} (${p.how})`))}`);
      await row.scrollIntoViewIfNeeded();
      await shot('understanding-learned-phrasings');
      await row.getByRole('button', { name: /Forget/ }).click();
      await row.waitFor({ state: 'detached' });
      const left = await bridgeCall(page, 'phrasings.list', {});
      assert(!left.some((p) => p.phrase.includes('blorptastic')), 'the kernel still has the forgotten phrasing');
    },
  },
];
