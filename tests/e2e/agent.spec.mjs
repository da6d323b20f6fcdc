// Agent mode in the portal: with llm.endpoint pointing at a scripted OpenAI-compatible server (real
// HTTP), a request the classical path does not understand is planned by the "model", which calls two
// tools (notes search, then a reminder built from what the search found) and answers. The pending
// entry shows each tool call live, the answer names the model and lists its calls, the reminder exists.
// The endpoint is reset afterwards: every spec of a run shares one server and profile.
/* global window, document, MutationObserver -- functions passed to page.evaluate run in the browser */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ask, assert, bridgeCall, openPortal } from './helpers.mjs';

/** The scripted model's results as it sees them (tool messages, or fenced results in JSON mode). */
const toolResults = (request) => request.messages.filter((m) => m.role === 'tool' || (m.role === 'user' && String(m.content).includes('<tool-result'))).map((m) => String(m.content));
const call = (name, args) => ({ toolCalls: [{ name, arguments: JSON.stringify(args) }] });

/** Records, from inside the page, every text the pending entry shows before its answer arrives. */
function watchPending(page) {
  return page.evaluate(() => {
    const seen = [];
    window.__pendingSeen = seen;
    const record = () => {
      const pending = document.querySelector('.msg.agent .agent-body.pending');
      const text = pending?.textContent ?? '';
      if (text && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

export const tests = [
  {
    name: 'a request the classical path does not understand is planned by the model, its steps shown live',
    async run({ page, server, root, shot }) {
      const { startScriptedServer } = await import(pathToFileURL(path.join(root, 'dist', 'kernel', 'llm', 'test-server.js')).href);
      const model = await startScriptedServer({
        script: (request) => {
          const results = toolResults(request);
          if (results.length === 0) return call('notes__search', { query: 'dentist' });
          if (results.length === 1) {
            const name = /Dr\.\s+\w+/.exec(results[0])?.[0] ?? 'nobody';
            return call('reminders__reminder_add', { task: `call ${name}`, when: 'tomorrow at 9am' });
          }
          return { content: `Your dentist note names ${/call (Dr\.\s+\w+)/.exec(results[1])?.[1] ?? 'nobody'}; I set a reminder to call them tomorrow at 9.` };
        },
      });
      await openPortal(page, server);
      const before = await bridgeCall(page, 'settings.get', {});
      try {
        // Seeded the classical way: no model involved yet.
        const noted = await ask(page, 'add a note: my dentist is Dr. Weiss, phone 555-0100');
        assert((await noted.locator('.agent-body').getAttribute('data-status')) === 'served', `the note was not added: ${await noted.innerText()}`);
        assert((await noted.locator('.model-badge').count()) === 0, 'a classically served answer shows the model badge');
        await bridgeCall(page, 'settings.set', { key: 'llm.endpoint', value: model.url });
        await bridgeCall(page, 'settings.set', { key: 'llm.model', value: 'tiny-chat' });
        assert(model.requests.length === 0, `the model was asked ${model.requests.length} times before the open-ended request`);

        await watchPending(page);
        const answer = await ask(page, 'figure out who treats my teeth and make sure I phone them early tomorrow');
        const body = answer.locator('.agent-body');
        assert(model.requests.length === 3, `expected 3 model calls (two tools, then the answer), got ${model.requests.length}; the answer was: ${await answer.innerText()}`);

        // Live: the pending entry showed each tool call, and the first one's result, before the answer came.
        const seen = await page.evaluate(() => window.__pendingSeen);
        const firstSeen = (re) => seen.findIndex((t) => re.test(t));
        const step1 = firstSeen(/Model step 1: notes\/notes\.search/);
        const result1 = firstSeen(/✓ Found \d+ note/);
        const step2 = firstSeen(/Model step 2: reminders\/reminder\.add/);
        assert(step1 >= 0 && result1 >= 0 && step2 >= 0, `the pending entry did not show each step live; it showed: ${JSON.stringify(seen)}`);
        assert(step1 <= result1 && result1 <= step2, `the steps showed out of order: ${JSON.stringify(seen)}`);
        assert(seen.some((t) => /✓ Found \d+ note/.test(t) && /reminders\/reminder\.add|remind you/.test(t)), `the pending entry did not keep the first skill's line beside the second's: ${JSON.stringify(seen)}`);

        // The answer: the model's text, the badge naming model and endpoint, and each tool call.
        assert((await body.getAttribute('data-status')) === 'served', `the agent's answer is ${await body.getAttribute('data-status')}: ${await answer.innerText()}`);
        const badge = await body.locator('.model-badge').innerText();
        const host = new URL(model.url).host;
        assert(badge.includes('Planned by tiny-chat') && badge.includes(host) && /3 model calls/.test(badge), `the model badge reads "${badge}"`);
        const calls = await body.locator('.tool-call').allInnerTexts();
        assert(calls.length === 2 && /notes\/notes\.search[\s\S]*"query":"dentist"/.test(calls[0]) && /reminders\/reminder\.add[\s\S]*"task":"call Dr\. Weiss"/.test(calls[1]), `the tool calls read ${JSON.stringify(calls)}`);
        const text = await body.locator('.answer-text').first().innerText();
        assert(text === 'Your dentist note names Dr. Weiss; I set a reminder to call them tomorrow at 9.', `the answer text is "${text}"`);
        await shot('agent-answer');

        const timers = await bridgeCall(page, 'timers.list', {});
        const reminder = timers.find((t) => t.title === 'call Dr. Weiss');
        assert(reminder?.kind === 'reminder' && new Date(reminder.dueAt).getHours() === 9, `no reminder "call Dr. Weiss" at 9: ${JSON.stringify(timers.map((t) => [t.title, t.dueAt]))}`);
        await bridgeCall(page, 'timers.cancel', { id: reminder.id }).catch(() => undefined);
      } finally {
        await bridgeCall(page, 'settings.set', { key: 'llm.endpoint', value: before.values['llm.endpoint'] ?? '' });
        await bridgeCall(page, 'settings.set', { key: 'llm.model', value: before.values['llm.model'] ?? '' });
        await model.close();
      }
    },
  },
];
