/**
 * Paths, file names, domains and URLs said aloud: "~/Documents/budget.xlsx" is spoken "tilde
 * slash documents slash budget dot xlsx", "https://example.org/docs" "https colon slash slash
 * example dot org slash docs". `locatorToSpoken` gives the command model those words (before,
 * the symbols were dropped and "open ~/notes/todo.md" was learnt as "open notes todo md", which
 * nobody says); `joinLocators` glues a recogniser's words back into the written locator the
 * skills parse. Gluing needs evidence that the words were a locator: a "slash" or "tilde", or a
 * "dot" followed by a domain ending or a file extension — "polka dot dress" stays three words.
 */
import { numberToWords } from '../sdk/index.js';

const SAID: Record<string, string> = { '/': 'slash', '~': 'tilde', '.': 'dot', ':': 'colon', '-': 'dash', _: 'underscore', '?': 'question mark', '=': 'equals', '&': 'and', '#': 'hash', '@': 'at' };
const JOINERS: Record<string, string> = { slash: '/', tilde: '~', dot: '.', colon: ':', dash: '-', underscore: '_', equals: '=', 'question mark': '?' };

/** Endings that make "X dot Y" a domain or a file name (common domains and file types; short unknown ones also count). */
const ENDINGS = new Set(
  'com org net edu gov io dev app info co uk de fr eu ai me tv us ca au nl ch jp cn in ru it es se no pdf md txt doc docx xls xlsx csv tsv ppt pptx odt ods odp png jpg jpeg gif svg webp bmp tiff mp3 mp4 wav flac ogg mkv mov avi zip tar gz bz2 xz rar json js ts tsx jsx mjs py rs go c h cpp hpp cu java kt swift rb php sh html htm css xml yaml yml toml ini cfg conf log sql db sqlite ipynb epub'.split(' '),
);

/** Whether a written token is a path, file name, domain, URL or e-mail address. */
export function isLocator(token: string): boolean {
  if (/^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(token)) return true;
  if (/^(~|\/|\.{1,2}\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(token)) return true;
  if (/[a-z]\/[a-z0-9~.]/i.test(token)) return true;
  // name.ending, but not a number ("19.99") or a sentence's full stop.
  const m = /^[\w-]+(?:\.[\w-]+)*\.([a-z][a-z0-9]{0,7})$/i.exec(token);
  const name = token.split('.')[0]!;
  return !!m && /[a-z]/i.test(name) && (ENDINGS.has(m[1]!.toLowerCase()) || (m[1]!.length <= 4 && name.length >= 2));
}

/** A written locator → the words a user says ("~/notes/todo.md" → "tilde slash notes slash todo dot md"). */
export function locatorToSpoken(token: string): string {
  const parts = token.toLowerCase().match(/[a-z]+|\d+|[^a-z\d]/g) ?? [];
  return parts
    .map((p) => (/^\d+$/.test(p) ? numberToWords(Number(p)) : /^[a-z]+$/.test(p) ? p : (SAID[p] ?? ' ')))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Spoken words with locators glued back ("open tilde slash notes slash todo dot md" → "open ~/notes/todo.md"). */
export function joinLocators(spoken: string[]): string[] {
  // "question mark" is one joiner (a query string); outside a locator it stays two words.
  const words: string[] = [];
  for (const w of spoken) {
    if (w === 'mark' && words[words.length - 1] === 'question') words[words.length - 1] = 'question mark';
    else words.push(w);
  }
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const run = locatorRun(words, i);
    if (!run) {
      out.push(...words[i]!.split(' '));
      i++;
      continue;
    }
    const locator = words.slice(i, run.end).map((w) => JOINERS[w] ?? w).join('');
    // "alice at example dot com": an address when a word and "at" come right before a domain.
    if (out.length >= 2 && out[out.length - 1] === 'at' && content(out[out.length - 2]) && /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(locator)) {
      out.splice(out.length - 2, 2, `${out[out.length - 2]}@${locator}`);
    } else out.push(locator);
    i = run.end;
  }
  return out;
}

const content = (w: string | undefined) => w !== undefined && /^[a-z0-9]+$/.test(w) && !(w in JOINERS);

/** The locator starting at `start` (content or a leading tilde/slash), if the words there are one. */
function locatorRun(words: string[], start: number): { end: number } | undefined {
  const first = words[start];
  const next = words[start + 1];
  // Starts: "tilde …", "slash …" (absolute), "dot slash …" / "dot dot slash …" (relative), or a
  // word joined by dot, colon, dash or underscore ("example dot com"). A word before "slash"
  // does not start one: "open slash home slash me" opens "/home/me".
  const leading = first === 'tilde' || first === 'slash' || (first === 'dot' && (next === 'slash' || (next === 'dot' && words[start + 2] === 'slash')));
  if (!leading && !(content(first) && next !== undefined && next in JOINERS && next !== 'slash' && next !== 'tilde' && (content(words[start + 2]) || (next === 'colon' && words[start + 2] === 'slash')))) return undefined;
  let end = leading ? start : start + 1;
  let sawPath = leading;
  let sawEnding = false;
  // Alternate joiners and content; consecutive joiners are allowed ("colon slash slash").
  while (end < words.length) {
    let j = end;
    while (j < words.length && words[j]! in JOINERS) j++;
    if (j === end || !content(words[j])) break;
    const joiners = words.slice(end, j);
    if (joiners.includes('slash') || joiners.includes('tilde')) sawPath = true;
    if (joiners[joiners.length - 1] === 'dot' && (ENDINGS.has(words[j]!) || (words[j]!.length <= 4 && /^[a-z]/.test(words[j]!)))) sawEnding = true;
    end = j + 1;
  }
  // A trailing slash belongs to a folder ("tilde slash downloads slash").
  if (sawPath && words[end] === 'slash') end++;
  if (end - start < 2 || (!sawPath && !sawEnding)) return undefined;
  return { end };
}
