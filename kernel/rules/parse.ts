/**
 * Rule sentences, read: a trigger and the requests to run. The shapes are general — a personal
 * command ("when I say 'start my day', …", "'good night' means …"), a when-clause ("when(ever) /
 * every time <event or new file>, <action>", either order, with or without the comma) and a
 * recurrence anywhere in the sentence ("every weekday at 9, …", "… every day at 6pm"). Which
 * words are the action is decided by the intent engine (`understand`): a split is taken only when
 * the action is a request some skill understands. A sentence none of this fits is not a rule.
 */
import os from 'node:os';
import type { PlanOutcome, RuleTrigger } from '../contracts/index.js';
import { fileClause, imperatives, splitCondition, withSubject } from './clauses.js';
import { findRecurrence, RecurrenceError } from './recurrence.js';

export interface ParseContext {
  now: Date;
  timezone: string;
  home?: string;
  /** The intent engine's reading of a request (the planner, without running anything). */
  understand(text: string): PlanOutcome;
  /** Whether an event clause's request, read as this intent, is a change the intent makes in its own words. */
  watchable?(request: string, skill: string, intent: string): boolean;
}

export type Parsed =
  | { kind: 'none' }
  /** Clearly a rule, but a part of it cannot be read: the message says which and what works. */
  | { kind: 'error'; message: string }
  | { kind: 'rule'; trigger: RuleTrigger; actions: string[] };

const NONE: Parsed = { kind: 'none' };
/** An event clause's request must be read this surely to be watched for. */
const EVENT_CONFIDENCE = 0.6;

const LEAD = /^(?:(?:please\s+)?(?:create|make|add|set\s+up|setup)\s+(?:a|an|the|me\s+a|me\s+an)\s+(?:new\s+)?(?:rule|automation|routine)\s*(?::|,|that\s+says|that|which|to)?\s*|from\s+now\s+on\s*,?\s*|(?:starting\s+(?:now|today)|going\s+forward|in\s+(?:the\s+)?future)\s*,?\s*|always\s+)/i;
const WHEN = String.raw`(?:when(?:ever)?|every\s+time|each\s+time|any\s*time|as\s+soon\s+as|if\s+ever|if)`;
const STRONG_WHEN = /^(?:whenever|every\s+time|each\s+time|any\s*time)\b/i;
const QUOTE = String.raw`["'“‘]`;
const UNQUOTE = String.raw`["'”’]`;
const SAY = String.raw`i\s+(?:say|type|write|tell\s+you|ask\s+you(?:\s+to)?)`;

const PHRASES: RegExp[] = [
  new RegExp(String.raw`^${WHEN}\s+${SAY}\s+${QUOTE}(.+?)${UNQUOTE}\s*(?:,|:|;|\bthen\b)?\s*(.+)$`, 'i'),
  new RegExp(String.raw`^${QUOTE}(.+?)${UNQUOTE}\s+(?:should\s+)?(?:means?|stands?\s+for|should\s+run|runs?|will\s+mean)\s*:?\s*(.+)$`, 'i'),
  new RegExp(String.raw`^(?:teach\s+you|learn)\s+(?:that\s+)?${QUOTE}(.+?)${UNQUOTE}\s+(?:means?|is)\s*:?\s*(.+)$`, 'i'),
  new RegExp(String.raw`^(?:create|make|add|set\s+up)\s+(?:a\s+)?(?:new\s+)?(?:personal\s+)?(?:command|shortcut)\s+(?:called\s+)?${QUOTE}(.+?)${UNQUOTE}\s*(?:that|which|to|:|,)?\s*(?:will\s+)?(.+)$`, 'i'),
];
const UNQUOTED_PHRASE = new RegExp(String.raw`^${WHEN}\s+${SAY}\s+(.+)$`, 'i');

const understood = (o: PlanOutcome) => o.kind === 'plan' || o.kind === 'ask_slot';

/** The requests of an action part: "list my reminders, then show my notes" → two. */
export function splitActions(action: string): string[] {
  return action
    .split(/\s*(?:;|,\s*(?:and\s+)?then\b|\band\s+then\b|,?\s*after\s+that\b,?)\s*/i)
    .map(cleanAction)
    .filter(Boolean);
}

