/**
 * What the bridge sends to the renderer, made safe to show: every string in a result, an event
 * or an error — a skill's name, description, intents and output, notes, reminders, problem names,
 * audit details — may come from a stranger's skill, so escape sequences, control characters,
 * carriage returns and bidi-override or invisible characters are removed (kernel/sdk safeText).
 * Fields that name something (id, name, title …) are kept to one line; the others keep their line
 * breaks and tabs (a note's body, a skill's answer). Applied deep, keys included.
 */
import { safeText } from '../../kernel/sdk/index.js';

/** Fields shown as one line: a line break in them could make one item look like two. */
const ONE_LINE = new Set(['id', 'name', 'title', 'label', 'publisher', 'skill', 'version', 'kind', 'intent', 'method', 'key', 'subtitle', 'alt', 'path', 'request']);
/** Deeper than any real result: stops a pathological value from exhausting the stack. */
const MAX_DEPTH = 64;

export function safeForRenderer<T>(value: T): T {
  return clean(value, undefined, 0) as T;
}

function clean(value: unknown, key: string | undefined, depth: number): unknown {
  if (typeof value === 'string') return safeText(value, { multiline: key === undefined || !ONE_LINE.has(key) });
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((v) => clean(v, key, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  // Only plain data is walked; anything else (a Buffer, a Date) is passed as it is.
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[safeText(k)] = clean(v, k, depth + 1);
  return out;
}
