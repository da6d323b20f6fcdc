/**
 * Text that came from someone else (a skill's name, description or output, a note, a problem's
 * name) made safe to print in a terminal or to place in the portal: terminal escape sequences
 * (CSI, OSC, DCS…), other control characters, and the bidirectional-override and invisible
 * format characters that reorder or hide what is shown are removed. A carriage return could
 * rewrite the line already printed (a consent prompt's permission lines), so it goes too; line
 * breaks and tabs stay only where the caller allows several lines.
 */

/** An escape sequence: ESC or its 8-bit form followed by a CSI, OSC/DCS/APC/PM/SOS string or a single final byte. */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const ESCAPES = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
/** C0 and C1 controls and DEL, except tab and line feed (handled by the caller's choice). */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/**
 * Bidi marks, overrides and isolates, the zero-width space and other invisible format characters.
 * The zero-width (non-)joiners U+200C/U+200D stay: emoji sequences and several scripts need them.
 */
const INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

export interface SafeTextOptions {
  /** Keep line feeds and tabs (a note's body, a skill's output); otherwise they become spaces. */
  multiline?: boolean;
  /** Cut to this many characters, marking the cut with "…". */
  max?: number;
}

/** `text` without anything that could control a terminal or disguise what is shown. */
export function safeText(text: unknown, options: SafeTextOptions = {}): string {
  let s = String(text ?? '')
    .replace(ESCAPES, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(INVISIBLE, '');
  if (!options.multiline) s = s.replace(/[\n\t]+/g, ' ');
  if (options.max !== undefined && s.length > options.max) s = `${s.slice(0, Math.max(0, options.max - 1))}…`;
  return s;
}

/** Whether `text` holds anything safeText would remove (for tests and for flagging a skill at install). */
export function hasControlText(text: string, multiline = true): boolean {
  return safeText(text, { multiline }) !== (multiline ? text.replace(/\r\n?/g, '\n') : text);
}
