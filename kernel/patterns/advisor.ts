/**
 * Workflow suggestions from the user's own history: "after 'open the weekly report' you usually
 * 'email it to Alice' — do it now?". A mixed-order Markov model over sessions predicts the next
 * action from what the user just did; a suggestion is made only when the habit is real (seen at
 * least `minSupport` times and followed in at least `minConfidence` of the cases). PrefixSpan lists
 * the frequent workflows for `agentos patterns`.
 */
import { MixedOrderMarkov } from './markov.js';
import { prefixSpan } from './prefixspan.js';
import { itemLabels, splitSessions, type ItemInfo, type WorkflowEvent } from './sessions.js';
import { Vocabulary } from './spmf.js';

export interface AdvisorOptions {
  /** A pause longer than this starts a new session. */
  gapMinutes?: number;
  /** Longest context the predictor uses. */
  order?: number;
  /** A habit needs at least this many occurrences … */
  minSupport?: number;
  /** … and must follow its context at least this share of the time. */
  minConfidence?: number;
}

export interface WorkflowSuggestion {
  /** The request to send to do it now. */
  request: string;
  skill: string;
  intent: string;
  /** The action it follows. */
  after: string;
  /** "after 'open the weekly report' you usually 'email it to Alice' (4 of 5 times)". */
  reason: string;
  support: number;
  confidence: number;
}

export interface Workflow {
  /** Each step's representative request. */
  steps: string[];
  labels: string[];
  /** Sessions in which it occurred. */
  support: number;
}

export class WorkflowAdvisor {
  private readonly vocab = new Vocabulary();
  private readonly info: ItemInfo[] = [];
  private readonly sessions: number[][] = [];
  private readonly model: MixedOrderMarkov;
  private readonly gapMs: number;
  private readonly minSupport: number;
  private readonly minConfidence: number;
  /** Item ids of the events, in order, with their times (for "what did the user just do"). */
  private readonly stream: { item: number; at: number }[] = [];

  constructor(events: readonly WorkflowEvent[], options: AdvisorOptions = {}) {
    this.gapMs = (options.gapMinutes ?? 30) * 60_000;
    this.minSupport = options.minSupport ?? 2;
    this.minConfidence = options.minConfidence ?? 0.4;
    const sorted = [...events].sort((a, b) => a.at - b.at);
    const labels = itemLabels(sorted);
    sorted.forEach((e, i) => {
      const id = this.vocab.id(labels[i]!);
      const known = this.info[id];
      if (known) {
        known.text = e.text;
        known.count++;
      } else this.info[id] = { label: labels[i]!, skill: e.skill, intent: e.intent, text: e.text, count: 1 };
      this.stream.push({ item: id, at: e.at });
    });
    for (const range of splitSessions(sorted, this.gapMs)) this.sessions.push(range.map((i) => this.stream[i]!.item));
    this.model = new MixedOrderMarkov({ order: options.order ?? 3, discount: 0.75 });
    this.model.train(this.sessions);
  }

  get sessionCount(): number {
    return this.sessions.length;
  }

  /** The current session's actions: the trailing events with no long pause, if the last is recent. */
  private recent(now: number): number[] {
    const out: number[] = [];
    let t = now;
    for (let i = this.stream.length - 1; i >= 0; i--) {
      const e = this.stream[i]!;
      if (t - e.at > this.gapMs) break;
      out.unshift(e.item);
      t = e.at;
    }
    return out;
  }

  /** What the user will likely do next, given what they did in this session (or an explicit list of item labels). */
  suggest(options: { now?: number; after?: readonly string[]; limit?: number } = {}): WorkflowSuggestion[] {
    const limit = options.limit ?? 3;
    const context = options.after ? options.after.map((l) => this.vocab.find(l)).filter((x): x is number => x !== undefined) : this.recent(options.now ?? Date.now());
    if (context.length === 0) return [];
    const last = context[context.length - 1]!;
    // How often `last` was followed by anything within a session: the denominator of "usually".
    let followed = 0;
    for (const s of this.sessions) for (let i = 0; i + 1 < s.length; i++) if (s[i] === last) followed++;
    const out: WorkflowSuggestion[] = [];
    for (const p of this.model.predict(context, limit + 3)) {
      const support = this.model.support(context, p.item, 1);
      const confidence = followed > 0 ? support / followed : 0;
      // Repeating the request just made is not a workflow worth suggesting.
      if (p.item === last || support < this.minSupport || confidence < this.minConfidence) continue;
      const next = this.info[p.item]!;
      const prev = this.info[last]!;
      out.push({
        request: next.text,
        skill: next.skill,
        intent: next.intent,
        after: prev.text,
        reason: `after "${prev.text}" you usually "${next.text}" (${support} of ${followed} times)`,
        support,
        confidence: Math.round(confidence * 100) / 100,
      });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Frequent workflows (two steps or more) over the sessions, most frequent first. */
  workflows(options: { minSupport?: number; maxLength?: number; maxGap?: number; limit?: number } = {}): Workflow[] {
    const patterns = prefixSpan(this.sessions, {
      minSupport: options.minSupport ?? this.minSupport,
      maxLength: options.maxLength ?? 4,
      maxGap: options.maxGap ?? 1,
      minLength: 2,
      maxPatterns: 5000,
    });
    // Drop immediate repeats of one action ("check the weather" twice): a habit, not a workflow.
    return patterns
      .filter((p) => p.items.some((x, i) => i > 0 && x !== p.items[i - 1]))
      .slice(0, options.limit ?? 20)
      .map((p) => ({ steps: p.items.map((i) => this.info[i]!.text), labels: p.items.map((i) => this.info[i]!.label), support: p.support }));
  }
}
