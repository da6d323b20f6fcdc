/**
 * Matching a question against stored facts. Every fact is a subject, a relation and an object (or
 * a value), with the sentence it came from; the question's content words (stemmed: words.ts) are
 * looked for in all of them. The fact that covers the question best answers it, and the answer is
 * the part the question did not mention ("who leads Orion" → Priya). Two facts joined by an
 * entity answer what one cannot ("where does my sister work": Anna is my sister, Anna works at
 * Google). When the names match but a word does not ("who heads Orion" and only "leads" stored),
 * a fact whose part is of the kind asked for (a person for "who") is offered, marked as a guess.
 */
import type { EntityType, GraphEntity, GraphFact } from '../../kernel/contracts/index.js';
import { allStems, contentTerms, isFunctionWord, ME, stem, tokens, type Term } from './words.js';

/** A stored fact with its entities looked up. */
export interface FactView {
  fact: GraphFact;
  subject: GraphEntity;
  object?: GraphEntity;
}

const WH = ['who', 'whom', 'whose', 'what', 'which', 'where', 'when', 'how', 'why'] as const;
export type Wh = (typeof WH)[number];
const AUX = new Set(['is', 'are', 'was', 'were', 'am', 'does', 'do', 'did', 'has', 'have', 'had', 'can', 'could', 'will', 'would', 'should']);
/** Question words that say what kind of answer they want, so a guess can be checked against it. */
const TYPED = new Set<Wh>(['who', 'whom', 'whose', 'where', 'when']);

export interface Question {
  /** The question word that asks ("who", "where"…); absent for a yes/no question. */
  wh?: Wh;
  /** "does Priya lead Orion?": asks whether, not what. */
  yesNo: boolean;
  terms: Term[];
}

export function readQuestion(text: string): Question {
  const words = tokens(text);
  const wh = words.find((w): w is Wh => (WH as readonly string[]).includes(w));
  return { ...(wh ? { wh } : {}), yesNo: !wh && AUX.has(words[0] ?? ''), terms: contentTerms(text) };
}

export const isSelf = (e: GraphEntity | undefined): boolean => e?.attrs.self === true;

interface Part {
  entity?: GraphEntity;
  value?: string;
  /** The words it is named by. */
  stems: Set<string>;
}

/** A fact as bags of stems: its two ends, and everything (relation, types and sentence included). */
interface Bag {
  view: FactView;
  parts: [Part, Part];
  all: Set<string>;
  /** About the user: the user is one end, or the sentence says "my". */
  mine: boolean;
}

const nameStems = (e: GraphEntity) => (isSelf(e) ? new Set([ME]) : new Set([e.name, ...e.aliases].flatMap((n) => [...allStems(n)])));

function bagOf(view: FactView): Bag {
  const { fact, subject, object } = view;
  const parts: [Part, Part] = [{ entity: subject, stems: nameStems(subject) }, object ? { entity: object, stems: nameStems(object) } : { value: fact.value ?? '', stems: allStems(fact.value ?? '') }];
  // An entity's type counts as said ("which project does Priya lead") but does not name it.
  const types = [subject, object].filter((e): e is GraphEntity => e !== undefined && !isSelf(e)).map((e) => stem(e.type));
  const text = allStems(fact.text);
  const all = new Set([...parts[0].stems, ...parts[1].stems, ...allStems(fact.predicate.replace(/_/g, ' ')), ...types, ...text]);
  return { view, parts, all, mine: isSelf(subject) || isSelf(object) || text.has(ME) };
}

const MONTHS = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/i;
const TIMEISH = /\d|\b(today|tomorrow|tonight|yesterday|morning|noon|midnight|evening|afternoon|next|every|weekend|(mon|tues|wednes|thurs|fri|satur|sun)days?)\b/i;
const PLACE_TYPES = new Set<EntityType>(['place', 'organization']);

/** Whether a part of a fact is the kind of thing the question word asks for. */
function fits(wh: Wh | undefined, part: Part, predicate: string): boolean {
  const said = part.entity?.name ?? part.value ?? '';
  switch (wh) {
    case 'who':
    case 'whom':
    case 'whose':
      // A capitalised name not yet known to be a person may well be one ("Alice's birthday is …").
      return part.entity ? part.entity.type === 'person' || (part.entity.type === 'topic' && /^\p{Lu}/u.test(said)) : /^(dr\.? |mr\.? |mrs\.? |ms\.? )?\p{Lu}/u.test(said);
    case 'where':
      return (part.entity ? PLACE_TYPES.has(part.entity.type) : /^(in|at|on|near|from|by|under|inside|behind|next to)\b/i.test(said)) || /_(in|at|to|from|near)$/.test(predicate);
    case 'when':
      return MONTHS.test(said) || TIMEISH.test(said);
    default:
      return true;
  }
}

export interface Ranked {
  /** The facts that answer: one, or two joined by an entity. */
  views: FactView[];
  score: number;
  /** The part of the last fact the question did not mention: what it asks for. */
  answer?: { entity?: GraphEntity; value?: string };
  /** Every content word of the question is in the facts. */
  complete: boolean;
  /** Much of the question did not match (the names did): offered as a guess. */
  guess: boolean;
}

/**
 * How well facts answer the question, or undefined when they do not. `bags` are one fact, or two
 * joined by `bridge` (an entity of both that the question does not name); the answer comes from
 * the last one.
 */
