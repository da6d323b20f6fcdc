/**
 * Terminal output: responses and cards as readable text, colours only on a terminal,
 * progress bars for long work. Much of what the CLI prints came from someone else (a skill's
 * name, description and output, notes, reminders, audit details, error messages), and an escape
 * sequence in it could clear the screen, rewrite a consent prompt's lines, set the clipboard or
 * plant a link. So every line leaves through `terminalSafe`: all escape sequences, control
 * characters, carriage returns and bidi or invisible characters are removed, and only then are our
 * own colours put in. Colours are written as markers holding a random per-process nonce, which
 * no untrusted text can forge; one-line fields are also flattened with `one` where they are shown.
 */
import { randomBytes } from 'node:crypto';
import type { Card, Response } from '../../kernel/contracts/index.js';
import { formatDateTime, safeText } from '../../kernel/sdk/index.js';

/**
 * Colours on a terminal, or wherever FORCE_COLOR asks for them (CI logs, `| less -R`); never with
 * NO_COLOR or FORCE_COLOR=0 (https://no-color.org, https://force-color.org).
 */
export function wantsColour(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}
const tty = wantsColour();
const NONCE = randomBytes(6).toString('hex');
const MARK = new RegExp(`\uE000${NONCE}(\\d{1,2})\uE001`, 'g');
const paint = (code: number) => (s: string) => (tty ? `\uE000${NONCE}${code}\uE001${s}\uE000${NONCE}0\uE001` : s);
export const bold = paint(1);
export const dim = paint(2);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const cyan = paint(36);

/** Untrusted text for a one-line field (a name, a title, an id): no controls, no line breaks. */
export const one = (text: unknown, max?: number) => safeText(text, max === undefined ? {} : { max });
/** Untrusted text that may span lines (a skill's answer, a note's body). */
export const block = (text: unknown) => safeText(text, { multiline: true });

/** What may reach the terminal: everything untrusted stripped, then our colour markers made real (or dropped off a terminal). */
export function terminalSafe(text: string): string {
  return safeText(text, { multiline: true }).replace(MARK, (_m, code: string) => (tty ? `\x1b[${code}m` : ''));
}

/** Text for a file or JSON: cleaned like terminalSafe, without colours. */
export function plainText(text: string): string {
  return safeText(text, { multiline: true }).replace(MARK, '');
}

/** An Io whose every line passes terminalSafe (main wraps any Io it is given). */
export function safeIo(io: Io): Io {
  if (io === stdio) return io;
  return { out: (t) => io.out(terminalSafe(t)), err: (t) => io.err(terminalSafe(t)) };
}

/** A card's text; every field in it came from a skill, so each is cleaned before it is laid out or painted. */
function renderCard(card: Card, titled = true): string {
  const head = titled && card.title ? `${bold(one(card.title))}\n` : '';
  switch (card.type) {
    case 'text':
      return head + block(card.body);
    case 'list':
      return head + card.items.map((i) => `  • ${one(i.title)}${i.subtitle ? dim(` — ${one(i.subtitle)}`) : ''}${i.detail ? `\n    ${dim(one(i.detail))}` : ''}`).join('\n');
    case 'kv': {
      const entries = card.entries.map((e) => ({ key: one(e.key), value: one(e.value) }));
      const w = Math.max(0, ...entries.map((e) => e.key.length));
      return head + entries.map((e) => `  ${e.key.padEnd(w)}  ${e.value}`).join('\n');
    }
    case 'table': {
      const cells = [card.columns.map((c) => one(c)), ...card.rows.map((r) => r.map((c) => (c === null ? '' : one(c))))];
      const widths = card.columns.map((_, i) => Math.min(60, Math.max(...cells.map((r) => (r[i] ?? '').length))));
      const line = (r: string[]) => '  ' + r.map((c, i) => c.slice(0, 60).padEnd(widths[i] ?? 0)).join('  ');
      return head + [bold(line(cells[0]!)), ...cells.slice(1).map(line)].join('\n');
    }
    case 'files':
      return head + card.files.map((f) => `  ${one(f.path)}${f.size !== undefined ? dim(`  ${formatBytes(f.size)}`) : ''}${f.modified ? dim(`  ${one(fileTime(f.modified))}`) : ''}${f.snippet ? `\n    ${dim(one(f.snippet))}` : ''}`).join('\n');
    case 'image':
      return head + dim(`[image: ${one(card.alt)}]`);
    case 'plot':
      return head + card.series.map((s) => `  ${one(s.name)}: ${s.points.length} points, last ${one(s.points.at(-1)?.[1] ?? '—')}`).join('\n');
    case 'progress':
      return `${one(card.title)}: ${Math.round((card.value / card.max) * 100)}%${card.detail ? ` — ${one(card.detail)}` : ''}`;
    case 'code':
      return head + block(card.code);
  }
}

