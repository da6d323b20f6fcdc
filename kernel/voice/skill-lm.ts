/**
 * The PocketSphinx command model of the installed skills: corpus (skill-corpus.ts) → trigram ARPA
 * model + a pronunciation dictionary cut from CMUdict to the corpus's words. Cached in the profile
 * under voice/lm/<hash of the manifests>, so it is rebuilt exactly when the skills change (install,
 * update, remove) and reused otherwise; older caches are removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SkillManifest } from '../contracts/index.js';
import { britishVariant } from './accents.js';
import { buildArpa, type ArpaStats } from './arpa.js';
import { pronounce } from './g2p.js';
import type { CommandModelSource, SphinxModel } from './pocketsphinx.js';
import { buildSkillCorpus, manifestsHash, type SlotExtractor } from './skill-corpus.js';
import { toSpoken } from './spoken.js';

interface CommandModelInfo {
  hash: string;
  lm: string;
  dict: string;
  sentences: number;
  words: number;
  /** Words of the skills that CMUdict cannot pronounce (left out of the model). */
  unknownWords: string[];
  /** Words pronounced by espeak-ng's rules (g2p.ts) rather than CMUdict. */
  guessedWords: string[];
  /** The user's own past requests learnt by this model (written form). */
  learnt: string[];
  stats: ArpaStats;
  built: boolean;
}

let dictCache: { file: string; entries: Map<string, string[]> } | undefined;

function readDictionary(file: string): Map<string, string[]> {
  if (dictCache?.file === file) return dictCache.entries;
  const entries = new Map<string, string[]>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const word = line.slice(0, sp).replace(/\(\d+\)$/, '');
    const list = entries.get(word) ?? [];
    list.push(line.slice(sp + 1).trim());
    entries.set(word, list);
  }
  dictCache = { file, entries };
  return entries;
}

export class SkillCommandModel implements CommandModelSource {
  private last: CommandModelInfo | undefined;
  constructor(
    private readonly profileDir: string,
    private readonly manifests: () => SkillManifest[],
    private readonly extract?: SlotExtractor,
    /** Add British-style pronunciation variants (see accents.ts). */
    private readonly accents = true,
    /** The user's past requests that were served (newest first): the model learns their wording too. */
    private readonly pastRequests: () => string[] = () => [],
  ) {}

  /** Past requests not yet in the model that make it worth rebuilding (building takes a second or two). */
  static readonly LEARN_EVERY = 10;

  async commandModel(model: SphinxModel): Promise<{ lm: string; dict: string }> {
    const info = this.ensure(model);
    // No skills with commands: nothing to bias toward, use the general model.
    return info.words > 0 ? { lm: info.lm, dict: info.dict } : { lm: model.lm, dict: model.dict };
  }

  /**
   * Builds the model when the skills changed since the cached one, or when the user made
   * LEARN_EVERY new requests since it was built; returns where it is.
   */
  ensure(model: SphinxModel): CommandModelInfo {
    const manifests = this.manifests();
    const hash = manifestsHash(manifests);
    const past = [...new Set(this.pastRequests().map((t) => t.trim().toLowerCase()).filter(Boolean))].slice(0, 2000);
    const fresh = (info: CommandModelInfo) => {
      const known = new Set(info.learnt ?? []);
      return past.filter((t) => !known.has(t)).length < SkillCommandModel.LEARN_EVERY;
    };
    if (this.last?.hash === hash && fs.existsSync(this.last.lm) && fresh(this.last)) return (this.last = { ...this.last, built: false });
    const root = path.join(this.profileDir, 'voice', 'lm');
    const dir = path.join(root, hash);
    const metaFile = path.join(dir, 'meta.json');
    if (fs.existsSync(metaFile)) {
      try {
        const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as CommandModelInfo;
        if (fs.existsSync(meta.lm) && fs.existsSync(meta.dict) && fresh(meta)) return (this.last = { ...meta, built: false });
      } catch {
        // rebuild below
      }
    }
    const entries = readDictionary(model.dict);
    const unknown = new Set<string>();
    // The user's own wording counts twice: it is how this user speaks to these skills.
    const learnt = past.map((t) => toSpoken(t).split(' ').filter(Boolean)).filter((s) => s.length > 0);
    const corpus = [...buildSkillCorpus(manifests, this.extract), ...learnt, ...learnt];
    // Words CMUdict lacks get espeak-ng's pronunciation (g2p.ts); without it, short ones ("lh",
    // "gb") are said letter by letter and others are left out.
    const oov = [...new Set(corpus.flat())].filter((w) => !entries.has(w));
    const guessed = pronounce(oov);
    const sentences = corpus
      .map((s) =>
        s.flatMap((w) => {
          if (entries.has(w)) return [w];
          if (guessed.has(w)) return [w];
          const letters = w.replace(/'/g, '').split('');
          if (letters.length > 0 && letters.length <= 4 && letters.every((l) => entries.has(l))) return letters;
          unknown.add(w);
          return [];
        }),
      )
      .filter((s) => s.length > 0);
    const { arpa, stats } = sentences.length ? buildArpa(sentences) : { arpa: '', stats: { unigrams: 0, bigrams: 0, trigrams: 0 } };
    const vocab = new Set(sentences.flat());
    const dictLines: string[] = [];
    for (const w of [...vocab].sort()) {
      // CMUdict's own variants, then one accent variant of each (kernel/voice/accents.ts).
      const own = entries.get(w) ?? [guessed.get(w)!];
      const prons = [...own];
      if (this.accents) for (const p of own) {
        const v = britishVariant(p);
        if (v && !prons.includes(v)) prons.push(v);
      }
      prons.forEach((pron, i) => dictLines.push(`${w}${i ? `(${i + 1})` : ''} ${pron}`));
    }
    fs.mkdirSync(dir, { recursive: true });
    // New names per build: a decoder still reading the previous model keeps its files.
    const build = `${Date.now().toString(36)}-${process.pid}`;
    const lm = path.join(dir, `skills-${build}.arpa`);
    const dict = path.join(dir, `skills-${build}.dict`);
    fs.writeFileSync(lm, arpa);
    fs.writeFileSync(dict, `${dictLines.join('\n')}\n`);
    const info: CommandModelInfo = { hash, lm, dict, sentences: sentences.length, words: vocab.size, unknownWords: [...unknown].sort(), guessedWords: [...guessed.keys()].filter((w) => vocab.has(w)).sort(), learnt: past, stats, built: true };
    const tmp = `${metaFile}.${build}`;
    fs.writeFileSync(tmp, JSON.stringify(info, null, 1));
    fs.renameSync(tmp, metaFile);
    for (const old of fs.readdirSync(root)) if (old !== hash) fs.rmSync(path.join(root, old), { recursive: true, force: true });
    // Models of earlier builds, kept a minute for decoders that started on them.
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      if (/^skills.*\.(arpa|dict)$/.test(f) && file !== lm && file !== dict && Date.now() - fs.statSync(file).mtimeMs > 60_000) fs.rmSync(file, { force: true });
    }
    return (this.last = info);
  }
}
