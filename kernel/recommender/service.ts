/**
 * The recommender inside a running kernel: installed skills' manifests are the documents, served
 * requests from the event log are the history, and the intent engine's candidates are the
 * classifier signal. The model is rebuilt only when the enabled skills or the history changed,
 * and fusion weights are re-learned only when the history has grown by a fifth, so a request
 * pays for a lookup, not a training run. The discriminative request → skill model is trained once
 * and then learns each new request online.
 */
import type { IntentEngine, SkillManifest, Suggestion } from '../contracts/index.js';
import type { EventLog, LoggedResult } from '../events/index.js';
import type { SkillRegistry } from '../skills/index.js';
import type { Weights } from './fusion.js';
import { LinearSkillModel } from './linear.js';
import type { HistoryEvent, SkillDoc } from './model.js';
import { Recommender, type Recommendation } from './recommender.js';
import { terms } from './text.js';

/** What the service reads from a kernel (a structural type, so tests can hand in a real Kernel). */
export interface RecommenderHost {
  registry: Pick<SkillRegistry, 'enabled'>;
  eventLog: Pick<EventLog, 'results'>;
  engine?: Pick<IntentEngine, 'recognize'>;
}

export function skillDoc(m: SkillManifest): SkillDoc {
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    extra: [...m.keywords, ...m.intents.flatMap((i) => [i.description, ...i.examples])],
  };
}

/** Served requests as history: each ok step credits its skill. */
export function historyFromLog(rows: readonly LoggedResult[]): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const r of rows) {
    if (r.status !== 'served' && r.status !== 'partial') continue;
    const at = Date.parse(r.at);
    const skills = new Set(r.response.steps.filter((s) => s.status === 'ok').map((s) => s.skill));
    if (skills.size === 0 && r.skill) skills.add(r.skill);
    for (const skill of skills) out.push({ text: r.text, skill, ...(Number.isFinite(at) ? { at } : {}) });
  }
  return out;
}

export class RecommenderService {
  private recommender: Recommender | null = null;
  private key = '';
  private lastSeq = 0;
  private history: HistoryEvent[] = [];
  private weights: Weights | undefined;
  private fittedAt = 0;
  /** The discriminative model, kept across rebuilds and taught each new request (never retrained). */
  private linear: LinearSkillModel | null = null;

  constructor(
    private readonly host: RecommenderHost,
    private readonly clock: () => number = Date.now,
  ) {}

  private current(): { recommender: Recommender; manifests: Map<string, SkillManifest> } {
    const manifests = new Map(this.host.registry.enabled().map((s) => [s.manifest.id, s.manifest]));
    const fresh = this.host.eventLog.results({ afterSeq: this.lastSeq });
    if (fresh.length > 0) {
      this.lastSeq = fresh[fresh.length - 1]!.seq;
      const events = historyFromLog(fresh);
      this.history.push(...events);
      if (this.linear) for (const e of events) this.linear.learn(e.text, e.skill);
      else if (this.history.length > 0) {
        this.linear = new LinearSkillModel();
        this.linear.fit(this.history);
      }
    }
    const key = `${[...manifests.keys()].sort().join(',')}|${this.history.length}`;
    if (!this.recommender || key !== this.key) {
      const refit = this.history.length >= 200 && this.history.length >= this.fittedAt * 1.2;
      const docs = [...manifests.values()].map(skillDoc);
      this.recommender = Recommender.build(docs, this.history, {
        now: this.clock(),
        fit: refit,
        folds: 4,
        maxFitQueries: 400,
        ...(this.linear ? { linear: this.linear } : {}),
        ...(this.weights && !refit ? { weights: this.weights } : {}),
      });
      if (refit) {
        this.weights = this.recommender.weights;
        this.fittedAt = this.history.length;
      }
      this.key = key;
    }
    return { recommender: this.recommender, manifests };
  }

  /** Skills ranked for a request, best first. */
  recommend(text: string, k = 5): Recommendation[] {
    const { recommender } = this.current();
    const classifier = new Map<string, number>();
    try {
      for (const c of this.host.engine?.recognize(text).candidates ?? []) classifier.set(c.skill, Math.max(classifier.get(c.skill) ?? 0, c.confidence));
    } catch {
      // The engine refusing a text is not the recommender's problem: rank without its scores.
    }
    return recommender.recommend(text, { k, ...(classifier.size > 0 ? { classifier } : {}) });
  }

  /** "Did you mean …": for each recommended skill, its example closest to what was asked. */
  suggest(text: string, limit: number): Suggestion[] {
    const { manifests } = this.current();
    const asked = new Set(terms(text));
    const out: Suggestion[] = [];
    for (const r of this.recommend(text, limit)) {
      const m = manifests.get(r.skill);
      if (!m) continue;
      const examples = m.intents.flatMap((i) => i.examples);
      let best = examples[0];
      let overlap = -1;
      for (const e of examples) {
        const o = terms(e).filter((t) => asked.has(t)).length;
        if (o > overlap) [best, overlap] = [e, o];
      }
      if (best) out.push({ request: best, skill: r.skill, reason: `${m.name}: ${m.description}`, score: Math.round(r.score * 1000) / 1000 });
    }
    return out;
  }

  /** The few skills a language-model planner is shown for a request. */
  forPlanner(text: string, n = 5): SkillManifest[] {
    const { manifests } = this.current();
    return this.recommend(text, n)
      .map((r) => manifests.get(r.skill))
      .filter((m): m is SkillManifest => m !== undefined);
  }
}

const services = new WeakMap<object, RecommenderService>();

/** The one recommender of a kernel (built lazily, kept while the kernel lives). */
export function recommenderFor(host: RecommenderHost): RecommenderService {
  let service = services.get(host);
  if (!service) services.set(host, (service = new RecommenderService(host)));
  return service;
}
