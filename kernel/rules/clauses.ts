/**
 * The trigger clauses of rule sentences, read without the intent engine: what a file trigger
 * watches ("a pdf lands in ~/Downloads", "a file named *.jpg appears in my pictures"), the words
 * an event must mention ("a note that mentions buy"), how an event clause becomes the request it
 * stands for ("I add a note" / "a note is added" → "add a note"), and what "it" in an action
 * stands for when the rule runs.
 */
import os from 'node:os';
import path from 'node:path';
import { globRegExp } from '../sdk/index.js';

/** What kinds of files the words name, as globs. */
const KINDS: Record<string, string> = {
  file: '*',
  files: '*',
  document: '*.{pdf,doc,docx,odt,rtf,txt,md}',
  pdf: '*.pdf',
  image: '*.{jpg,jpeg,png,gif,webp,heic,bmp,tiff}',
  photo: '*.{jpg,jpeg,png,heic,webp}',
  picture: '*.{jpg,jpeg,png,gif,webp,heic}',
  screenshot: '*.png',
  spreadsheet: '*.{xls,xlsx,ods,csv}',
  video: '*.{mp4,mov,mkv,webm,avi}',
  song: '*.{mp3,m4a,flac,ogg,wav}',
  zip: '*.zip',
  archive: '*.{zip,tar,gz,tgz,7z,rar}',
};
const KIND_RE = `(?:new\\s+)?(${Object.keys(KINDS).join('|')})s?`;
/** Folders people name by their usual place ("my downloads", "the desktop folder"). */
const FOLDERS: Record<string, string> = { downloads: 'Downloads', download: 'Downloads', documents: 'Documents', docs: 'Documents', desktop: 'Desktop', pictures: 'Pictures', photos: 'Pictures', music: 'Music', videos: 'Videos', home: '' };
const ARRIVES = String.raw`(?:appears?|lands?|arrives?|shows?\s+up|comes?\s+in|(?:is|are|gets?|get)\s+(?:added|created|saved|put|dropped|downloaded|moved|copied|placed))`;
const NAMED = String.raw`(?:named|called|matching|that\s+matches|that\s+is\s+named|whose\s+name\s+matches|with\s+(?:the\s+)?name|like|ending\s+(?:in|with)|that\s+ends?\s+(?:in|with))`;
const GLOB = String.raw`["'“]?([^\s"'”,]+)["'”]?`;
const FOLDER = String.raw`(~?/[^\s,"']*|["'“][^"'”]+["'”]|(?:(?:my|the)\s+)?(?:${Object.keys(FOLDERS).join('|')})(?:\s+folder)?|(?:the\s+)?[\w.-]+\s+folder)`;

const FILE_CLAUSES = [
  // "a file named *.pdf appears in ~/Downloads", "a pdf lands in my downloads named invoice*"
  new RegExp(String.raw`^(?:a|an|any|some|new)?\s*${KIND_RE}(?:\s+${NAMED}\s+${GLOB})?\s+${ARRIVES}\s+(?:in|into|to|at|under|on)\s+${FOLDER}(?:\s+${NAMED}\s+${GLOB})?$`, 'i'),
  // "~/Downloads gets a new pdf", "my downloads folder gets a file named *.zip"
  new RegExp(String.raw`^${FOLDER}\s+(?:gets|receives)\s+(?:a|an|any|some|new)?\s*${KIND_RE}(?:\s+${NAMED}\s+${GLOB})?$`, 'i'),
];
const DOWNLOAD_CLAUSE = new RegExp(String.raw`^i\s+(?:download|save)\s+(?:a|an|any|some|new)?\s*${KIND_RE}(?:\s+${NAMED}\s+${GLOB})?$`, 'i');

export interface FileClause {
  folder: string;
  glob: string;
}

