/**
 * Reminders and timers on the kernel's scheduler: persisted in the profile, fired while AgentOS
 * runs (the app, `agentos serve` or `agentos watch`), reported as missed on the next start.
 * Times are read from the request text itself ("remind me to stretch in 10 minutes",
 * "remind me tomorrow at 9 to water the plants", "set a timer for 3 minutes").
 */
import { defineSkill, type ScheduledTimer, type SchedulerCapability, type SkillContext } from '../../kernel/contracts/index.js';
import { findDurations } from '../../kernel/sdk/index.js';
import { describeDue, formatDuration, parseWhen } from './when.js';

const MAX_AHEAD_MS = 5 * 366 * 86_400_000;
const FIRES_WHILE = 'fires while AgentOS runs (the app, agentos serve or agentos watch)';

/** The first length of time in `text` ("set a timer for 3 minutes" → 3 minutes); none when it is zero. */
const lengthIn = (text: string) => findDurations(text).find((d) => d.ms > 0);

function scheduler(ctx: SkillContext): SchedulerCapability {
  if (!ctx.scheduler) throw Object.assign(new Error('reminders need the "notifications" permission. Grant it to the reminders skill (agentos grants, or Settings → Skills in the app)'), { name: 'CapabilityDenied' });
  return ctx.scheduler;
}

