/**
 * Search strategies over the declared params (restrictions applied): exhaustive for small spaces,
 * random, and simulated annealing on log(time) with single-parameter moves. A strategy proposes
 * a batch (compiled in parallel) and is told each result's cost; failed configs cost Infinity.
 * Its state is plain JSON so a run can be resumed.
 */
import { configValid, paramValues, type Config, type Problem } from '../spec/index.js';
import { proposeByModel } from './model.js';

export const STRATEGIES = ['exhaustive', 'random', 'anneal', 'model'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export const configKey = (c: Config) => JSON.stringify(Object.keys(c).sort().map((k) => [k, c[k]]));

/** Every valid config, in declaration order (capped so a huge space cannot exhaust memory). */
export function enumerateSpace(p: Problem, cap = 200_000): Config[] {
  const names = Object.keys(p.params);
  const values = names.map((n) => paramValues(p.params[n]!));
  const out: Config[] = [];
  const rec = (i: number, c: Config) => {
    if (out.length >= cap) return;
    if (i === names.length) {
      if (configValid(p, c)) out.push({ ...c });
      return;
    }
    for (const v of values[i]!) rec(i + 1, { ...c, [names[i]!]: v });
  };
  rec(0, {});
  return out;
}

/** A small deterministic PRNG so a resumed run continues the same sequence. */
export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface StrategyState {
  name: StrategyName;
  seed: number;
  cursor: number;
  /** anneal: the current point, its cost and the temperature. */
  current?: Config;
  currentCost?: number;
  temperature?: number;
  draws: number;
  /** model: every reported config with its cost (log2 ns; null = rejected), the data the model is fitted to. */
  history?: [Config, number | null][];
  /**
   * The run's other sources (generated templates, model rewrites), each with its own strategy state,
   * the source whose params it uses (spaceOf: "start", itself, or the source a rewrite was made from)
   * and its generator template; kept here so a run resumes.
   */
  pool?: Record<string, { state: StrategyState; spaceOf: string; template?: string }>;
}

export class Strategy {
  private readonly space: Config[];
  private readonly index = new Map<string, number>();
  private readonly names: string[];
  private readonly values: number[][];
  readonly seen = new Set<string>();
  state: StrategyState;

  constructor(p: Problem, name: StrategyName, seed: number, state?: StrategyState) {
    this.space = enumerateSpace(p);
    this.space.forEach((c, i) => this.index.set(configKey(c), i));
    this.names = Object.keys(p.params);
    this.values = this.names.map((n) => paramValues(p.params[n]!));
    this.state = state ?? { name, seed, cursor: 0, draws: 0, temperature: 1 };
    if (name === 'random' || name === 'model') {
      const r = rng(seed);
      for (let i = this.space.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [this.space[i], this.space[j]] = [this.space[j]!, this.space[i]!];
      }
    }
  }

  get size(): number {
    return this.space.length;
  }

  /** Every valid config (a copy). */
  all(): Config[] {
    return [...this.space];
  }

  isValid(c: Config): boolean {
    return this.index.has(configKey(c));
  }

  markSeen(c: Config): void {
    this.seen.add(configKey(c));
  }

  /** Up to k configs not evaluated yet; empty when the space is exhausted. */
  next(k: number): Config[] {
    const out: Config[] = [];
    const take = (c: Config) => {
      const key = configKey(c);
      if (this.seen.has(key) || out.some((o) => configKey(o) === key)) return false;
      out.push(c);
      return true;
    };
    if (this.state.name === 'model') {
      this.nextByModel(k, out, take);
      return out;
    }
    if (this.state.name !== 'anneal' || !this.state.current) {
      // (the random order is rebuilt from the seed on resume)
      while (out.length < k && this.state.cursor < this.space.length) take(this.space[this.state.cursor++]!);
      return out;
    }
    const r = rng(this.state.seed + 7919 * ++this.state.draws);
    for (let tries = 0; out.length < k && tries < 200; tries++) {
      const c = { ...this.state.current };
      // mostly one-step moves along one parameter; sometimes a jump, sometimes two params
      const moves = r() < 0.25 ? 2 : 1;
      for (let m = 0; m < moves; m++) {
        const i = Math.floor(r() * this.names.length);
        const vals = this.values[i]!;
        const at = vals.indexOf(c[this.names[i]!]!);
        const j = r() < 0.2 ? Math.floor(r() * vals.length) : Math.max(0, Math.min(vals.length - 1, at + (r() < 0.5 ? -1 : 1)));
        c[this.names[i]!] = vals[j]!;
      }
      if (this.isValid(c)) take(c);
    }
    // a neighbourhood fully explored: fall back to unexplored configs in order
    while (out.length < k && this.state.cursor < this.space.length) take(this.space[this.state.cursor++]!);
    return out;
  }

  /**
   * model: a random initial design (the shuffled space, from the seed) until there are enough
   * points to fit, then the model's picks (model.ts).
   */
  private nextByModel(k: number, out: Config[], take: (c: Config) => boolean): void {
    const history = (this.state.history ?? []).map(([c, y]): [Config, number] => [c, y ?? Infinity]);
    const initial = Math.min(8, Math.max(4, this.names.length + 1));
    if (history.filter(([, y]) => Number.isFinite(y)).length < initial) {
      while (out.length < k && this.state.cursor < this.space.length) take(this.space[this.state.cursor++]!);
      return;
    }
    const r = rng(this.state.seed + 7919 * ++this.state.draws);
    // the shuffled space doubles as a sample when the space is huge
    const candidates = this.space.length > 20_000 ? this.space.slice(0, 20_000) : this.space;
    for (const c of proposeByModel(this.names, this.values, history, candidates, (c) => this.seen.has(configKey(c)), k, r)) take(c);
  }

  /** The cost of an evaluated config: log2 of its median time, Infinity when rejected. */
  report(c: Config, cost: number): void {
    this.markSeen(c);
    if (this.state.name === 'model') {
      (this.state.history ??= []).push([{ ...c }, Number.isFinite(cost) ? cost : null]);
      return;
    }
    if (this.state.name !== 'anneal') return;
    const T = this.state.temperature ?? 1;
    const cur = this.state.currentCost ?? Infinity;
    const r = rng(this.state.seed + 104729 * (this.state.draws + this.seen.size))();
    if (cost < cur || (Number.isFinite(cost) && r < Math.exp(-(cost - cur) / Math.max(T, 1e-6)))) {
      this.state.current = { ...c };
      this.state.currentCost = cost;
    }
    this.state.temperature = T * 0.85;
  }
}