/** A file's time in the user's clock (ui.timeFormat, ui.locale); text that is no time is shown as it came. */
function fileTime(iso: string): string {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso.slice(0, 16).replace('T', ' ') : formatDateTime(t);
}

/** What a card lists, one string per item (a list's titles, a table's rows, key-value pairs' values, files' paths). */
function cardItems(card: Card): string[] {
  switch (card.type) {
    case 'list':
      return card.items.map((i) => i.title);
    case 'kv':
      return card.entries.map((e) => e.value);
    case 'table':
      return card.rows.map((r) => r.filter((c) => c !== null && c !== '').join(' '));
    case 'files':
      return card.files.map((f) => f.path);
    default:
      return [];
  }
}

/**
 * A step's text without the lines that only repeat its card's items ("- buy oat milk" above a list
 * card of notes): the card shows them, once. The built-in skills' texts no longer list their items;
 * this keeps a skill that still does from printing everything twice.
 */
function withoutCardLines(text: string, card: Card | undefined): string {
  if (!card) return text;
  const items = new Set(cardItems(card).map((i) => squash(i)).filter((i) => i.length >= 2));
  if (items.size === 0) return text;
  const home = process.env.HOME ? squash(process.env.HOME) : undefined;
  const repeats = (line: string) => {
    const bare = squash(line.replace(/^\s*(?:[-*•·]|\d+[.)])\s+/, ''));
    if (!bare || bare === squash(line)) return false; // only listed lines ("- …", "• …", "1. …") are dropped
    const full = home && bare.startsWith('~/') ? `${home}${bare.slice(1)}` : bare;
    for (const item of items) if (full === item || full.startsWith(`${item},`) || full.startsWith(`${item} (`) || full.startsWith(`${item}:`) || item.startsWith(`${full} `)) return true;
    return false;
  };
  return text
    .split('\n')
    .filter((l) => !repeats(l))
    .join('\n')
    .replace(/:\s*$/, '.');
}
const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function renderResponse(response: Response): string {
  const out: string[] = [];
  if (response.status === 'served' || response.status === 'partial') {
    for (const step of response.steps) {
      if (step.status === 'ok' && step.result) {
        const { card } = step.result;
        // A code or text card that is the text itself is printed once, as the card.
        const same = (card?.type === 'code' && card.code.trim() === step.result.text.trim()) || (card?.type === 'text' && card.body.trim() === step.result.text.trim());
        if (!same) out.push(block(withoutCardLines(step.result.text, card)));
        if (card && card.type !== 'text') out.push(renderCard(card, !card.title || squash(card.title) !== squash(step.result.text)));
        else if (card?.type === 'text') out.push(block(card.body));
      } else {
        out.push(red(`✗ ${one(step.skill)}: ${block(step.error)}`));
      }
    }
  } else {
    const text = block(response.text);
    out.push(response.status === 'error' || response.status === 'denied' ? red(text) : text);
    if (response.clarification?.choices.length) {
      // A choice whose value is its own label ("miles") is listed once; an id-valued one is answered by number.
      response.clarification.choices.forEach((c, n) => out.push(c.value === c.label ? `  - ${one(c.label)}` : /^\d+$/.test(c.value) ? `  ${c.value}) ${one(c.label)}` : `  ${n + 1}) ${one(c.label)}`));
    }
    if (response.error?.fix) out.push(dim(block(response.error.fix)));
  }
  if (response.suggestions.length) {
    out.push(dim('Try:'));
    for (const s of response.suggestions) out.push(`  ${cyan(`agentos "${one(s.request)}"`)}${s.reason ? dim(`  — ${one(s.reason)}`) : ''}`);
  }
  return out.join('\n');
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: Io = {
  out: (t) => void process.stdout.write(line(t)),
  err: (t) => void process.stderr.write(line(t)),
};

function line(t: string): string {
  const safe = terminalSafe(t);
  return safe.endsWith('\n') ? safe : `${safe}\n`;
}
