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
import type { CommandModelSource, SphinxModel } from './pocketsphinx.js';
import { buildSkillCorpus, manifestsHash, type SlotExtractor } from './skill-corpus.js';

interface CommandModelInfo {
  hash: string;
  lm: string;
  dict: string;
  sentences: number;
  words: number;
  /** Words of the skills that CMUdict cannot pronounce (left out of the model). */
  unknownWords: string[];
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
  ) {}

  async commandModel(model: SphinxModel): Promise<{ lm: string; dict: string }> {
    const info = this.ensure(model);
    // No skills with commands: nothing to bias toward, use the general model.
    return info.words > 0 ? { lm: info.lm, dict: info.dict } : { lm: model.lm, dict: model.dict };
  }

  /** Builds the model when the skills changed since the cached one; returns where it is. */
  ensure(model: SphinxModel): CommandModelInfo {
    const manifests = this.manifests();
    const hash = manifestsHash(manifests);
    if (this.last?.hash === hash && fs.existsSync(this.last.lm)) return this.last;
    const root = path.join(this.profileDir, 'voice', 'lm');
    const dir = path.join(root, hash);
    const metaFile = path.join(dir, 'meta.json');
    if (fs.existsSync(metaFile)) {
      try {
        const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as CommandModelInfo;
        if (fs.existsSync(meta.lm) && fs.existsSync(meta.dict)) return (this.last = { ...meta, built: false });
      } catch {
        // rebuild below
      }
    }
    const entries = readDictionary(model.dict);
    const unknown = new Set<string>();
    // Words CMUdict lacks: short ones ("lh", "gb") are said letter by letter; others are left out.
    const sentences = buildSkillCorpus(manifests, this.extract)
      .map((s) =>
        s.flatMap((w) => {
          if (entries.has(w)) return [w];
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
      const prons = [...entries.get(w)!];
      if (this.accents) for (const p of entries.get(w)!) {
        const v = britishVariant(p);
        if (v && !prons.includes(v)) prons.push(v);
      }
      prons.forEach((pron, i) => dictLines.push(`${w}${i ? `(${i + 1})` : ''} ${pron}`));
    }
    fs.mkdirSync(dir, { recursive: true });
    const lm = path.join(dir, 'skills.arpa');
    const dict = path.join(dir, 'skills.dict');
    fs.writeFileSync(lm, arpa);
    fs.writeFileSync(dict, `${dictLines.join('\n')}\n`);
    const info: CommandModelInfo = { hash, lm, dict, sentences: sentences.length, words: vocab.size, unknownWords: [...unknown].sort(), stats, built: true };
    fs.writeFileSync(metaFile, JSON.stringify(info, null, 1));
    for (const old of fs.readdirSync(root)) if (old !== hash) fs.rmSync(path.join(root, old), { recursive: true, force: true });
    return (this.last = info);
  }
}
