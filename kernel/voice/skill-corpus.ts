/**
 * The recognition corpus of the installed skills: every intent's templates expanded, its slots
 * filled with spoken values (list values and synonyms, numbers, durations, times, and the values
 * its own examples carry), plus the examples themselves, all in spoken form. PocketSphinx's
 * language model is trained on it, which biases recognition toward commands that exist.
 */
import { createHash } from 'node:crypto';
import type { IntentSpec, SkillManifest, SlotSpec } from '../contracts/index.js';
import { rng } from '../sdk/random.js';
import { expandTemplate, type Piece } from './template-expand.js';
import { numberToWords, toSpoken } from './spoken.js';

/** Finds the slot values in an example (the kernel's intent engine does this). */
export type SlotExtractor = (text: string) => { skill: string; intent: string; slots: { name: string; raw: string }[] } | undefined;

const TIME_FILLERS = ['tomorrow', 'today', 'tonight', 'at five p m', 'at nine a m', 'tomorrow at nine', 'on monday', 'on friday at noon', 'next week', 'in ten minutes', 'in an hour', 'at seven thirty', 'this evening', 'in two days'];
const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'];
const PATH_FILLERS = ['documents', 'downloads', 'my home folder', 'the desktop', 'pictures', 'projects', 'music'];
/** Pieces of spoken paths, URLs and arithmetic ("tilde slash documents slash report dot pdf"). */
const FOLDERS = ['documents', 'downloads', 'desktop', 'pictures', 'music', 'videos', 'projects', 'notes', 'work', 'src', 'backup'];
const NAMES = ['report', 'notes', 'budget', 'todo', 'plan', 'photo', 'setup', 'backup', 'index', 'readme', 'main', 'data', 'invoice', 'draft'];
const EXTENSIONS = ['pdf', 'txt', 'md', 'docx', 'xlsx', 'csv', 'png', 'jpg', 'zip', 'mp3', 'json', 'py', 'ts', 'html', 'odt'];
const DOMAINS = ['example', 'wikipedia', 'github', 'google', 'youtube', 'news', 'docs', 'mail', 'localhost'];
const TLDS = ['com', 'org', 'net', 'io', 'dev', 'co dot uk'];
const OPERATORS = ['plus', 'minus', 'times', 'divided by', 'to the power of', 'multiplied by'];
const ORDINAL_FILLERS = ['first', 'second', 'third', 'fourth', 'fifth', 'last'];

/** The corpus version: bump when generation or smoothing (arpa.ts) changes so cached models are rebuilt. */
const CORPUS_VERSION = 7;

export function manifestsHash(manifests: SkillManifest[]): string {
  const h = createHash('sha256').update(`v${CORPUS_VERSION}`);
  for (const m of [...manifests].sort((a, b) => a.id.localeCompare(b.id))) h.update(JSON.stringify([m.id, m.version, m.intents, m.rules]));
  return h.digest('hex').slice(0, 16);
}

function randomNumber(rand: () => number): number {
  const r = rand();
  if (r < 0.45) return Math.floor(rand() * 21);
  if (r < 0.8) return Math.floor(rand() * 100);
  if (r < 0.95) return Math.floor(rand() * 1000);
  return Math.floor(rand() * 100_000);
}

/** A written value with its numbers swapped for others ("12 times 11" → "7 times 340"). */
function varyNumbers(written: string, rand: () => number): string {
  return written.replace(/\d+(?:\.\d+)?/g, () => String(randomNumber(rand)));
}

function typedFillers(spec: SlotSpec, rand: () => number): string[] {
  if ('values' in spec) {
    return spec.values.flatMap((v) => (typeof v === 'string' ? [v] : [v.value, ...v.synonyms])).map(toSpoken);
  }
  switch (spec.type) {
    case 'number':
      return Array.from({ length: 12 }, (_, i) => numberToWords(i % 4 === 3 ? `${randomNumber(rand)}.${Math.floor(rand() * 100)}` : randomNumber(rand)));
    case 'integer':
      return Array.from({ length: 12 }, () => numberToWords(randomNumber(rand)));
    case 'math':
      return Array.from({ length: 24 }, () => spokenExpression(rand));
    case 'ordinal':
      return ORDINAL_FILLERS;
    case 'duration':
      return Array.from({ length: 10 }, () => `${numberToWords(1 + Math.floor(rand() * 59))} ${DURATION_UNITS[Math.floor(rand() * DURATION_UNITS.length)]}`).concat(['an hour', 'a minute', 'half an hour']);
    case 'datetime':
    case 'date':
    case 'time':
      return TIME_FILLERS;
    case 'path':
      return [...PATH_FILLERS, ...Array.from({ length: 16 }, () => spokenPath(rand))];
    case 'url':
      return Array.from({ length: 12 }, () => spokenUrl(rand));
    case 'email':
      return ['alice at example dot com'];
    default:
      return [];
  }
}

const pick = <T>(list: readonly T[], rand: () => number): T => list[Math.floor(rand() * list.length)]!;