/** What to be reminded of: the request minus its phrasing and its time words. */
export function reminderTask(text: string, whenText: string | undefined): string {
  let t = text.trim().replace(/[.!?]+$/, '');
  if (whenText) t = t.replace(whenText, ' ');
  t = t
    .trim()
    .replace(/^(?:(?:hey|ok|please|can you|could you)\s+)*/i, '')
    .replace(/^(?:remind\s+me|set\s+(?:a|an|me\s+a)\s+reminder|add\s+(?:a\s+)?reminder|create\s+(?:a\s+)?reminder|reminder|don'?t\s+let\s+me\s+forget)\b\s*(?:to|about|that|of|for)?\b\s*[:,-]?\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:to|about|that|of|for)\s+/i, '')
    .replace(/\s+(?:to|at|on|in|by|for)$/i, '')
    .replace(/^[:,-]\s*/, '')
    .trim();
  return t;
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

const NOISE = new Set(['cancel', 'stop', 'delete', 'remove', 'clear', 'kill', 'abort', 'turn', 'off', 'the', 'my', 'a', 'an', 'all', 'every', 'reminder', 'reminders', 'timer', 'timers', 'to', 'about', 'for', 'of', 'please', 'alarm', 'that', 'this', 'it', 'me', 'remind']);
const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !NOISE.has(w));

export default defineSkill({
  'reminder.add': async (slots, ctx) => {
    const sched = scheduler(ctx);
    const when = parseWhen(ctx.text, ctx.now) ?? slotWhen(slots.when, ctx.now);
    if (!when) throw new Error('I could not tell when. Say for example "remind me to stretch in 10 minutes", "at 5pm" or "tomorrow at 9".');
    const delta = when.due.getTime() - ctx.now.getTime();
    if (delta <= 0) throw new Error(`${when.text} has already passed. Say a time in the future.`);
    if (delta > MAX_AHEAD_MS) throw new Error(`${when.text} is more than five years ahead; choose a nearer time.`);
    const task = reminderTask(ctx.text, when.text) || (typeof slots.task === 'string' ? slots.task.trim() : '') || 'Reminder';
    const timer = await sched.schedule({ kind: 'reminder', title: task, dueAt: when.due.toISOString() });
    const due = describeDue(when.due, ctx.now, ctx.timezone);
    return {
      text: `OK, I'll remind you to ${task} ${due}.`,
      speak: `OK, I'll remind you to ${task} ${due.replace(/\s*\(.*\)$/, '')}.`,
      data: { timer },
      card: { type: 'list', title: 'Reminder set', items: [item(timer, ctx.now, ctx.timezone)] },
    };
  },

  'timer.set': async (slots, ctx) => {
    const sched = scheduler(ctx);
    // The engine normalises durations to milliseconds; an answer to "For how long?" arrives as text.
    const duration =
      lengthIn(ctx.text) ??
      (typeof slots.duration === 'number' && slots.duration > 0 ? { ms: slots.duration, text: '' } : typeof slots.duration === 'string' ? lengthIn(slots.duration) : undefined);
    if (!duration) throw new Error('I could not tell how long. Say for example "set a timer for 3 minutes".');
    if (duration.ms > 7 * 86_400_000) throw new Error('timers run for at most a week; for later, set a reminder ("remind me … on friday at 9").');
    const label = /\b(?:for|called|named|labell?ed)\s+(?:the\s+)?([a-z][\p{L} ]{1,40}?)\s*$/iu.exec(ctx.text.replace(new RegExp(duration.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s*'), 'i'), ''))?.[1]?.trim();
    const length = formatDuration(duration.ms);
    const title = label && !/^(?:a|an|timer)$/i.test(label) ? `${label} (${length})` : `${length} timer`;
    const due = new Date(ctx.now.getTime() + duration.ms);
    const timer = await sched.schedule({ kind: 'timer', title, dueAt: due.toISOString() });
    return {
      text: `Timer set for ${length}; it ends ${describeDue(due, ctx.now, ctx.timezone).replace(/\s*\(.*\)$/, '')}.`,
      speak: `Timer set for ${length.replace(/\bmin\b/, 'minutes').replace(/\bh\b/, 'hours').replace(/\bs$/, 'seconds')}.`,
      data: { timer, ms: duration.ms },
      card: { type: 'list', title: 'Timer', items: [item(timer, ctx.now, ctx.timezone)] },
    };
  },

  'reminder.list': async (_slots, ctx) => {
    const all = await scheduler(ctx).list();
    const onlyTimers = /\btimers?\b/i.test(ctx.text) && !/\breminders?\b/i.test(ctx.text);
    const onlyReminders = /\breminders?\b/i.test(ctx.text) && !/\btimers?\b/i.test(ctx.text);
    const shown = all.filter((t) => (onlyTimers ? t.kind === 'timer' : onlyReminders ? t.kind === 'reminder' : true));
    const what = onlyTimers ? 'timers' : onlyReminders ? 'reminders' : 'reminders or timers';
    if (shown.length === 0) return { text: `You have no ${what} set.`, data: { timers: [] } };
    const lines = shown.map((t) => `- ${t.kind === 'timer' ? 'Timer' : 'Reminder'}: ${t.title}, ${describeDue(new Date(t.dueAt), ctx.now, ctx.timezone)}`);
    return {
      text: `You have ${shown.length} ${shown.length === 1 ? what.replace(/s( or timers)?$/, '').replace(/s$/, '') : what}:\n${lines.join('\n')}`,
      data: { timers: shown },
      card: { type: 'list', title: 'Reminders and timers', items: shown.map((t) => item(t, ctx.now, ctx.timezone)) },
    };
  },

  'reminder.cancel': async (slots, ctx) => {
    const sched = scheduler(ctx);
    const pending = await sched.list();
    const kind = /\btimers?\b/i.test(ctx.text) ? 'timer' : /\breminders?\b/i.test(ctx.text) ? 'reminder' : undefined;
    const pool = pending.filter((t) => !kind || t.kind === kind);
    const label = kind ?? 'reminder or timer';
    const terms = words(typeof slots.task === 'string' && words(slots.task).length ? slots.task : ctx.text);
    const everything = /\b(?:all|every|everything)\b/i.test(ctx.text) && terms.length === 0;
    const matches = everything ? pool : terms.length ? pool.filter((t) => terms.every((w) => t.title.toLowerCase().includes(w))) : pool;
    if (matches.length === 0) {
      const what = terms.length ? `${label} about "${terms.join(' ')}"` : label;
      return { text: pool.length ? `No ${what} is set. You have: ${pool.map((t) => t.title).join(', ')}.` : `You have no ${kind ? `${kind}s` : 'reminders or timers'} to cancel.`, data: { cancelled: [] } };
    }
    if (matches.length > 1 && !everything) {
      return {
        text: `${matches.length} ${kind ? `${kind}s` : 'reminders and timers'} match; nothing was cancelled. Say which one (or "cancel all ${kind ?? 'reminder'}s"):\n${matches.map((t) => `- ${t.title}, ${describeDue(new Date(t.dueAt), ctx.now, ctx.timezone)}`).join('\n')}`,
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
});
