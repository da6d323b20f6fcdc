/**
 * The recommender's signals, built once from the skills' text and the user's history: BM25F over
 * each skill's manifest text, BM25 over a "history document" per skill (the requests it served),
 * nearest past requests (kNN) voting for their skills, personalized PageRank over a request-term ↔
 * skill graph, and a recency-weighted usage prior. `features` scores the candidate skills for one
 * request on every signal, each scaled to [0, 1] within the request so a fusion can weigh them.
 */
import { Bm25Index, topK, type FieldedTerms } from './bm25.js';
import { GraphBuilder, type Graph } from './graph.js';
import { LinearSkillModel, type LinearOptions } from './linear.js';
import { terms } from './text.js';

export interface SkillDoc {
  id: string;
  name: string;
  description: string;
  /** Intent descriptions, example requests, keywords: anything else that says what the skill does. */
  extra?: readonly string[];
}

export interface HistoryEvent {
  text: string;
  skill: string;
  /** Epoch milliseconds; absent means "undated" (weighted like a fresh event). */
  at?: number;
}

export const SIGNALS = ['manifest', 'history', 'knn', 'graph', 'prior', 'classifier', 'linear'] as const;
export type Signal = (typeof SIGNALS)[number];

export interface ModelOptions {
  /** Usage prior half-life in days (recency weighting). */
  halfLifeDays?: number;
  /** Clock for the recency weighting. */
  now?: number;
  /** Weight of the name field against the description in the manifest index. */
  nameWeight?: number;
  /** Candidates taken from each signal before fusion. */
  depth?: number;
  /** Neighbours consulted by the kNN signal. */
  neighbours?: number;
  /**
   * The discriminative request → skill model: its options, an already trained instance to use as
   * is (the service keeps one and teaches it each new request), or false for none.
   */
  linear?: LinearOptions | LinearSkillModel | false;
}

/** Per-candidate signal values in [0, 1] (0 when the signal did not score it). */
export interface Candidate {
  skill: number;
  values: Float64Array;
}

const DAY = 86_400_000;
/** kNN skips request terms found in more than this share of past requests (cost without signal). */
const KNN_MAX_DF = 0.05;

export class RecommenderModel {
  readonly skills: readonly SkillDoc[];
  readonly index = new Map<string, number>();
  readonly historySize: number;
  private readonly manifest: Bm25Index;
  private readonly historyDocs: Bm25Index | null;
  private readonly knn: Bm25Index | null;
  private readonly knnSkill: Int32Array;
  private readonly graph: Graph | null;
  private readonly graphSkill: Int32Array;
  private readonly prior: Float64Array;
  readonly linear: LinearSkillModel | null;
  private readonly priorMax: number;
  private readonly depth: number;
  private readonly neighbours: number;

  constructor(skills: readonly SkillDoc[], history: readonly HistoryEvent[] = [], options: ModelOptions = {}) {
    this.skills = skills;
    skills.forEach((s, i) => this.index.set(s.id, i));
    this.depth = options.depth ?? 30;
    this.neighbours = options.neighbours ?? 40;
    const nameWeight = options.nameWeight ?? 2;
    this.manifest = new Bm25Index(
      skills.map((s): FieldedTerms => [
        { terms: terms(s.name), weight: nameWeight },
        { terms: terms(s.description), weight: 1 },
        { terms: terms((s.extra ?? []).join(' ')), weight: 1 },
      ]),
    );

    const served = history.filter((e) => this.index.has(e.skill));
    this.historySize = served.length;
    const eventTerms = served.map((e) => terms(e.text));
    const perSkill: string[][] = skills.map(() => []);
    served.forEach((e, i) => perSkill[this.index.get(e.skill)!]!.push(...eventTerms[i]!));
    this.historyDocs = served.length > 0 ? new Bm25Index(perSkill.map((t) => [{ terms: t, weight: 1 }])) : null;
    this.knn = served.length > 0 ? new Bm25Index(eventTerms.map((t) => [{ terms: t, weight: 1 }])) : null;
    this.knnSkill = Int32Array.from(served, (e) => this.index.get(e.skill)!);

    if (options.linear instanceof LinearSkillModel) this.linear = options.linear;
    else if (options.linear === false || served.length === 0) this.linear = null;
    else {
      this.linear = new LinearSkillModel(options.linear);
      this.linear.fit(served);
    }

    const now = options.now ?? Date.now();
    const halfLife = (options.halfLifeDays ?? 30) * DAY;
    this.prior = new Float64Array(skills.length);
    for (const e of served) {
      const age = e.at === undefined ? 0 : Math.max(0, now - e.at);
      this.prior[this.index.get(e.skill)!]! += Math.pow(0.5, age / halfLife);
    }
    this.priorMax = Math.max(0, ...this.prior.map((p) => Math.log1p(p)));

    // Request terms ↔ skills, one unit per request that used the term; manifest terms link too, so
    // a skill never used still has a place in the graph.
    const g = new GraphBuilder();
    served.forEach((e, i) => {
      for (const t of new Set(eventTerms[i])) g.link(`t:${t}`, `s:${e.skill}`, 1);
    });
    if (served.length > 0) {
      skills.forEach((s) => {
        for (const t of new Set(terms(`${s.name} ${s.description}`))) g.link(`t:${t}`, `s:${s.id}`, 1);
      });
    }
    this.graph = served.length > 0 ? g.build() : null;
    this.graphSkill = new Int32Array(this.graph?.nodeCount ?? 0).fill(-1);
    if (this.graph) for (const [key, id] of this.graph.ids) if (key.startsWith('s:')) this.graphSkill[id] = this.index.get(key.slice(2)) ?? -1;
  }