/** An action without the connectors and politeness around it. */
export function cleanAction(text: string): string {
  let t = text.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3; i++) {
    t = t
      .replace(/^[,;:.\s-]+|[,;:\s-]+$/g, '')
      .replace(/^(?:then|and|please|also|you\s+should|i\s+want\s+you\s+to|do\s+this\s*:?)\s+/i, '')
      .replace(/\s+(?:please|for\s+me)$/i, '')
      .replace(/[.!]+$/, '')
      .trim();
  }
  return t;
}

function phraseRule(text: string, ctx: ParseContext): Parsed | undefined {
  for (const re of PHRASES) {
    const m = re.exec(text);
    if (m) return phraseOf(m[1]!, m[2]!);
  }
  const u = UNQUOTED_PHRASE.exec(text);
  if (!u) return undefined;
  const rest = u[1]!;
  const comma = /^(.+?)\s*[,:;]\s*(.+)$/.exec(rest);
  if (comma) return phraseOf(comma[1]!, comma[2]!);
  // "when I say good night turn off …": the first split whose action some skill understands
  const words = rest.split(/\s+/);
  for (let i = 1; i < words.length; i++) {
    const action = words.slice(i).join(' ');
    if (understood(ctx.understand(cleanAction(action)))) return phraseOf(words.slice(0, i).join(' '), action);
  }
  return { kind: 'error', message: `I read "${text}" as a personal command, but not what it should do. Say it like: when I say "start my day", list my reminders and my notes.` };
}

function phraseOf(phrase: string, action: string): Parsed {
  const p = phrase.trim().replace(/[.!?,]+$/, '');
  const actions = splitActions(action);
  if (!p || actions.length === 0) return { kind: 'error', message: 'A personal command needs its words and what they should do, e.g.: when I say "start my day", list my reminders and my notes.' };
  return { kind: 'rule', trigger: { kind: 'phrase', phrase: p, description: `when you say "${p}"` }, actions };
}

/** The clause/action pairs a when-sentence may split into, most likely first. */
function whenSplits(text: string): [clause: string, action: string, marked: boolean][] {
  const out: [string, string, boolean][] = [];
  const lead = new RegExp(String.raw`^${WHEN}\s+(.+)$`, 'i').exec(text);
  if (lead) {
    const body = lead[1]!;
    const comma = /^(.+?)\s*(?:,|;|\s-\s|\bthen\b)\s*(.+)$/.exec(body);
    if (comma) out.push([comma[1]!, comma[2]!, true]);
    const words = body.split(/\s+/);
    for (let i = 2; i < words.length; i++) out.push([words.slice(0, i).join(' '), words.slice(i).join(' '), false]);
  }
  // "remind me about it whenever I add a note"
  const trail = new RegExp(String.raw`^(.+?)\s*,?\s+${WHEN}\s+(.+)$`, 'i').exec(text);
  if (trail && !lead) out.push([trail[2]!, trail[1]!, false]);
  return out;
}

const TIMER_FIRES = /^(?:a|my|the|any)?\s*(reminder|timer)s?\s+(?:fires?|goes?\s+off|rings?|is\s+due|comes?\s+due|ends?|finishes|runs?\s+out|is\s+up|pops?\s+up)(?:\s+(?:about|for|to|that\s+mentions)\s+(.+))?$/i;

