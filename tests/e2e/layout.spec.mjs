// The portal's layout in wide and narrow windows, light and dark (issue 22): every view is
// photographed at 1280×800 and 700×800 into artifacts/e2e/ (layout-<theme>-<width>-<view>.png) and
// checked for overflow (no page scrolling sideways, nothing cut off by its box, nothing past the
// window's edge); notifications raised by real reminders never cover the composer; times follow the
// user's clock setting in the conversation and the views alike.
/* global document, getComputedStyle, matchMedia -- functions passed to page.evaluate run in the browser */
import { ask, assert, bridgeCall, openPortal } from './helpers.mjs';

const WIDTHS = [1280, 700];
/** Checked too, without pictures: the narrowest window the layout promises to fit. */
const NARROWEST = 600;
const HEIGHT = 800;

/** Boxes that are meant to scroll sideways (wide tables, code): what they hold is reachable, not cut off. */
const SCROLLERS = '.card-table-wrap, .table-card, pre';

/** Everything that overflows: the page sideways, a box cutting its content off, an element past the window. */
function overflowProblems(scrollers) {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px in ${vw} px)`);
  const name = (el) => `${el.tagName.toLowerCase()}${typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}${el.textContent ? ` "${el.textContent.trim().slice(0, 40)}"` : ''}`;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && !el.closest('.sr-only, [aria-hidden="true"], svg');
  };
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || el.closest(scrollers)) continue;
    const s = getComputedStyle(el);
    const clips = s.overflowX !== 'visible';
    // Form fields scroll their own text; an ellipsis is a deliberate, titled shortening.
    const exempt = ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || s.textOverflow === 'ellipsis';
    if (clips && !exempt && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} cuts off or scrolls its content sideways (${el.scrollWidth} px in ${el.clientWidth} px)`);
    const r = el.getBoundingClientRect();
    let clipped = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') clipped = true;
    // Wholly off to the left is how a skip link hides until focused.
    if (!clipped && r.right > 0 && (r.right > vw + 1 || r.left < -1)) problems.push(`${name(el)} reaches past the window (${Math.round(r.left)}–${Math.round(r.right)} px of ${vw} px)`);
  }
  return [...new Set(problems)].slice(0, 12);
}

/** Notifications drawn over the composer (the stack and each toast, as far as the stack shows it). */
function toastOverlaps() {
  const composer = document.querySelector('.composer-wrap')?.getBoundingClientRect();
  const stack = document.querySelector('.toasts');
  if (!composer || !stack) return [];
  const box = stack.getBoundingClientRect();
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom && a.width > 0 && a.height > 0;
  const out = [];
  if (meets(box, composer)) out.push(`the notification stack (${Math.round(box.top)}–${Math.round(box.bottom)} px) meets the composer (from ${Math.round(composer.top)} px)`);
  for (const t of stack.children) {
    const r = t.getBoundingClientRect();
    const visible = { left: r.left, right: r.right, top: Math.max(r.top, box.top), bottom: Math.min(r.bottom, box.bottom), width: r.width, height: Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top) };
    if (meets(visible, composer)) out.push(`"${t.textContent.trim().slice(0, 40)}" covers the composer`);
  }
  return out;
}

async function useTheme(page, server, theme) {
  await bridgeCall(page, 'settings.set', { key: 'ui.theme', value: theme });
  await page.reload();
  await page.getByRole('status', { name: 'Kernel connected' }).waitFor({ timeout: 10_000 });
  // "system" follows the browser's colour scheme (the context's), whatever the profile said before.
  await page.waitForFunction((t) => document.documentElement.dataset.theme === (t === 'system' ? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : t), theme);
}

