/**
 * From the event log to action sequences: each served step becomes an item (its intent, plus a
 * salient slot value when that value recurs — "apps.open app=weekly report" is a different habit
 * from "apps.open app=music"), and the stream is cut into sessions wherever the user paused
 * longer than the gap. Each item keeps the latest request text that produced it, so a suggestion
 * can be sent back as is.
 */
import type { LoggedResult } from '../events/index.js';

/** One served action, as the miner sees it. */
export interface WorkflowEvent {
  at: number;
  text: string;
  skill: string;
  intent: string;
  slots: Record<string, unknown>;
}

export interface ItemInfo {
  label: string;
  skill: string;
  intent: string;
  /** The latest request that produced it. */
  text: string;
  count: number;
}

/** Served steps from the event log, in order. */
export function eventsFromLog(rows: readonly LoggedResult[]): WorkflowEvent[] {
  const out: WorkflowEvent[] = [];
  for (const r of rows) {
    if (r.status !== 'served' && r.status !== 'partial') continue;
    const at = Date.parse(r.at);
    if (!Number.isFinite(at)) continue;
    const steps = r.response.steps.filter((s) => s.status === 'ok');
    if (steps.length === 0 && r.skill && r.intent) out.push({ at, text: r.text, skill: r.skill, intent: r.intent, slots: r.slots ?? {} });
    for (const s of steps) out.push({ at, text: r.text, skill: s.skill, intent: s.intent, slots: s.slots });
  }
  return out;
}

/** Slot values worth keeping in an item: short words, not times or numbers that change every use. */
function slotCandidates(e: WorkflowEvent): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(e.slots)) {
    if (typeof value !== 'string') continue;
    const v = value.trim().toLowerCase();
    if (!v || v.length > 40 || /^\d{4}-\d{2}-\d{2}/.test(v) || /^[\d\s.,:%+-]+$/.test(v)) continue;
    out.push(`${e.intent} ${name}=${v}`);
  }
  return out;
}

/** Item labels for events: the intent, refined by the most frequent recurring slot value. */
export function itemLabels(events: readonly WorkflowEvent[], minRecurrence = 2): string[] {
  const counts = new Map<string, number>();
  for (const e of events) for (const c of slotCandidates(e)) counts.set(c, (counts.get(c) ?? 0) + 1);
  return events.map((e) => {
    let label = e.intent;
    let best = minRecurrence - 1;
    for (const c of slotCandidates(e)) {
      const n = counts.get(c)!;
      if (n > best) [label, best] = [c, n];
    }
    return label;
  });
}

/** Cuts a time-ordered stream into sessions at pauses longer than `gapMs`. Returns index ranges. */
export function splitSessions(events: readonly { at: number }[], gapMs: number): number[][] {
  const sessions: number[][] = [];
  let current: number[] = [];
  events.forEach((e, i) => {
    if (current.length > 0 && e.at - events[current[current.length - 1]!]!.at > gapMs) {
      sessions.push(current);
      current = [];
    }
    current.push(i);
  });
  if (current.length > 0) sessions.push(current);
  return sessions;
}