/** The event a clause names, found by the intent engine ("I add a note" → notes.add), or undefined. */
function eventTrigger(clause: string, ctx: ParseContext): RuleTrigger | undefined {
  const c = clause.trim().replace(/[.!]+$/, '');
  const timer = TIMER_FIRES.exec(c);
  if (timer) {
    const mentions = timer[2] ? [timer[2].replace(/^["'“]|["'”]$/g, '')] : [];
    return { kind: 'event', on: { kernel: 'timer.fired' }, mentions, description: `when a ${timer[1]!.toLowerCase()} goes off${mentions.length ? ` about "${mentions[0]}"` : ''}` };
  }
  const { event, mentions } = splitCondition(c);
  for (const request of imperatives(event)) {
    const o = ctx.understand(request);
    const step = o.kind === 'plan' || o.kind === 'ask_slot' ? o.plan.steps[0] : undefined;
    if (!step || (o.kind === 'plan' && o.plan.steps.length > 1) || step.confidence < EVENT_CONFIDENCE) continue;
    if (ctx.watchable && !ctx.watchable(request, step.skill, step.intent)) continue;
    const said = event.replace(/^(?:i|i've|i\s+have)\b/i, 'you');
    return { kind: 'event', on: { skill: step.skill, intent: step.intent }, mentions, description: `when ${said}${mentions.length ? ` that mentions ${mentions.map((w) => `"${w}"`).join(' and ')}` : ''}` };
  }
  return undefined;
}

const FILLER = new Set(['a', 'an', 'the', 'my', 'new', 'some', 'any', 'this', 'that', 'one', 'another', 'to', 'of', 'in', 'on']);

/** Every word of the request (by its stem) is a word the intent is phrased with. */
export function phrasedLike(request: string, vocabulary: string): boolean {
  const have = new Set((vocabulary.toLowerCase().match(/[a-z]+/g) ?? []).map((w) => w.replace(/(?:es|s)$/, '')));
  return (request.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => !FILLER.has(w)).every((w) => have.has(w.replace(/(?:es|s)$/, '')));
}

function triggerOf(clause: string, ctx: ParseContext): RuleTrigger | undefined {
  const file = fileClause(clause, ctx.home ?? os.homedir());
  if (file) return { kind: 'file', folder: file.folder, glob: file.glob, description: `when a new file named ${file.glob} appears in ${file.folder}` };
  return eventTrigger(clause, ctx);
}

/** Cuts the recurrence's words out of the sentence: what is left is the action. */
function withoutSpans(text: string, spans: [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [s, e] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    out += `${text.slice(at, s)} `;
    at = e;
  }
  return out + text.slice(at);
}

/** Reads a sentence as a rule: a rule, a rule with a part that cannot be read, or not a rule at all. */
export function parseRule(input: string, ctx: ParseContext): Parsed {
  let text = input.trim().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  let explicit = false;
  for (let m = LEAD.exec(text); m && m[0]; m = LEAD.exec(text)) {
    explicit = true;
    text = text.slice(m[0].length).trim();
  }
  if (!text) return NONE;
  const phrase = phraseRule(text, ctx);
  if (phrase) return phrase;

  const splits = whenSplits(text);
  for (const [clause, action, marked] of splits) {
    const actions = splitActions(action);
    if (actions.length === 0) continue;
    const trigger = triggerOf(clause, ctx);
    if (!trigger) continue;
    // Where no comma marks the split, it is right when the action is a request some skill
    // understands; a marked one is kept, and the check says which action was not understood.
    if (!marked && !understood(ctx.understand(sampleOf(actions[0]!, trigger)))) continue;
    return { kind: 'rule', trigger, actions };
  }

  let recurrence;
  try {
    recurrence = findRecurrence(text, { timezone: ctx.timezone, now: ctx.now });
  } catch (error) {
    if (error instanceof RecurrenceError) return { kind: 'error', message: error.message };
    throw error;
  }
  if (recurrence && splits.length === 0) {
    const actions = splitActions(withoutSpans(text, recurrence.spans));
    if (actions.length === 0) return { kind: 'error', message: `I read "${recurrence.description}" as a schedule, but not what to do then. Say it like: every day at 6pm remind me to stretch.` };
    // A question about the past ("what did I do every monday") is not an automation.
    if (!explicit && /^(?:what|who|when|where|why|how|which|did|do|does|was|were|is|are|have|has)\b/i.test(actions[0]!)) return NONE;
    return { kind: 'rule', trigger: { kind: 'schedule', cron: recurrence.cron, timezone: recurrence.timezone, description: recurrence.description }, actions };
  }
  if (splits.length > 0 && (explicit || STRONG_WHEN.test(text))) {
    const clause = splits[0]![0];
    return {
      kind: 'error',
      message: `I read this as an automation, but I can't watch for "${clause}". A rule can start at times ("every weekday at 9"), when you do something ("when I add a note that mentions buy"), when a file appears in a folder ("when a pdf lands in ~/Downloads"), or when you say your own words ("when I say 'start my day'").`,
    };
  }
  return NONE;
}

/** An action as the intent engine should read it when checking: "it" stands for an example of what triggers the rule. */
export function sampleOf(action: string, trigger: RuleTrigger): string {
  return withSubject(action, sampleSubject(trigger));
}

export function sampleSubject(trigger: RuleTrigger): string {
  if (trigger.kind === 'file') return `${trigger.folder}/example${/\*(\.[a-z0-9]+)$/i.exec(trigger.glob)?.[1] ?? ''}`;
  if (trigger.kind === 'event') return trigger.mentions.join(' ') || 'this';
  return 'this';
}
