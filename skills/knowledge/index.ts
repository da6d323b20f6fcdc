/**
 * Knowledge: the user's memory. "remember that Alice Chen is my manager at Acme", "who is Alice",
 * "what do I know about project Atlas", "what did I do last week", "forget that …" (the fact is
 * marked as no longer true, kept in history) and "forget everything about X permanently" (erased).
 * It works through `ctx.graph`, the knowledge-graph capability the kernel gives built-in skills.
 */
import { defineSkill, type GraphCapability, type GraphEntity, type GraphFact, type SkillContext, type SkillResult } from '../../kernel/contracts/index.js';
import { formatDateTime } from '../../kernel/sdk/index.js';
import { answerQuestion, dontKnow } from './ask.js';
import { mention, parseStatement, toSecondPerson, type EntityMention, type FactStatement } from './parse.js';
import { parsePeriod } from './period.js';

function graphOf(ctx: SkillContext): GraphCapability {
  if (!ctx.graph) throw new Error('The knowledge graph is not available here: it is given to built-in skills in a kernel opened by the host (the app, agentos or agentos serve).');
  return ctx.graph;
}

/** The slot as the user typed it (case kept), found in the request text. */
export function original(value: unknown, text: string): string {
  const v = String(value ?? '').trim().replace(/[?.!]+$/, '');
  const at = text.toLowerCase().indexOf(v.toLowerCase());
  return at >= 0 && v ? text.slice(at, at + v.length) : v;
}

const key = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
/** A past moment in the user's clock (kernel/sdk): "2026-12-05 18:00" or "2026-12-05 6:00 PM". */
const when = (iso: string) => formatDateTime(new Date(iso));

type Found = { entity: GraphEntity } | { reply: SkillResult } | { none: true };

/** Which known entity a name means; asks back when several fit equally. */
async function find(graph: GraphCapability, m: EntityMention): Promise<Found> {
  let r = await graph.resolve(m.name, m.type ? { type: m.type } : {});
  if (r.candidates.length === 0 && m.type) r = await graph.resolve(m.name);
  if (r.entity) return { entity: r.entity };
  if (r.ambiguous) {
    const names = r.candidates.map((c) => c.entity.name);
    return { reply: { text: `I know ${names.length} called ${m.name}: ${names.join(', ')}. Which one? Say the full name.`, data: { ambiguous: true, candidates: r.candidates.map((c) => ({ id: c.entity.id, name: c.entity.name })) } } };
  }
  return { none: true };
}

async function assert(graph: GraphCapability, s: FactStatement) {
  return graph.assertFact({ subject: s.subject, predicate: s.predicate, ...(s.object ? { object: s.object } : {}), ...(s.value ? { value: s.value } : {}), text: s.text, exclusive: s.exclusive });
}

async function describe(graph: GraphCapability, entity: GraphEntity, episodes = 5): Promise<SkillResult> {
  const about = (await graph.about(entity.id, { episodes }))!;
  const facts = about.facts.map((f) => toSecondPerson(f.text));
  // The first name a person's full name implies is not worth saying back.
  const aliases = entity.aliases.filter((a) => !(entity.type === 'person' && entity.name.toLowerCase().startsWith(`${a.toLowerCase()} `)));
  const aka = aliases.length ? ` (also ${aliases.join(', ')})` : '';
  const mentioned = about.episodes.map((e) => ({ title: e.text, subtitle: when(e.at) }));
  const related = about.related.filter((e) => e.attrs.self !== true).map((e) => e.name);
  // The text says the first fact; the card carries the rest (other facts, related names, mentions), never it again.
  let text: string;
  if (facts.length > 0) text = `${facts[0]}.${aka ? ` ${entity.name}${aka}.` : ''}${facts.length > 1 ? ` I know ${facts.length - 1} more thing${facts.length === 2 ? '' : 's'} about ${entity.type === 'person' ? 'them' : 'it'}.` : ''}`;
  else text = `I know of ${entity.name}${aka}, but you haven't told me anything about ${entity.type === 'person' ? 'them' : 'it'}.`;
  const items = [...facts.slice(1).map((f) => ({ title: f })), ...(related.length ? [{ title: 'Related', detail: related.join(', ') }] : []), ...mentioned];
  return {
    text,
    ...(items.length ? { card: { type: 'list' as const, title: `${entity.name} · ${entity.type}`, items } } : {}),
    data: { entity, facts: about.facts, related: about.related.map((e) => e.id), episodes: about.episodes.map((e) => e.id), entities: entity.attrs.self === true ? [] : [{ name: entity.name, type: entity.type }] },
  };
}

