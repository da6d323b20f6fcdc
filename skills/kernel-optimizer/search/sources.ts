/**
 * The candidate sources of a run and their tuning: the starting kernel, the generated templates
 * (generate/) and model rewrites each have their own params (their space) and their own Strategy.
 * After every source's default config has been judged, the params of the best few sources (by
 * their fastest correct timing so far) are tuned in turn from the shared budget.
 */
import type { Evaluation } from '../evaluation/evaluate.js';
import { defaultConfig, type Config, type Problem } from '../spec/index.js';
import { Strategy, type StrategyName, type StrategyState } from './strategy.js';

export interface SourceInfo {
  /** The problem as this source sees it: its params and restrictions. */
  space: Problem;
  strategy: Strategy;
  /** The generator template it came from, if any (the knowledge base keys seeds by it). */
  template?: string;
}

export class SourcePool {
  readonly sources = new Map<string, SourceInfo>();
  private turn = 0;

  constructor(
    private readonly strategyName: StrategyName,
    private readonly seed: number,
    /** How many of the fastest sources are tuned. */
    private readonly tuneTop = 2,
  ) {}

  add(id: string, space: Problem, template?: string, state?: StrategyState): SourceInfo {
    const info: SourceInfo = { space, strategy: new Strategy(space, state?.name ?? this.strategyName, state?.seed ?? this.seed + this.sources.size * 7907, state), ...(template ? { template } : {}) };
    this.sources.set(id, info);
    return info;
  }

  get(id: string): SourceInfo | undefined {
    return this.sources.get(id);
  }

  defaultConfig(id: string): Config {
    return defaultConfig(this.sources.get(id)!.space);
  }

  /** Source ids ordered by their fastest timed evaluation (sources with none last). */
  ranked(evaluations: Evaluation[]): string[] {
    const bestOf = new Map<string, number>();
    for (const e of evaluations) {
      if ((e.status !== 'ok' && e.status !== 'slower') || !e.timing) continue;
      bestOf.set(e.sourceId, Math.min(bestOf.get(e.sourceId) ?? Infinity, e.timing.medianNs));
    }
    return [...this.sources.keys()].filter((id) => bestOf.has(id)).sort((a, b) => bestOf.get(a)! - bestOf.get(b)!);
  }

  /**
   * The next source to tune and a batch of its configs: the best few sources in turn, skipping
   * those whose space is exhausted, then the others; undefined when no source has a config left.
   */
  nextBatch(evaluations: Evaluation[], k: number, preferred?: string): { id: string; configs: Config[] } | undefined {
    const ranked = this.ranked(evaluations);
    const order = [...new Set([...(preferred && this.sources.has(preferred) ? [preferred] : []), ...ranked])];
    // the best few in turn; when their spaces are spent, the next fastest (then untimed sources) in order
    const top = order.slice(0, this.tuneTop);
    for (let i = 0; i < top.length; i++) {
      const id = top[(this.turn + i) % top.length]!;
      const configs = this.sources.get(id)!.strategy.next(k);
      if (configs.length) {
        this.turn = (this.turn + i + 1) % top.length;
        return { id, configs };
      }
    }
    for (const id of [...order.slice(this.tuneTop), ...[...this.sources.keys()].filter((s) => !order.includes(s))]) {
      const configs = this.sources.get(id)!.strategy.next(k);
      if (configs.length) return { id, configs };
    }
    return undefined;
  }
}