/** Enough in every view to lay out: notes and a list card, a pending reminder, a rule, history. */
async function seed(page) {
  await ask(page, 'take a note buy oat milk and a very long note to see how the card wraps its text in a narrow window');
  await ask(page, 'take a note call the dentist about the appointment');
  await ask(page, 'list my notes');
  await bridgeCall(page, 'timers.schedule', { kind: 'reminder', title: 'stretch your legs and drink a glass of water', dueAt: new Date(Date.now() + 3_600_000).toISOString() });
  if ((await bridgeCall(page, 'rules.list', {})).length === 0) {
    const card = await ask(page, 'every day at 18:00 remind me to stretch');
    const yes = card.locator('.question').getByRole('button', { name: /^yes/i }).first();
    if ((await yes.count()) > 0) {
      const next = page.locator('.msg.agent').nth(await page.locator('.msg.agent').count());
      await yes.click();
      await next.locator('.agent-body:not(.pending)').waitFor({ timeout: 10_000 });
    }
  }
}

async function views(page) {
  return page.locator('.sidebar [data-view]').evaluateAll((els) => els.map((e) => e.getAttribute('data-view')));
}

async function openView(page, view) {
  await page.locator(`.sidebar [data-view="${view}"]`).click();
  await page.locator('#main h1').first().waitFor();
  await page.locator('.sv-loading').waitFor({ state: 'detached' });
}

function layoutTest(theme) {
  return {
    name: `every view fits at ${[...WIDTHS, NARROWEST].join(', ')} px wide (${theme})`,
    colorScheme: theme,
    async run({ page, server, shot }) {
      await openPortal(page, server);
      await useTheme(page, server, theme);
      await seed(page);
      const all = await views(page);
      assert(all.length >= 7, `the sidebar lists ${all.length} views`);
      const problems = [];
      for (const width of [...WIDTHS, NARROWEST]) {
        await page.setViewportSize({ width, height: HEIGHT });
        for (const view of all) {
          await openView(page, view);
          const safe = view.replace(/[^a-z0-9]+/gi, '-');
          if (WIDTHS.includes(width)) await shot(`layout-${theme}-${width}-${safe}`);
          for (const p of await page.evaluate(overflowProblems, SCROLLERS)) problems.push(`${width} px, ${view}: ${p}`);
        }
        // The rail of icons: from 800 px down the sidebar shows no titles.
        const rail = await page.locator('.sidebar').boundingBox();
        const titles = await page.locator('.sidebar .nav-title').first().isVisible();
        if (width <= 800) assert(rail.width <= 80 && !titles, `at ${width} px the sidebar is ${rail.width} px wide with titles ${titles ? 'shown' : 'hidden'}`);
        else assert(rail.width > 150 && titles, `at ${width} px the sidebar lost its titles`);
      }
      assert(problems.length === 0, `overflow:\n${problems.join('\n')}`);
      await useTheme(page, server, 'system');
    },
  };
}

