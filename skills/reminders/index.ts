/**
 * Reminders and timers on the kernel's scheduler: persisted in the profile, fired while AgentOS
 * runs (the app, `agentos serve` or `agentos watch`), reported as missed on the next start.
 * Times are read from the request text itself ("remind me to stretch in 10 minutes",
 * "remind me tomorrow at 9 to water the plants", "set a timer for 3 minutes").
 */
import { defineSkill, type ScheduledTimer, type SchedulerCapability, type SkillContext, type SkillResult } from '../../kernel/contracts/index.js';
import { findDurations, spokenDuration } from '../../kernel/sdk/index.js';
import { describeDue, formatDuration, parseWhen, spokenDue, type WhenMatch } from './when.js';

const MAX_AHEAD_MS = 5 * 366 * 86_400_000;
const FIRES_WHILE = 'fires while AgentOS runs (the app, agentos serve or agentos watch)';

/** The first length of time in `text` ("set a timer for 3 minutes" → 3 minutes); none when it is zero. */
const lengthIn = (text: string) => findDurations(text).find((d) => d.ms > 0);

function scheduler(ctx: SkillContext): SchedulerCapability {
  if (!ctx.scheduler) throw Object.assign(new Error('Reminders need the "notifications" permission. Grant it to the reminders skill (agentos grants, or Settings → Skills in the app).'), { name: 'CapabilityDenied' });
  return ctx.scheduler;
}