function matches(fact: GraphFact, s: FactStatement, objectId: string | undefined): boolean {
  if (key(fact.text) === key(s.text)) return true;
  if (fact.predicate !== s.predicate.toLowerCase()) return false;
  if (s.value !== undefined) return fact.value !== null && key(fact.value) === key(s.value);
  return objectId !== undefined && fact.objectId === objectId;
}

export default defineSkill({
  'knowledge.remember': async (slots, ctx) => {
    const graph = graphOf(ctx);
    const said = original(slots.statement, ctx.text);
    const statement = parseStatement(said);
    if (!statement) return { text: `I couldn't tell what "${said}" says about whom. Try "remember that Alice Chen is my manager" or "remember that Bob is Robert Smith".`, data: { remembered: false } };
    if (statement.kind === 'alias') {
      const found = await find(graph, { name: statement.name });
      if ('reply' in found) return found.reply;
      const target = 'entity' in found ? found.entity : await graph.upsertEntity({ type: 'person', name: statement.name });
      const entity = await graph.addAlias(target.id, statement.alias);
      return { text: `OK: ${statement.alias} is ${entity.name}.`, data: { remembered: true, entity, entities: [{ name: entity.name, type: entity.type }] } };
    }
    const named = [statement.subject, statement.object].filter((x): x is EntityMention => x !== undefined && !/^(me|i|myself)$/i.test(x.name));
    for (const m of named) {
      const found = await find(graph, m);
      if ('reply' in found) return found.reply;
      if ('entity' in found) Object.assign(m, { name: found.entity.name, type: found.entity.type });
    }
    const results = [await assert(graph, statement)];
    for (const extra of statement.also ?? []) results.push(await assert(graph, { ...extra, subject: statement.subject }));
    const replaced = results.flatMap((r) => r.invalidated).map((f) => toSecondPerson(f.text));
    const known = results.every((r) => !r.created);
    return {
      text: known ? `I already knew that ${toSecondPerson(statement.text)}.` : `OK, I'll remember that ${toSecondPerson(statement.text)}.${replaced.length ? ` That replaces: ${replaced.join('; ')}.` : ''}`,
      // The people and things it is about, so "she" or "it" in the next request can mean them.
      data: { remembered: true, facts: results.map((r) => r.fact), invalidated: results.flatMap((r) => r.invalidated), entities: named.map((m) => ({ ...m })) },
    };
  },

  'knowledge.who': async (slots, ctx) => {
    const graph = graphOf(ctx);
    const name = original(slots.name, ctx.text);
    if (/^(i|me)$/i.test(name)) return describe(graph, await graph.me());
    const found = await find(graph, mention(name, 'person'));
    if ('reply' in found) return found.reply;
    // An entity known only from requests that mentioned it ("my dentist", once asked about) says
    // less than the facts that answer the question.
    if ('entity' in found && (await graph.facts({ entityId: found.entity.id })).length > 0) return describe(graph, found.entity);
    // Not a name: "who is my dentist", "who is Tom's manager", "who is the Orion lead".
    const answer = await answerQuestion(graph, ctx.text);
    if (!answer.declined) return answer;
    if ('entity' in found) return describe(graph, found.entity);
    const person = /^\p{Lu}/u.test(name) && !/\s(of|for|in|at)\s|['’]s\b/iu.test(name);
    return person ? { ...dontKnow(ctx.text), text: `I don't know anyone called ${name} yet. Tell me, e.g. "remember that ${name} is my colleague".` } : answer;
  },

  'knowledge.ask': async (_slots, ctx) => answerQuestion(graphOf(ctx), ctx.text),

  'knowledge.about': async (slots, ctx) => {
    const graph = graphOf(ctx);
    const m = mention(original(slots.topic, ctx.text));
    const found = await find(graph, m);
    if ('reply' in found) return found.reply;
    if ('entity' in found) return describe(graph, found.entity, 10);
    const hits = await graph.search(m.name, { limit: 5 });
    if (hits.length === 0) return { text: `I don't know anything about ${m.name} yet.`, data: { found: false } };
    return {
      text: `I don't know ${m.name} itself, but ${hits.length === 1 ? 'one name is' : `${hits.length} names are`} close.`,
      card: { type: 'list', title: `Related to ${m.name}`, items: hits.map((h) => ({ title: h.entity.name, subtitle: h.entity.type, detail: h.why.join(', ') })) },
      data: { found: false, related: hits.map((h) => h.entity.id) },
    };
  },

  'knowledge.recent': async (slots, ctx) => {
    const graph = graphOf(ctx);
    const period = parsePeriod(slots.period === undefined ? undefined : String(slots.period), ctx.now);
    if (!period) return { text: `I didn't understand the period "${String(slots.period)}". Try today, yesterday, this week, last week, last month or "the last 3 days".` };
    const episodes = (await graph.episodes({ from: period.from.toISOString(), to: period.to.toISOString(), limit: 500 })).filter(
      (e) => e.id !== ctx.requestId && (e.status === 'served' || e.status === 'partial') && !e.calls.every((c) => c.skill === 'knowledge' && c.intent === 'knowledge.recent'),
    );
    if (episodes.length === 0) return { text: `I have no requests of yours ${period.label}.`, data: { count: 0 } };
    const bySkill = new Map<string, number>();
    for (const e of episodes) for (const c of e.calls) bySkill.set(c.skill, (bySkill.get(c.skill) ?? 0) + 1);
    const top = [...bySkill.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([s, n]) => `${s} ×${n}`);
    return {
      text: `${period.label[0]!.toUpperCase()}${period.label.slice(1)} you made ${episodes.length} request${episodes.length === 1 ? '' : 's'} (${top.join(', ')}).`,
      card: { type: 'table', title: `What you did ${period.label}`, columns: ['When', 'Request', 'Skill'], rows: episodes.slice(0, 200).map((e) => [when(e.at), e.text, e.calls.map((c) => c.skill).join(', ')]) },
      data: { count: episodes.length, from: period.from.toISOString(), to: period.to.toISOString(), episodes: episodes.map((e) => e.id) },
    };
  },

  'knowledge.forget': async (slots, ctx) => {
    const graph = graphOf(ctx);
    const said = original(slots.statement, ctx.text);
    const statement = parseStatement(said);
    if (!statement || statement.kind === 'alias') return { text: `I couldn't find a fact "${said}". Say "who is …" to see what I know, or "forget everything about … permanently".`, data: { forgotten: 0 } };
    const subject = await find(graph, statement.subject);
    if ('reply' in subject) return subject.reply;
    if ('none' in subject) return { text: `I don't know ${statement.subject.name}, so there is nothing to forget.`, data: { forgotten: 0 } };
    const object = statement.object ? (/^(me|i)$/i.test(statement.object.name) ? await graph.me() : await find(graph, statement.object).then((f) => ('entity' in f ? f.entity : undefined))) : undefined;
    const facts = (await graph.facts({ entityId: subject.entity.id })).filter((f) => matches(f, statement, object?.id));
    for (const f of facts) await graph.invalidateFact(f.id);
    if (facts.length === 0) return { text: `I didn't have "${toSecondPerson(said)}" as a fact. ${(await describe(graph, subject.entity)).text}`, data: { forgotten: 0 } };
    return { text: `OK, I no longer hold that ${facts.map((f) => toSecondPerson(f.text)).join('; ')}. (It stays in the history; say "forget everything about ${subject.entity.name} permanently" to erase.)`, data: { forgotten: facts.length, facts: facts.map((f) => f.id) } };
  },

  'knowledge.forget_about': async (slots, ctx) => {
    const graph = graphOf(ctx);
    const found = await find(graph, mention(original(slots.topic, ctx.text)));
    if ('reply' in found) return found.reply;
    if ('none' in found) return { text: `I don't know anything about ${original(slots.topic, ctx.text)}.`, data: { forgotten: 0 } };
    const facts = await graph.facts({ entityId: found.entity.id });
    for (const f of facts) await graph.invalidateFact(f.id);
    return { text: `OK, I no longer hold ${facts.length} fact${facts.length === 1 ? '' : 's'} about ${found.entity.name}. To erase ${found.entity.name} completely, say "forget everything about ${found.entity.name} permanently".`, data: { forgotten: facts.length } };
  },

  'knowledge.forget_all': async (slots, ctx) => {
    const graph = graphOf(ctx);
    const found = await find(graph, mention(original(slots.topic, ctx.text)));
    if ('reply' in found) return found.reply;
    if ('none' in found) return { text: `I don't know anything about ${original(slots.topic, ctx.text)}.`, data: { erased: false } };
    const removed = await graph.deleteEntity(found.entity.id);
    return {
      text: `Erased ${found.entity.name} permanently: ${removed.facts} fact${removed.facts === 1 ? '' : 's'} and ${removed.mentions} mention${removed.mentions === 1 ? '' : 's'} (the name is blanked out of those requests).`,
      data: { erased: true, ...removed },
    };
  },
});