function judge(q: Question, bags: Bag[], bridge?: GraphEntity): Ranked | undefined {
  const all = new Set(bags.flatMap((b) => [...b.all]));
  const asked = q.terms.filter((t) => t.weight > 0);
  const total = asked.reduce((s, t) => s + t.weight, 0);
  const covered = asked.filter((t) => all.has(t.stem));
  if (total === 0 || !covered.some((t) => t.weight >= 1)) return undefined;
  // Names must all match: a fact about Tom does not answer a question about Ann.
  if (asked.some((t) => t.name && !all.has(t.stem))) return undefined;
  // Each fact of a chain must carry some of the question.
  if (bags.length > 1 && bags.some((b) => !asked.some((t) => b.all.has(t.stem) && !(bridge && nameStems(bridge).has(t.stem))))) return undefined;
  const coverage = covered.reduce((s, t) => s + t.weight, 0) / total;
  const aboutMe = q.terms.some((t) => t.stem === ME);
  const mine = bags.some((b) => b.mine);
  const last = bags.at(-1)!;
  const touched = (p: Part) => q.terms.some((t) => p.stems.has(t.stem));
  const open = last.parts.filter((p) => !isSelf(p.entity) && !touched(p) && (!bridge || p.entity?.id !== bridge.id));
  const predicate = last.view.fact.predicate;
  const fitting = open.find((p) => fits(q.wh, p, predicate)) ?? open[0];
  const fitsWh = fitting !== undefined && fits(q.wh, fitting, predicate);

  // Words of the question no fact here holds. Fine only when the fact has words of its own the
  // question did not say, that the missing ones may stand for ("heads" for "leads", "boss" for
  // "manager", "mom" for "mother"), or its relation is a bare "is/has" a question's verb may stand
  // for ("when is the meeting happening"); "my X" is not someone else's X; the open part is of the
  // kind asked for; and most of the question matched (the names alone, for "who/where/when").
  const missing = asked.some((t) => t.weight >= 1 && !all.has(t.stem));
  if (missing || (aboutMe && !mine)) {
    const fact = last.view.fact;
    const answerWords = fitting?.stems ?? new Set<string>();
    const said = new Set(q.terms.map((t) => t.stem));
    const own = [...allStems(`${fact.text} ${fact.predicate.replace(/_/g, ' ')}`)].filter((w) => !answerWords.has(w) && !said.has(w) && !isFunctionWord(w) && w !== ME);
    const copula = /^(is|are|was|were|has|have|had)$/.test(fact.predicate);
    const anchored = covered.some((t) => t.name) || (aboutMe && mine);
    const typed = q.wh !== undefined && TYPED.has(q.wh);
    if (bags.length > 1 || (typed && !fitsWh) || (aboutMe && !mine && own.length > 0)) return undefined;
    if (missing && own.length === 0 && !copula) return undefined;
    if (coverage < (typed && anchored ? 0.5 : 0.6)) return undefined;
  }
  const guess = missing && coverage < 0.6;
  let score = coverage + (aboutMe && mine ? 0.3 : 0) + (fitting ? 0.2 : 0) + (fitsWh ? 0.3 : 0) - (bags.length - 1) * 0.15;
  // Of two facts that cover the question, the one with less else in it is the more precise.
  score += (0.2 * covered.length) / Math.max(1, [...all].filter((s) => s !== ME).length);
  const answer = fitting ? (fitting.entity ? { entity: fitting.entity } : { value: fitting.value! }) : undefined;
  return { views: bags.map((b) => b.view), score, ...(answer ? { answer } : {}), complete: coverage === 1, guess };
}

/** Facts joined by an entity that neither names in the question: "my sister" → Anna → Google. */
function chains(q: Question, bags: Bag[]): Ranked[] {
  const out: Ranked[] = [];
  const byEntity = new Map<string, Bag[]>();
  for (const b of bags) for (const p of b.parts) if (p.entity && !isSelf(p.entity)) byEntity.set(p.entity.id, [...(byEntity.get(p.entity.id) ?? []), b]);
  for (const first of bags) {
    for (const p of first.parts) {
      if (!p.entity || isSelf(p.entity) || q.terms.some((t) => p.stems.has(t.stem))) continue;
      for (const second of byEntity.get(p.entity.id) ?? []) {
        if (second === first) continue;
        const r = judge(q, [first, second], p.entity);
        if (r) out.push(r);
      }
    }
  }
  return out;
}

/** The facts that answer best (several when they tie: "who lives in Oslo"), best first. */
export function rank(q: Question, views: FactView[]): Ranked[] {
  const bags = views.map(bagOf);
  const direct = bags.map((b) => judge(q, [b])).filter((r): r is Ranked => r !== undefined);
  const sure = [...direct.filter((r) => !r.guess), ...chains(q, bags)].sort((a, b) => b.score - a.score);
  const pool = sure.length > 0 ? sure : direct.sort((a, b) => b.score - a.score).slice(0, 1);
  const best = pool[0];
  return best ? pool.filter((r) => r.score >= best.score - 0.05).slice(0, 5) : [];
}

/** Entities a fact leads to that the question does not name: where a chain may continue. */
export function bridges(q: Question, views: FactView[]): GraphEntity[] {
  const out = new Map<string, GraphEntity>();
  for (const b of views.map(bagOf)) {
    if (!q.terms.some((t) => t.weight >= 1 && b.all.has(t.stem))) continue;
    for (const p of b.parts) if (p.entity && !isSelf(p.entity) && !q.terms.some((t) => p.stems.has(t.stem))) out.set(p.entity.id, p.entity);
  }
  return [...out.values()];
}