  /** Signals this model can produce (history-based ones need history). */
  available(): Signal[] {
    return SIGNALS.filter((s) => s === 'manifest' || s === 'classifier' || (s === 'linear' ? this.linear !== null : this.historySize > 0));
  }

  /**
   * Candidate skills for a request with each signal's value. `classifier` maps skill id → the
   * intent engine's confidence for it, when the caller has one.
   */
  features(text: string, classifier?: ReadonlyMap<string, number>): Candidate[] {
    const q = terms(text);
    const raw: Map<number, number>[] = SIGNALS.map(() => new Map());
    const put = (signal: Signal, list: { doc: number; score: number }[]) => {
      const m = raw[SIGNALS.indexOf(signal)]!;
      for (const { doc, score } of list) if (score > 0) m.set(doc, score);
    };
    put('manifest', this.manifest.search(q, this.depth));
    if (this.historyDocs) put('history', this.historyDocs.search(q, this.depth));
    if (this.knn) {
      const votes = new Map<number, number>();
      for (const n of this.knn.search(q, this.neighbours, KNN_MAX_DF)) {
        const s = this.knnSkill[n.doc]!;
        votes.set(s, (votes.get(s) ?? 0) + n.score);
      }
      put('knn', topK(votes.keys(), (s) => votes.get(s)!, this.depth));
    }
    if (this.graph && q.length > 0) {
      const seeds = new Map<string, number>();
      const n = this.knn!.size;
      for (const t of q) {
        const df = this.knn!.docFreq(t);
        if (df > 0) seeds.set(`t:${t}`, (seeds.get(`t:${t}`) ?? 0) + Math.log(1 + n / df));
      }
      const ppr = this.graph.personalizedPageRank(seeds, { alpha: 0.3, epsilon: 3e-5, maxWork: 30_000 });
      const scores = new Map<number, number>();
      for (const [node, value] of ppr) {
        const s = this.graphSkill[node]!;
        if (s >= 0) scores.set(s, value);
      }
      put('graph', topK(scores.keys(), (s) => scores.get(s)!, this.depth));
    }
    if (this.linear) {
      // Margins → relative confidence: exp(score − best), so the best skill gets 1.
      const scores = new Map<number, number>();
      let best = -Infinity;
      for (const [id, v] of this.linear.scores(text)) {
        const s = this.index.get(id);
        if (s === undefined) continue;
        scores.set(s, v);
        best = Math.max(best, v);
      }
      const top = topK(scores.keys(), (s) => scores.get(s)!, this.depth);
      put(
        'linear',
        top.map((t) => ({ doc: t.doc, score: Math.exp(t.score - best) })),
      );
    }
    if (classifier) {
      const list: { doc: number; score: number }[] = [];
      for (const [id, c] of classifier) {
        const s = this.index.get(id);
        if (s !== undefined) list.push({ doc: s, score: c });
      }
      put('classifier', list);
    }

    const pool = new Set<number>();
    for (const m of raw) for (const s of m.keys()) pool.add(s);
    const priorIdx = SIGNALS.indexOf('prior');
    const out: Candidate[] = [];
    const maxes = raw.map((m) => Math.max(0, ...m.values()));
    for (const skill of pool) {
      const values = new Float64Array(SIGNALS.length);
      raw.forEach((m, i) => {
        const v = m.get(skill);
        if (v !== undefined && maxes[i]! > 0) values[i] = v / maxes[i]!;
      });
      values[priorIdx] = this.priorMax > 0 ? Math.log1p(this.prior[skill]!) / this.priorMax : 0;
      out.push({ skill, values });
    }
    return out;
  }
}
