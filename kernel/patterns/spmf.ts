/**
 * SPMF sequence files (one sequence per line, itemsets separated by `-1`, the line ending in `-2`)
 * and the item vocabulary that turns labels into the dense integer ids the miners work on.
 */
import fs from 'node:fs';

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly labels: string[] = [];

  id(label: string): number {
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.labels.length;
      this.ids.set(label, id);
      this.labels.push(label);
    }
    return id;
  }

  /** The id of a known label, or undefined (never adds). */
  find(label: string): number | undefined {
    return this.ids.get(label);
  }

  label(id: number): string {
    return this.labels[id] ?? `#${id}`;
  }

  get size(): number {
    return this.labels.length;
  }
}

export class SpmfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpmfError';
  }
}

/**
 * Parses SPMF text into item-label sequences. An itemset with several items (rare in click data)
 * contributes its items in file order, so every sequence is a flat list of actions.
 */
export function parseSpmf(text: string, source = 'input'): string[][] {
  const out: string[][] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('@')) return;
    const tokens = trimmed.split(/\s+/);
    if (tokens[tokens.length - 1] !== '-2') throw new SpmfError(`${source}:${i + 1}: an SPMF sequence ends with "-2"`);
    const seq: string[] = [];
    for (const t of tokens.slice(0, -1)) {
      if (t === '-1') continue;
      if (t === '-2') throw new SpmfError(`${source}:${i + 1}: "-2" before the end of the line`);
      seq.push(t);
    }
    out.push(seq);
  });
  return out;
}

export function readSpmf(file: string): string[][] {
  if (!fs.existsSync(file)) throw new SpmfError(`${file} is missing: a patterns folder holds train.txt and test.txt in SPMF format`);
  return parseSpmf(fs.readFileSync(file, 'utf8'), file);
}

export function encode(sequences: readonly (readonly string[])[], vocab: Vocabulary): number[][] {
  return sequences.map((s) => s.map((label) => vocab.id(label)));
}