// How a reminder request opens: "remind me", "set a reminder", or any "<verb> me" ("nudge me",
// "ping me"), once its time words are gone ("at 9pm remind me to …" → "remind me to …").
const POLITE = /^(?:(?:hey|ok|okay|please|pls|so|now|and|can you|could you|would you|will you|i need|i want|i'd like|i would like)[\s,]+)*/i;
const REMINDER_NOUN = String.raw`(?:(?:set|add|create|make|put in|schedule|give|get)\s+(?:me\s+)?)?(?:a|an|another)\s+reminder|reminder`;
const LEAD = new RegExp(String.raw`^(?:${REMINDER_NOUN}|don'?t\s+let\s+me\s+forget|([a-z]+)\s+me(\s+(?:up|out))?)\b\s*`, 'i');

/** The request with its time words removed and its politeness dropped. */
const withoutTime = (text: string, whenText: string | undefined) => (whenText ? text.replace(whenText, ' ') : text).trim().replace(/\s+/g, ' ').replace(POLITE, '');

/** True when the text is itself a reminder request (not a follow-up such as "push that back to 30 minutes"). */
export function isReminderPhrasing(text: string, whenText: string | undefined): boolean {
  const t = withoutTime(text.replace(/[.!?]+$/, ''), whenText);
  return new RegExp(String.raw`^(?:remind\b|${REMINDER_NOUN}\b|don'?t\s+let\s+me\s+forget)`, 'i').test(t) || /^[a-z]+\s+me\s+(?:(?:up|out)\s*$|(?:up\s+|out\s+)?(?:to|about|that|of)\b)/i.test(t);
}

/** What to be reminded of: the request minus its phrasing and its time words. */
export function reminderTask(text: string, whenText: string | undefined): string {
  let t = withoutTime(text.trim().replace(/[.!?]+$/, ''), whenText);
  const lead = LEAD.exec(t);
  if (lead) {
    t = t.slice(lead[0].length).replace(/^(?:to|about|that|of|for)\b\s*[:,-]?\s*/i, '');
    // "wake me up at 7": the verb and its particle are what to do.
    if (!t.trim() && lead[2] && !/^remind$/i.test(lead[1]!)) return `${lead[1]}${lead[2]}`.toLowerCase();
  }
  return t
    .replace(/^(?:to|about|that|of|for)\s+/i, '')
    .replace(/\s+(?:to|at|on|in|by|for)$/i, '')
    .replace(/^[:,-]\s*/, '')
    .trim();
}

const item = (t: ScheduledTimer, now: Date, timezone: string) => ({
  title: t.kind === 'timer' ? `⏱ ${t.title}` : t.title,
  subtitle: describeDue(new Date(t.dueAt), now, timezone),
  dueAt: t.dueAt,
  detail: FIRES_WHILE,
  actions: [{ label: 'Cancel', request: `cancel the ${t.title} ${t.kind}` }],
});

/** The `when` slot: an ISO time from the engine, or words (the answer to "When should I remind you?"). */
function slotWhen(value: unknown, now: Date) {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  if (/^\d{4}-\d\d-\d\dT/.test(value)) {
    const due = new Date(value);
    return Number.isNaN(due.getTime()) ? undefined : { due, text: '', index: 0 };
  }
  return parseWhen(value, now);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const NOISE = new Set(['cancel', 'stop', 'delete', 'remove', 'clear', 'kill', 'abort', 'turn', 'off', 'the', 'my', 'a', 'an', 'all', 'every', 'reminder', 'reminders', 'timer', 'timers', 'to', 'about', 'for', 'of', 'please', 'alarm', 'that', 'this', 'it', 'me', 'remind', 'never', 'mind', 'forget', 'drop', 'scrap', 'one', 'i', 'set', 'want', 'don', 't', 'dont', 'no', 'longer', 'need', 'anymore']);
const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !NOISE.has(w));

/** A word without its ending, so "plant", "plants" and "watering" meet "water the plants". */
const stem = (w: string) => w.replace(/(?:ing|ed|es|s)$/, '').replace(/(.)\1$/, '$1');

/** Every described word is in the title (by stem): "the plants reminder" fits "water the plants". */
export function fits(title: string, terms: string[]): boolean {
  const have = (title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map(stem);
  return terms.every((w) => have.some((h) => h === stem(w) || (w.length >= 4 && h.startsWith(stem(w)))));
}

/** Schedules a reminder and says when it will come. */
async function addReminder(sched: SchedulerCapability, task: string, when: WhenMatch, ctx: SkillContext): Promise<SkillResult> {
  const delta = when.due.getTime() - ctx.now.getTime();
  if (delta <= 0) throw new Error(`That time${when.text ? ` (${when.text})` : ''} has already passed. Say a time in the future.`);
  if (delta > MAX_AHEAD_MS) throw new Error(`That time${when.text ? ` (${when.text})` : ''} is more than five years ahead. Choose a nearer time.`);
  const timer = await sched.schedule({ kind: 'reminder', title: task, dueAt: when.due.toISOString() });
  // One reminder: the sentence says it all, so there is no card to repeat it.
  return {
    text: `OK, I'll remind you to ${task} ${describeDue(when.due, ctx.now, ctx.timezone)}.`,
    speak: `OK, I'll remind you to ${task} ${spokenDue(when.due, ctx.now, ctx.timezone)}.`,
    data: { id: timer.id, task, dueAt: timer.dueAt, timer },
  };
}

/**
 * What a reminder request says: a reminding word, or "… me <when> to/about …" with any verb ("give me a shout
 * in 10 minutes to check the pasta"). A time alone is not enough: "book me a flight to berlin next friday".
 */
const REMIND_CUE =
  /\b(?:remind(?:er|ers)?|nudge|ping|alert|notify|buzz|poke|prompt|bug|warn|wake|alarm|timer|don'?t let me forget|make sure i)\b|\bme\b.{0,30}?\b(?:in|at|on|by|tomorrow|tonight|next|this|before|after)\b.*\b(?:to|about|that)\b|^\s*(?:in|at|on|by|tomorrow|tonight|next|this)\b.*\bme\s+(?:to|about|that)\b/i;

export default defineSkill({
  'reminder.add': async (slots, ctx) => {
    // Guessed here from words that ask for no reminder ("book me a flight to berlin next friday"): not a reminder.
    // (A follow-up the kernel resolved — "push that back…", "another one…" — brings its reminder in the slots.)
    if (!REMIND_CUE.test(ctx.text) && !/\b(?:it|that|this|one|another)\b/i.test(ctx.text)) return { text: "I don't know how to do that. To be reminded, say for example \"remind me to call Sam at 5pm\".", declined: true };
    const sched = scheduler(ctx);
    const fromText = parseWhen(ctx.text, ctx.now);
    // A reminder request says its own time and task; a follow-up ("push that back to 30 minutes")
    // or an answer to "When?" brings them as slots.
    const own = isReminderPhrasing(ctx.text, fromText?.text);
    const fromSlot = slotWhen(slots.when, ctx.now);
    const when = own ? (fromText ?? fromSlot) : (fromSlot ?? fromText);
    if (!when) throw new Error('I could not tell when. Say for example "remind me to stretch in 10 minutes", "at 5pm" or "tomorrow at 9".');
    const slotTask = typeof slots.task === 'string' && slots.task.trim() ? slots.task.trim() : '';
    const task = (own ? reminderTask(ctx.text, fromText?.text) || slotTask : slotTask || reminderTask(ctx.text, fromText?.text)) || 'Reminder';
    return addReminder(sched, task, when, ctx);
  },

  'timer.set': async (slots, ctx) => {
    const sched = scheduler(ctx);
    // The engine normalises durations to milliseconds; an answer to "For how long?" arrives as text.
    // The slot first: a follow-up ("change it to 12 minutes") brings the new length there.
    const duration =
      (typeof slots.duration === 'number' && slots.duration > 0 ? { ms: slots.duration, text: lengthIn(ctx.text)?.text ?? '' } : typeof slots.duration === 'string' ? lengthIn(slots.duration) : undefined) ??
      lengthIn(ctx.text);
    if (!duration) throw new Error('I could not tell how long. Say for example "set a timer for 3 minutes".');
    // "nudge me in 45 minutes to move the car" names something to do: that is a reminder, not a bare timer.
    if (!/\b(?:timers?|count\s*down|countdown|stopwatch)\b/i.test(ctx.text)) {
      const rest = duration.text ? ctx.text.replace(new RegExp(`(?:\\b(?:in|for|after)\\s+)?${escapeRe(duration.text)}(?:\\s+from now)?`, 'i'), ' ') : ctx.text;
      const task = reminderTask(rest, undefined);
      if (task && isReminderPhrasing(rest, undefined)) return addReminder(scheduler(ctx), task, { due: new Date(ctx.now.getTime() + duration.ms), text: duration.text, index: 0 }, ctx);
    }
    if (duration.ms > 7 * 86_400_000) throw new Error('Timers run for at most a week. For later, set a reminder ("remind me … on friday at 9").');
    const label = /\b(?:for|called|named|labell?ed)\s+(?:the\s+)?([a-z][\p{L} ]{1,40}?)\s*$/iu.exec(ctx.text.replace(new RegExp(escapeRe(duration.text).replace(/ /g, '\\s*'), 'i'), ''))?.[1]?.trim();
    const length = formatDuration(duration.ms);
    const title = label && !/^(?:a|an|timer)$/i.test(label) ? `${label} (${length})` : `${length} timer`;
    const due = new Date(ctx.now.getTime() + duration.ms);
    const timer = await sched.schedule({ kind: 'timer', title, dueAt: due.toISOString() });
    return {
      text: `Timer set for ${length}; it ends ${spokenDue(due, ctx.now, ctx.timezone)}.`,
      speak: `Timer set for ${spokenDuration(length)}.`,
      data: { id: timer.id, timer, ms: duration.ms },
    };
  },

  'reminder.list': async (_slots, ctx) => {
    const all = await scheduler(ctx).list();
    const onlyTimers = /\btimers?\b/i.test(ctx.text) && !/\breminders?\b/i.test(ctx.text);
    const onlyReminders = /\breminders?\b/i.test(ctx.text) && !/\btimers?\b/i.test(ctx.text);
    const shown = all.filter((t) => (onlyTimers ? t.kind === 'timer' : onlyReminders ? t.kind === 'reminder' : true));
    const what = onlyTimers ? 'timers' : onlyReminders ? 'reminders' : 'reminders or timers';
    if (shown.length === 0) return { text: `You have no ${what} set.`, data: { timers: [] } };
    // The text counts them; the card lists them.
    return {
      text: `You have ${shown.length} ${shown.length === 1 ? what.replace(/s( or timers)?$/, '').replace(/s$/, '') : what}.`,
      data: { timers: shown },
      card: { type: 'list', title: 'Reminders and timers', items: shown.map((t) => item(t, ctx.now, ctx.timezone)) },
    };
  },

  'reminder.cancel': async (slots, ctx) => {
    const sched = scheduler(ctx);
    const pending = await sched.list();
    // "cancel that" after setting one: the kernel names it by id.
    if (typeof slots.id === 'string' && slots.id) {
      const c = pending.some((t) => t.id === slots.id) ? await sched.cancel(slots.id) : undefined;
      if (!c) return { text: 'That reminder or timer is no longer set; nothing was cancelled.', data: { cancelled: [] } };
      return { text: `Cancelled the ${c.kind} "${c.title}".`, data: { cancelled: [c] } };
    }
    const kind = /\btimers?\b/i.test(ctx.text) ? 'timer' : /\breminders?\b/i.test(ctx.text) ? 'reminder' : undefined;
    const pool = pending.filter((t) => !kind || t.kind === kind);
    const label = kind ?? 'reminder or timer';
    const terms = words(typeof slots.task === 'string' && words(slots.task).length ? slots.task : ctx.text);
    // "Cancel all" is reminder.clear, which asks first; here several matches are listed, never all cancelled.
    const matches = terms.length ? pool.filter((t) => fits(t.title, terms)) : pool;
    if (matches.length === 0) {
      const what = terms.length ? `${label} about "${terms.join(' ')}"` : label;
      return { text: pool.length ? `No ${what} is set. You have: ${pool.map((t) => t.title).join(', ')}.` : `You have no ${kind ? `${kind}s` : 'reminders or timers'} to cancel.`, data: { cancelled: [] } };
    }
    if (matches.length > 1) {
      return {
        text: `${matches.length} ${kind ? `${kind}s` : 'reminders and timers'} match; nothing was cancelled. Say which one (or "cancel all ${kind ?? 'reminder'}s").`,
        data: { cancelled: [], candidates: matches },
        card: { type: 'list', title: 'Which one?', items: matches.map((t) => item(t, ctx.now, ctx.timezone)) },
      };
    }
    const cancelled: ScheduledTimer[] = [];
    for (const t of matches) {
      const c = await sched.cancel(t.id);
      if (c) cancelled.push(c);
    }
    const names = cancelled.map((t) => `${t.kind} "${t.title}"`);
    return { text: cancelled.length === 1 ? `Cancelled the ${names[0]}.` : `Cancelled ${cancelled.length}: ${names.join(', ')}.`, data: { cancelled } };
  },

  // The kernel asks first (the intent is marked confirm): "cancel all my reminders" is broad.
  'reminder.clear': async (_slots, ctx) => {
    const sched = scheduler(ctx);
    const kind = /\btimers?\b/i.test(ctx.text) && !/\breminders?\b/i.test(ctx.text) ? 'timer' : /\breminders?\b/i.test(ctx.text) && !/\btimers?\b/i.test(ctx.text) ? 'reminder' : undefined;
    const pool = (await sched.list()).filter((t) => !kind || t.kind === kind);
    const cancelled: ScheduledTimer[] = [];
    for (const t of pool) {
      const c = await sched.cancel(t.id);
      if (c) cancelled.push(c);
    }
    const what = kind ? `${kind}s` : 'reminders and timers';
    const one = cancelled[0];
    const text = cancelled.length > 1 ? `Cancelled all ${cancelled.length} ${what}.` : one ? `Cancelled your only ${one.kind}, "${one.title}".` : `You have no ${what} to cancel.`;
    return { text, data: { cancelled } };
  },
});
