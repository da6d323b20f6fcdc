/**
 * Entity extraction from a request and its skill calls: rules (projects, files, hashtags),
 * lists (applications) and the `compromise` NLP library for people, places and organizations.
 * compromise takes about half a second to load on a small machine, so it is loaded on demand
 * (`loadNlp`, done by long-running hosts, `agentos graph sync` and the benchmark); until then a
 * capitalised-name rule stands in, and resolution against known entities fixes most types.
 */
import { createRequire } from 'node:module';
import type Nlp from 'compromise';
import type { EntityRef } from './types.js';
import { nameKey } from './util.js';

const APPS = [
  'firefox', 'chrome', 'chromium', 'google chrome', 'slack', 'spotify', 'vs code', 'vscode', 'visual studio code', 'thunderbird', 'gimp',
  'libreoffice', 'zoom', 'discord', 'telegram', 'vlc', 'obsidian', 'notion', 'inkscape', 'blender', 'steam', 'evolution', 'gedit',
];
/** Ordinary words that are also app names: only after "open", "launch", "start", "close" or "quit". */
const VERB_ONLY_APPS = ['terminal', 'files', 'code', 'teams', 'signal', 'calculator', 'calendar', 'mail', 'settings', 'nautilus', 'outlook', 'word', 'excel'];
const APP_RE = new RegExp(`\\b(${APPS.map((a) => a.replace(/ /g, '\\s+')).join('|')})\\b`, 'gi');
const VERB_APP_RE = new RegExp(`\\b(?:open|launch|start|close|quit|run)\\s+(?:the\\s+)?(${VERB_ONLY_APPS.join('|')})(?:\\s+app)?\\b`, 'gi');
const PROJECT_RE = /\bproject\s+([\p{L}\p{N}][\p{L}\p{N}_-]*(?:\s+\p{Lu}[\p{L}\p{N}_-]*)*)|\bthe\s+(\p{Lu}[\p{L}\p{N}_-]*)\s+project\b/gu;
const FILE_RE = /(?:^|\s)((?:~|\.{1,2})?\/[^\s"'<>|]+|[\w.-]+\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|txt|md|csv|json|ya?ml|png|jpe?g|gif|svg|ts|js|py|c|cpp|cu|h|zip|tar|gz|mp3|mp4|wav))(?=[\s,;:!?)"']|$)/gi;
const HASHTAG_RE = /(?:^|\s)#([\p{L}][\p{L}\p{N}_-]{1,40})/gu;
const NOT_NAMES = new Set(['me', 'i', 'you', 'my', 'it', 'them', 'him', 'her', 'us', 'today', 'tomorrow', 'yesterday', 'agentos']);

/** Slot names whose values are entities of a known type. */
const SLOT_TYPES: [RegExp, EntityRef['type']][] = [
  [/^(path|file|files|filename|folder|dir|directory)$/i, 'file'],
  [/^(app|application|program)$/i, 'app'],
  [/^(person|contact|to|recipient|who|name)$/i, 'person'],
  [/^(place|city|location|where)$/i, 'place'],
  [/^(project)$/i, 'project'],
  [/^(company|organization|organisation|org)$/i, 'organization'],
];

const cache = new Map<string, EntityRef[]>();
const CACHE_MAX = 2000;

function clean(name: string): string {
  return name.replace(/['’]s$/i, '').replace(/^(the|a|an)\s+/i, '').replace(/[.,;:!?]+$/, '').trim();
}

let nlp: typeof Nlp | undefined;

/** Loads compromise (synchronously, its single-file build); later extractions use it. */
export function loadNlp(): void {
  nlp ??= createRequire(import.meta.url)('compromise') as typeof Nlp;
}

export const nlpLoaded = (): boolean => nlp !== undefined;

const NAME_RUN = /(?<![\p{L}\p{N}])(\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+){0,2})/gu;
const LEAD_WORDS = new Set(['Remind', 'Send', 'Email', 'Call', 'Open', 'Find', 'Show', 'What', 'Who', 'When', 'Where', 'How', 'Tell', 'Add', 'Set', 'Remember', 'Forget', 'Please', 'Text', 'Message', 'Ask', 'Meet', 'Schedule', 'Play', 'The', 'A', 'An', 'I', 'My', 'And', 'Is', 'Are', 'Do', 'Did', 'Can', 'Could', 'Would', 'Will', 'Convert', 'Search', 'List', 'Delete', 'Cancel', 'Note', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);

/** Without NLP: capitalised word runs, typed by the preposition before them ("in" place, "at" organization, else person). */
function fromCapitals(text: string): EntityRef[] {
  const out: EntityRef[] = [];
  for (const m of text.matchAll(NAME_RUN)) {
    const words = m[1]!.split(/\s+/);
    while (words.length > 0 && LEAD_WORDS.has(words[0]!)) words.shift();
    if (words.length === 0) continue;
    const before = text.slice(0, m.index).trimEnd().split(/\s+/).at(-1)?.toLowerCase() ?? '';
    out.push({ type: before === 'in' ? 'place' : before === 'at' ? 'organization' : 'person', name: words.join(' ') });
  }
  return out;
}

function fromNlp(text: string): EntityRef[] {
  if (!nlp) return fromCapitals(text);
  const doc = nlp(text);
  const out: EntityRef[] = [];
  for (const name of doc.people().out('array') as string[]) out.push({ type: 'person', name: clean(name) });
  for (const name of doc.places().out('array') as string[]) out.push({ type: 'place', name: clean(name) });
  for (const name of doc.organizations().out('array') as string[]) out.push({ type: 'organization', name: clean(name) });
  return out;
}

/** Entities mentioned in a text, deduplicated by name key (first type wins: rules before NLP). */
export function extractEntities(text: string): EntityRef[] {
  const cacheKey = `${nlp ? 1 : 0}${text}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const found: EntityRef[] = [];
  for (const m of text.matchAll(PROJECT_RE)) found.push({ type: 'project', name: clean(m[1] ?? m[2] ?? '') });
  for (const m of text.matchAll(FILE_RE)) found.push({ type: 'file', name: m[1]! });
  for (const m of text.matchAll(HASHTAG_RE)) found.push({ type: 'topic', name: m[1]! });
  for (const m of text.matchAll(VERB_APP_RE)) found.push({ type: 'app', name: m[1]!.toLowerCase() });
  for (const m of text.matchAll(APP_RE)) found.push({ type: 'app', name: m[1]!.toLowerCase().replace(/\s+/g, ' ') });
  // Files and paths are masked before NLP so "report.pdf" is not read as a name.
  found.push(...fromNlp(text.replace(FILE_RE, ' ')));
  const seen = new Set<string>();
  const out = found.filter((e) => {
    const key = nameKey(e.name);
    if (!key || key.length < 2 || NOT_NAMES.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey, out);
  return out;
}

/** Entities in a skill call's slots: typed by the slot's name ("path" → file, "app" → app). */
export function extractFromSlots(slots: Record<string, unknown>): EntityRef[] {
  const out: EntityRef[] = [];
  for (const [name, value] of Object.entries(slots)) {
    if (typeof value !== 'string' || value.length === 0 || value.length > 300) continue;
    const type = SLOT_TYPES.find(([re]) => re.test(name))?.[1];
    if (type && !NOT_NAMES.has(nameKey(value))) out.push({ type, name: value.trim() });
  }
  return out;
}