/** Expands "~/x", "my downloads", "the reports folder" (in the home folder) to an absolute path. */
export function folderPath(words: string, home = os.homedir()): string {
  const w = words.trim().replace(/^["'“]|["'”]$/g, '');
  if (w.startsWith('~')) return path.join(home, w.slice(1));
  if (path.isAbsolute(w)) return path.normalize(w);
  const name = w.toLowerCase().replace(/^(?:my|the)\s+/, '').replace(/\s+folder$/, '');
  const known = FOLDERS[name];
  return path.join(home, known ?? w.replace(/^(?:my|the)\s+/i, '').replace(/\s+folder$/i, ''));
}

/** "ending in .pdf" names an extension; a bare name without a wildcard matches itself. */
function globOf(named: string | undefined, kind: string | undefined): string {
  if (named) {
    const g = named.replace(/[.!?]+$/, '');
    return /^\.[a-z0-9]+$/i.test(g) ? `*${g}` : g;
  }
  return KINDS[(kind ?? 'file').toLowerCase()] ?? '*';
}

/** A file trigger clause, or undefined when the clause is about something else. */
export function fileClause(clause: string, home = os.homedir()): FileClause | undefined {
  const c = clause.trim().replace(/[.!]+$/, '');
  for (const [i, re] of FILE_CLAUSES.entries()) {
    const m = re.exec(c);
    if (!m) continue;
    if (i === 0) return { folder: folderPath(m[3]!, home), glob: globOf(m[2] ?? m[4], m[1]) };
    return { folder: folderPath(m[1]!, home), glob: globOf(m[3], m[2]) };
  }
  const d = DOWNLOAD_CLAUSE.exec(c);
  if (d) return { folder: path.join(home, 'Downloads'), glob: globOf(d[2], d[1]) };
  return undefined;
}

export { globRegExp };

const MENTIONS = /\s+(?:(?:that|which|and\s+it)\s+(?:mentions?|contains?|includes?|says?|has|is\s+about|talks\s+about|refers\s+to)|mentioning|containing|including|saying|about|with\s+the\s+words?)\s+(.+)$/i;

/** An event clause without its condition: "I add a note that mentions buy" → ["I add a note", ["buy"]]. */
export function splitCondition(clause: string): { event: string; mentions: string[] } {
  const m = MENTIONS.exec(clause.trim());
  if (!m) return { event: clause.trim(), mentions: [] };
  const words = m[1]!
    .replace(/[.!]+$/, '')
    .split(/\s*(?:,|\band\b)\s*/i)
    .map((w) => w.trim().replace(/^(?:the\s+words?\s+)?["'“‘]?|["'”’]$/g, '').replace(/^(?:the\s+word)\s+/i, ''))
    .filter(Boolean);
  return { event: clause.slice(0, m.index).trim(), mentions: words };
}

/** Whether an event's content mentions every word (case-insensitive, at word starts: "buy" fits "Buying", not "abuy"). */
export function mentionsAll(content: string, mentions: readonly string[]): boolean {
  return mentions.every((w) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu').test(content));
}

const IRREGULAR: Record<string, string> = { set: 'set', put: 'put', made: 'make', wrote: 'write', took: 'take', got: 'get', gotten: 'get', sent: 'send', done: 'do', did: 'do', began: 'begin', begun: 'begin', ran: 'run', read: 'read', found: 'find', left: 'leave', kept: 'keep' };

/** The base forms a verb may have ("added" → add, "saves" → save, "created" → create): the intent engine picks. */
export function baseForms(verb: string): string[] {
  const v = verb.toLowerCase();
  if (IRREGULAR[v]) return [IRREGULAR[v]!];
  const out = new Set<string>();
  if (/ied$/.test(v)) out.add(v.replace(/ied$/, 'y'));
  if (/ed$/.test(v)) {
    out.add(v.slice(0, -2));
    out.add(v.slice(0, -1));
    if (/(.)\1ed$/.test(v)) out.add(v.slice(0, -3));
  }
  if (/ies$/.test(v)) out.add(v.replace(/ies$/, 'y'));
  if (/(?:s|x|z|ch|sh)es$/.test(v)) out.add(v.slice(0, -2));
  if (/s$/.test(v) && !/ss$/.test(v)) out.add(v.slice(0, -1));
  out.add(v);
  return [...out];
}

/**
 * The requests an event clause may stand for, most likely first: "I add a note" → "add a note";
 * "I've added a note" → "add a note"; "a note is added" / "a new note gets created" → "add a note".
 */
export function imperatives(event: string): string[] {
  const e = event.trim().replace(/[.!]+$/, '');
  const active = /^(?:i|i've|i\s+have|you|we|someone|anyone|somebody)\s+(?:just\s+)?(\S+)\s*(.*)$/i.exec(e);
  if (active) return baseForms(active[1]!).map((v) => `${v} ${active[2]}`.trim());
  const passive = /^(?:(?:a|an|the|any|my)\s+)?((?:new\s+)?[\w-]+(?:\s+[\w-]+)?)\s+(?:is|gets|get|was|has\s+been|are)\s+(\S+)(.*)$/i.exec(e);
  if (passive) return baseForms(passive[2]!).map((v) => `${v} a ${passive[1]!.replace(/^new\s+/i, '')}${passive[3]}`.trim());
  return [];
}

const PRONOUN = /\b(?:it|them|the\s+(?:file|note|pdf|document|image|photo|reminder|timer|same))\b/i;

/** Whether an action refers to what triggered the rule. */
export function refersToSubject(action: string): boolean {
  return PRONOUN.test(action);
}

/** The action with "it" standing for the subject (a note's words, a file's path, quoted when it has spaces). */
export function withSubject(action: string, subject: string): string {
  const s = /\s/.test(subject) && subject.includes('/') ? `"${subject}"` : subject;
  return action.replace(PRONOUN, () => s);
}