/** "tilde slash documents slash budget dot xlsx", "slash home slash me slash notes", … */
function spokenPath(rand: () => number): string {
  const start = rand() < 0.75 ? 'tilde slash' : 'slash home slash me slash';
  const folders = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => pick(FOLDERS, rand));
  const file = rand() < 0.7 ? ` slash ${pick(NAMES, rand)} dot ${pick(EXTENSIONS, rand)}` : '';
  return `${start} ${folders.join(' slash ')}${file}`;
}

/** "example dot com", "https colon slash slash docs dot github dot io slash notes", … */
function spokenUrl(rand: () => number): string {
  const scheme = rand() < 0.3 ? `${pick(['https', 'http'], rand)} colon slash slash ` : '';
  const host = pick(DOMAINS, rand) === 'localhost' ? `localhost colon ${numberToWords(pick([3000, 8000, 8080, 5173], rand))}` : `${rand() < 0.3 ? 'www dot ' : ''}${pick(DOMAINS, rand)} dot ${pick(TLDS, rand)}`;
  const tail = rand() < 0.4 ? ` slash ${pick([...FOLDERS, ...NAMES], rand)}` : '';
  return `${scheme}${host}${tail}`;
}

/** "twelve times three plus four", "the square root of one hundred forty four", … */
function spokenExpression(rand: () => number): string {
  const n = () => numberToWords(rand() < 0.15 ? `${randomNumber(rand)}.${Math.floor(rand() * 10)}` : randomNumber(rand));
  const r = rand();
  if (r < 0.1) return `the ${pick(['square', 'cube'], rand)} root of ${n()}`;
  if (r < 0.2) return `${n()} ${pick(['squared', 'cubed'], rand)}`;
  const terms = [n()];
  for (let k = 0, len = 1 + Math.floor(rand() * 2); k < len; k++) terms.push(pick(OPERATORS, rand), n());
  return terms.join(' ');
}

interface CorpusOptions {
  /** Expansions kept per template. */
  perTemplate?: number;
  /** Number-varied copies of each example. */
  exampleVariants?: number;
  seed?: number;
}

/** Spoken sentences (arrays of words) for all intents of the given skills. */
export function buildSkillCorpus(manifests: SkillManifest[], extract?: SlotExtractor, options: CorpusOptions = {}): string[][] {
  const perTemplate = options.perTemplate ?? 60;
  const variants = options.exampleVariants ?? 4;
  const rand = rng(options.seed ?? 7);
  const sentences: string[][] = [];
  const words = (s: string) => s.split(' ').filter(Boolean);
  // Free-text slots of any skill may hold anything said to any skill: pool the examples.
  const dictation = new Set<string>();
  for (const m of manifests) for (const i of m.intents) for (const e of i.examples) dictation.add(toSpoken(e));

  for (const m of manifests) {
    for (const intent of m.intents) {
      const fillers = slotFillers(m, intent, extract, rand, variants);
      for (const e of intent.examples) {
        sentences.push(words(toSpoken(e)));
        // Nobody says the scheme of a web address: "visit example dot com" as well.
        if (/\bhttps?:\/\//.test(e)) sentences.push(words(toSpoken(e.replace(/\bhttps?:\/\/(www\.)?/g, ''))));
        for (let v = 0; v < variants && /\d/.test(e); v++) sentences.push(words(toSpoken(varyNumbers(e, rand))));
      }
      // A catch-all's templates ("(do|does|have) *") say nothing about how commands sound: its examples do.
      if (!intent.fallback) intent.templates.forEach((t, n) => {
        let expanded: Piece[][];
        try {
          expanded = expandTemplate(t, m.rules, perTemplate, n + 1);
        } catch {
          return; // The intent engine reports bad templates; the corpus just skips them.
        }
        for (const pieces of expanded) {
          const out: string[] = [];
          for (const p of pieces) {
            if (typeof p === 'string') out.push(...words(toSpoken(p)));
            else {
              let pool = fillers.get(p.slot) ?? [];
              const spec = intent.slots[p.slot];
              if (spec && !('values' in spec) && (spec.type === 'text' || spec.type === 'word' || pool.length === 0)) pool = [...pool, ...sampleSet(dictation, 3, rand)];
              if (pool.length) out.push(...words(pool[Math.floor(rand() * pool.length)]!));
            }
          }
          if (out.length) sentences.push(out);
        }
      });
    }
  }
  return sentences;
}

function sampleSet(set: Set<string>, n: number, rand: () => number): string[] {
  const all = [...set];
  return all.length === 0 ? [] : Array.from({ length: n }, () => all[Math.floor(rand() * all.length)]!);
}

function slotFillers(m: SkillManifest, intent: IntentSpec, extract: SlotExtractor | undefined, rand: () => number, variants: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, spec] of Object.entries(intent.slots)) out.set(name, typedFillers(spec, rand));
  if (extract) {
    for (const e of intent.examples) {
      const found = extract(e);
      if (!found || found.skill !== m.id || found.intent !== intent.id) continue;
      for (const s of found.slots) {
        const list = out.get(s.name) ?? [];
        list.push(toSpoken(s.raw));
        for (let v = 0; v < variants && /\d/.test(s.raw); v++) list.push(toSpoken(varyNumbers(s.raw, rand)));
        out.set(s.name, list);
      }
    }
  }
  return out;
}
