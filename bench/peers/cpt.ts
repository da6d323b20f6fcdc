/**
 * Peers for the next-action benchmark, written after IPredict (github.com/tedgueniche/IPredict,
 * Gueniche et al.): CPT (ADMA 2013, `CPT/CPT/CPTPredictor.java`) and CPT+ (PAKDD 2015,
 * `CPT/CPTPlus/CPTPlusPredictor.java` + `CountTable.java`), with the FIFA profile's published
 * settings: training sequences cut to their last 12 items (splitMethod 1, splitLength 12), the
 * last 5 items of the prefix as the target (windowSize 5), CPT's recursive divider from level 1,
 * CPT+'s noise reduction with minPredictionRatio 1 and noiseRatio 1, and CPT+'s abstention when
 * the best score is not 0.2 % above the second (ScoreDistribution.getBest(1.002)).
 * The prediction tree + lookup table only store the sequences (CCF/CBS compress them losslessly),
 * so the sequences are kept as arrays here: the predictions are the same. Used only by benchmarks.
 */
import type { Prediction, Predictor } from '../../kernel/patterns/markov.js';

export interface CptSettings {
  /** Keep only the last `splitLength` items of each training sequence (0: keep all). */
  splitLength?: number;
  /** Items of the prefix used as the target. */
  window?: number;
}

abstract class CptBase implements Predictor {
  protected sequences: number[][] = [];
  protected ii = new Map<number, Set<number>>();
  protected readonly splitLength: number;
  protected readonly window: number;

  constructor(settings: CptSettings = {}) {
    this.splitLength = settings.splitLength ?? 12;
    this.window = settings.window ?? 5;
  }

  train(sequences: readonly (readonly number[])[]): void {
    this.sequences = [];
    this.ii = new Map();
    for (const full of sequences) {
      const seq = this.splitLength > 0 && full.length > this.splitLength ? full.slice(-this.splitLength) : [...full];
      const id = this.sequences.length;
      this.sequences.push(seq);
      for (const item of seq) {
        let set = this.ii.get(item);
        if (!set) this.ii.set(item, (set = new Set()));
        set.add(id);
      }
    }
  }

  /** Sequence ids containing every item of the target (the bitset intersection). */
  protected similar(target: readonly number[]): number[] {
    if (target.length === 0) return [];
    const sets = target.map((i) => this.ii.get(i)!).sort((a, b) => a.size - b.size);
    const out: number[] = [];
    for (const id of sets[0]!) if (sets.every((s) => s.has(id))) out.push(id);
    return out.sort((a, b) => a - b);
  }

  /** The items of `seq` after every item of `target` has appeared at least once. */
  protected consequent(seq: readonly number[], target: readonly number[]): number[] {
    const toAvoid = new Set(target);
    for (let i = 0; i < seq.length; i++) {
      if (toAvoid.size === 0) return seq.slice(i);
      toAvoid.delete(seq[i]!);
    }
    return [];
  }

  protected targetOf(prefix: readonly number[]): number[] {
    return prefix.slice(-this.window).filter((i) => this.ii.has(i));
  }

  abstract predict(prefix: readonly number[], k: number): Prediction[];
}

function ranked(table: Map<number, number>, k: number): Prediction[] {
  return [...table]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, k)
    .map(([item, p]) => ({ item, p }));
}

/** CPT (2013): count tables over the target and its sub-sequences (recursive divider), level by level. */
export class CptPeer extends CptBase {
  predict(prefix: readonly number[], k: number): Prediction[] {
    const target = this.targetOf(prefix);
    const maxRecursion = Math.min(99, target.length);
    for (let level = 1; level < maxRecursion; level++) {
      const table = new Map<number, number>();
      const visited = new Set<number>();
      this.divide(target, target.length - level, table, visited, target.length);
      if (table.size > 0) return ranked(table, k);
    }
    return [];
  }

  private divide(target: readonly number[], minSize: number, table: Map<number, number>, visited: Set<number>, initial: number): void {
    if (target.length <= minSize) return;
    this.update(target, target.length / initial, table, visited);
    for (let hide = 0; hide < target.length; hide++) this.divide([...target.slice(0, hide), ...target.slice(hide + 1)], minSize, table, visited, initial);
  }

  private update(target: readonly number[], weight: number, table: Map<number, number>, visited: Set<number>): void {
    const ids = this.similar(target);
    for (const id of ids) {
      if (visited.has(id)) continue;
      const after = this.consequent(this.sequences[id]!, target);
      if (after.length > 0) visited.add(id);
      for (const item of after) table.set(item, (table.get(item) ?? 0) + weight / ids.length);
    }
  }
}

/** CPT+ (2015): one count table, noise reduction by dropping the least frequent target items. */
export class CptPlusPeer extends CptBase {
  constructor(
    settings: CptSettings = {},
    private readonly abstain = true,
  ) {
    super(settings);
  }

  predict(prefix: readonly number[], k: number): Prediction[] {
    const target = this.targetOf(prefix);
    const table = new Map<number, number>();
    const visited = new Set<number>();
    const maxPredictionCount = 1 + Math.floor(target.length * 1.0);
    let predictionCount = 0;
    this.update(target, table, visited);
    if (this.best(table)) predictionCount++;
    const queue: number[][] = [target];
    const seen = new Set<string>();
    while (queue.length > 0 && predictionCount < maxPredictionCount) {
      const seq = queue.shift()!;
      const key = seq.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      for (const noise of this.noise(seq)) {
        const candidate = [...seq];
        candidate.splice(candidate.indexOf(noise), 1);
        if (candidate.length > 1) queue.push(candidate);
        if (this.update(candidate, table, visited) > 0 && this.best(table)) predictionCount++;
      }
    }
    if (this.abstain && !this.best(table)) return [];
    return ranked(table, k);
  }

  /** noiseRatio 1: every item of the target, least supported last in a descending sort → all of them. */
  private noise(target: readonly number[]): number[] {
    const count = Math.floor(target.length * 1.0);
    const sorted = [...target].sort((a, b) => this.ii.get(b)!.size - this.ii.get(a)!.size);
    return sorted.slice(target.length - count);
  }

  /** getBest(1.002): a prediction only when the top score is ≥ 1.002 × the second distinct score. */
  private best(table: Map<number, number>): boolean {
    if (table.size === 0) return false;
    let b1 = -Infinity;
    let b2 = -Infinity;
    for (const v of table.values()) {
      if (v > b1) {
        b2 = b1;
        b1 = v;
      } else if (v < b1 && v > b2) b2 = v;
    }
    return b2 === -Infinity || b1 / b2 >= 1.002;
  }

  private update(target: readonly number[], table: Map<number, number>, visited: Set<number>): number {
    const ids = this.similar(target);
    let used = 0;
    for (const id of ids) {
      if (visited.has(id)) continue;
      visited.add(id);
      const after = this.consequent(this.sequences[id]!, target).slice(0, 98);
      after.forEach((item, j) => {
        const value = 1 / ids.length + 1 + 0.0001 / (j + 1);
        const old = table.get(item);
        table.set(item, old === undefined ? value : old * value);
      });
      if (after.length > 0) used++;
    }
    return used;
  }
}