export const tests = [
  layoutTest('light'),
  layoutTest('dark'),
  {
    name: 'reminders going off notify above the conversation, never over the composer; dismissed all at once',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      await useTheme(page, server, 'system');
      const titles = ['water the plants', 'call the dentist back about Thursday', 'take the washing out of the machine', 'stand up and stretch'];
      const due = new Date(Date.now() + 1500).toISOString();
      for (const title of titles) await bridgeCall(page, 'timers.schedule', { kind: 'reminder', title, dueAt: due });
      // Waits on the notifications themselves, not on the clock.
      for (const title of titles) await page.locator('.toast.reminder', { hasText: title }).waitFor({ timeout: 15_000 });
      for (const width of WIDTHS) {
        for (const height of [HEIGHT, 600]) {
          await page.setViewportSize({ width, height });
          const overlaps = await page.evaluate(toastOverlaps);
          assert(overlaps.length === 0, `at ${width}×${height}: ${overlaps.join('; ')}`);
          const overflow = await page.evaluate(overflowProblems, SCROLLERS);
          assert(overflow.length === 0, `at ${width}×${height} with notifications: ${overflow.join('; ')}`);
          if (height === HEIGHT) await shot(`layout-toasts-${width}`);
        }
      }
      await page.setViewportSize({ width: 1280, height: HEIGHT });
      const all = page.getByRole('button', { name: /^Dismiss all/ });
      await all.click();
      await page.locator('.toast').first().waitFor({ state: 'detached' });
      assert((await page.locator('.toast').count()) === 0, 'a notification stayed after "Dismiss all"');
    },
  },
  {
    name: 'an action in the open view is said there, not as a notification',
    async run({ page, server, shot }) {
      await openPortal(page, server);
      await page.setViewportSize({ width: 700, height: HEIGHT });
      const rules = await bridgeCall(page, 'rules.list', {});
      if (rules.length === 0) return { skip: 'no rule to pause (the layout tests make one)' };
      await page.locator('.sidebar [data-view="rules"]').click();
      const rule = page.locator(`.rule-card[data-rule="${rules[0].id}"]`);
      const pause = rule.getByRole('button', { name: rules[0].state === 'active' ? 'Pause' : /Resume|Approve/ });
      await pause.click();
      await page.locator('.view-notice').waitFor();
      assert((await page.locator('.toast').count()) === 0, 'the rule change was also shown as a notification');
      await shot('layout-view-notice-700');
      const overflow = await page.evaluate(overflowProblems, SCROLLERS);
      assert(overflow.length === 0, `with the notice: ${overflow.join('; ')}`);
      // Put it back as it was.
      await rule.getByRole('button', { name: rules[0].state === 'active' ? 'Resume' : 'Pause' }).click();
      await page.locator(`.rule-card[data-rule="${rules[0].id}"][data-state="${rules[0].state}"]`).waitFor();
    },
  },
  {
    name: "the conversation and the views write times in the user's clock",
    async run({ page, server, shot }) {
      await openPortal(page, server);
      const before = await bridgeCall(page, 'settings.get', {});
      const restore = { 'ui.locale': before.values['ui.locale'], 'ui.timeFormat': before.values['ui.timeFormat'] };
      try {
        await page.locator('.sidebar [data-view="settings"]').click();
        for (const [clock, pattern, not] of [
          // en-GB writes "6:00 pm", en-US "6:00 PM": the clock is what counts here.
          ['12h', /\b\d{1,2}:\d\d(:\d\d)? [ap]\.?m\b/i, /\b(1[3-9]|2[0-3]):\d\d\b/],
          ['24h', /\b\d\d:\d\d\b/, /\b\d:\d\d(:\d\d)? ?[ap]\.?m\b/i],
        ]) {
          await page.locator('.sidebar [data-view="settings"]').click();
          await page.getByLabel('Time Format').selectOption(clock);
          await page.locator('.field', { hasText: 'Time Format' }).locator('.saved').waitFor();
          const sample = await page.getByTestId('time-sample').innerText();
          assert(pattern.test(sample) && !not.test(sample), `with ${clock} the settings sample reads "${sample}"`);
          await page.locator('.sidebar [data-view="chat"]').click();
          const answer = await ask(page, 'remind me to check the oven in 2 hours');
          const said = await answer.innerText();
          await page.locator('.sidebar [data-view="timers"]').click();
          const row = page.locator('.timer-row', { hasText: 'check the oven' }).last();
          await row.waitFor();
          const listed = await row.locator('.timer-main .muted').innerText();
          assert(pattern.test(listed) && !not.test(listed), `with ${clock} the reminders view reads "${listed}"`);
          // The answer's own clock time, where it names one, is written the same way.
          if (/\d:\d\d/.test(said)) assert(pattern.test(said) && !not.test(said), `with ${clock} the answer reads "${said}"`);
          await shot(`layout-time-${clock}`);
        }
      } finally {
        for (const [key, value] of Object.entries(restore)) await bridgeCall(page, 'settings.set', { key, value });
      }
    },
  },
];
