/**
 * Reading what the user asks the knowledge skill to remember or forget: "Alice Chen is my manager
 * at Acme", "Bob is Robert Smith", "Alice's birthday is May 3", "Alice works at Acme". Rules, not
 * a model: each pattern says which entities and which fact it makes, and when a new fact replaces
 * an old one (a person has one manager; someone works at one place).
 */
import type { EntityType } from '../../kernel/contracts/index.js';
import { irregularBase, irregularVerbForms } from './words.js';

export interface EntityMention {
  name: string;
  type?: EntityType;
}

export interface FactStatement {
  kind: 'fact';
  subject: EntityMention;
  predicate: string;
  object?: EntityMention;
  value?: string;
  exclusive: 'subject' | 'object' | 'none';
  /** The sentence to keep, in the user's words. */
  text: string;
  /** Facts the same sentence also states ("… my manager at Acme": Alice works at Acme). */
  also?: FactStatement[];
}

export type Statement = FactStatement | { kind: 'alias'; alias: string; name: string; text: string };

/** Roles a person has only one of, for the user: a new one replaces the old. */
const SINGLE_ROLES = new Set(['manager', 'boss', 'supervisor', 'wife', 'husband', 'partner', 'spouse', 'mother', 'father', 'mom', 'mum', 'dad', 'doctor', 'dentist', 'landlord', 'assistant', 'lawyer', 'accountant', 'therapist', 'mentor', 'advisor', 'best friend']);
const TYPE_WORDS: [RegExp, EntityType][] = [
  [/\b(project|initiative|programme|program)\b/i, 'project'],
  [/\b(company|organi[sz]ation|startup|employer|team|university|school|bank|agency|firm|club)\b/i, 'organization'],
  [/\b(city|town|country|village|office|place|neighbou?rhood|restaurant|cafe|gym|airport)\b/i, 'place'],
  [/\b(app|application|program|tool|editor|browser)\b/i, 'app'],
  [/\b(file|document|spreadsheet|report|deck|pdf)\b/i, 'file'],
];

const strip = (s: string) => s.trim().replace(/^["'“‘]+|["'”’.!?]+$/g, '').trim();
const words = (s: string) => s.trim().split(/\s+/);
/** "John", "Robert Smith", "Dr. Mary Jones": 1-4 words, each capitalised. */
const looksLikeName = (s: string) => words(s).length <= 4 && words(s).every((w) => /^(\p{Lu}[\p{L}'’.-]*|de|van|von|da|di|le|la)$/u.test(w)) && /^\p{Lu}/u.test(s.trim());

/** "project Atlas" → Atlas (project); "the Firefox app" → Firefox (app); "Alice" → Alice (no type). */
export function mention(raw: string, fallback?: EntityType): EntityMention {
  const s = strip(raw).replace(/^(the|a|an)\s+/i, '');
  const lead = /^(project|company|city|app|file|topic)\s+(.+)$/i.exec(s);
  if (lead) {
    const type = ({ project: 'project', company: 'organization', city: 'place', app: 'app', file: 'file', topic: 'topic' } as const)[lead[1]!.toLowerCase() as 'project'];
    return { name: strip(lead[2]!), type };
  }
  const trail = /^(.+?)\s+(project|app|company)$/i.exec(s);
  if (trail) return { name: strip(trail[1]!), type: ({ project: 'project', app: 'app', company: 'organization' } as const)[trail[2]!.toLowerCase() as 'project'] };
  return fallback ? { name: s, type: fallback } : { name: s };
}

function typeOf(description: string): EntityType | undefined {
  return TYPE_WORDS.find(([re]) => re.test(description))?.[1];
}

export function parseStatement(input: string): Statement | undefined {
  const text = strip(input).replace(/\s+/g, ' ');
  let m: RegExpExecArray | null;
  // "X is my manager [at Acme]" / "my manager is X [at Acme]" (X a name: "my anniversary is on June 3" is not a person)
  m = /^(?<x>.+?) (?:is|was) my (?<role>.+?)(?: (?:at|from|with) (?<org>.+))?$/i.exec(text);
  const mine = /^my (?<role>.+?) (?:is|was) (?<x>.+?)(?: (?:at|from|with) (?<org>.+))?$/i.exec(text);
  if (!m && mine?.groups && looksLikeName(mine.groups.x!)) m = mine;
  if (m?.groups) {
    const role = m.groups.role!.toLowerCase();
    const objectType = typeOf(role);
    const subject = mention(m.groups.x!, objectType ?? 'person');
    const fact: FactStatement = {
      kind: 'fact',
      subject,
      predicate: role.replace(/\s+/g, '_'),
      object: { name: 'me' },
      exclusive: SINGLE_ROLES.has(role) ? 'object' : 'none',
      text: `${subject.name} is my ${role}${m.groups.org ? ` at ${strip(m.groups.org)}` : ''}`,
    };
    if (m.groups.org) {
      const org = mention(m.groups.org, 'organization');
      fact.also = [{ kind: 'fact', subject, predicate: 'works_at', object: org, exclusive: 'subject', text: `${subject.name} works at ${org.name}` }];
    }
    return fact;
  }
  // "my anniversary is on June 3", "my wifi password is hunter2": something of the user's
  m = /^my (?<attr>.+?) (?:is|are|was) (?<v>.+)$/i.exec(text);
  if (m?.groups) return { kind: 'fact', subject: { name: 'me' }, predicate: m.groups.attr!.toLowerCase().replace(/\s+/g, '_'), value: strip(m.groups.v!), exclusive: 'subject', text };
  // "Alice is Tom's manager": a role towards another person
  m = /^(?<x>.+?) (?:is|was) (?<y>.+?)(?:'s|’s) (?<role>.+)$/i.exec(text);
  if (m?.groups && looksLikeName(m.groups.x!) && looksLikeName(m.groups.y!)) return roleOf(m.groups.x!, m.groups.role!, m.groups.y!, text);
  // "Alice works at/for Acme", "Alice lives in Berlin", "Alice works on project Atlas"
  m = /^(?<x>.+?) (?<verb>works at|works for|worked at|lives in|lived in|is based in|works on|is working on|reports to) (?<y>.+)$/i.exec(text);
  if (m?.groups) {
    const verb = m.groups.verb!.toLowerCase();
    const [predicate, type, exclusive] =
      /works (at|for)|worked at/.test(verb) ? ['works_at', 'organization', 'subject'] :
      /lives in|lived in|based in/.test(verb) ? ['lives_in', 'place', 'subject'] :
      /reports to/.test(verb) ? ['reports_to', 'person', 'subject'] : ['works_on', 'project', 'none'];
    const subject = mention(m.groups.x!, 'person');
    const object = mention(m.groups.y!, type as EntityType | undefined);
    return { kind: 'fact', subject, predicate, object, exclusive: exclusive as 'subject' | 'none', text: `${subject.name} ${verb} ${object.name}` };
  }
  // "Alice's birthday is May 3"; "Tom's manager is Alice" (a role, when the value is a name)
  m = /^(?<x>.+?)(?:'s|’s) (?<attr>.+?) (?:is|are|was) (?<v>.+)$/i.exec(text);
  if (m?.groups && SINGLE_ROLES.has(m.groups.attr!.toLowerCase()) && looksLikeName(strip(m.groups.v!))) return roleOf(strip(m.groups.v!), m.groups.attr!, m.groups.x!, text);
  if (m?.groups) {
    // Someone's birthday, phone number or address: a name with such things is most often a person's.
    const subject = mention(m.groups.x!, looksLikeName(m.groups.x!) ? 'person' : undefined);
    return { kind: 'fact', subject, predicate: m.groups.attr!.toLowerCase().replace(/\s+/g, '_'), value: strip(m.groups.v!), exclusive: 'subject', text };
  }
  // "Bob is also known as Bobby", "Robert Smith is called Bob"
  m = /^(?<x>.+?) is (?:also )?(?:called|known as|nicknamed) (?<a>.+)$/i.exec(text);
  if (m?.groups) return { kind: 'alias', alias: strip(m.groups.a!), name: strip(m.groups.x!), text };
  // "Bob is Robert Smith": two names
  m = /^(?<a>.+?) is (?<b>.+)$/i.exec(text);
  if (m?.groups && looksLikeName(m.groups.a!) && looksLikeName(m.groups.b!)) return { kind: 'alias', alias: strip(m.groups.a!), name: strip(m.groups.b!), text };
  // "Atlas is a project for the Q3 launch"
  m = /^(?<x>.+?) (?:is|was) (?<art>a|an|the|our|my) (?<what>.+)$/i.exec(text);
  if (m?.groups) {
    const subject = mention(m.groups.x!, typeOf(m.groups.what!));
    return { kind: 'fact', subject, predicate: 'is', value: `${m.groups.art!.toLowerCase()} ${strip(m.groups.what!)}`, exclusive: 'none', text };
  }
  // "Orion is led by Priya": the same fact as "Priya leads Orion"
  m = /^(?<x>.+?) (?:is|was|are|were) (?:being )?(?<verb>\p{Ll}+) by (?<y>.+)$/u.exec(text);
  if (m?.groups && (/ed$/.test(m.groups.verb!) || irregularBase(m.groups.verb!)) && looksLikeName(strip(m.groups.y!))) {
    const verb = m.groups.verb!;
    const object = mention(m.groups.x!, typeOf(m.groups.x!));
    return { kind: 'fact', subject: mention(m.groups.y!, 'person'), predicate: irregularBase(verb) ?? verb, object, exclusive: 'none', text };
  }
  // "project Atlas is due on Friday", "the board meeting is on June 12"
  const action = actionOf(text);
  if (action) return action;
  m = /^(?<x>.+?) (?<verb>is|are|was|were|has|have|had) (?<rest>.+)$/i.exec(text);
  if (m?.groups) return { kind: 'fact', subject: mention(m.groups.x!), predicate: m.groups.verb!.toLowerCase(), value: strip(m.groups.rest!), exclusive: 'none', text };
  return undefined;
}

/** "Tom is Ann's manager": Tom —manager→ Ann, as "Alice is my manager" is Alice —manager→ me. */
function roleOf(person: string, role: string, of: string, text: string): FactStatement {
  const r = role.toLowerCase();
  return { kind: 'fact', subject: mention(person, typeOf(r) ?? 'person'), predicate: r.replace(/\s+/g, '_'), object: mention(of, 'person'), exclusive: SINGLE_ROLES.has(r) ? 'object' : 'none', text };
}

const PREPOSITIONS = 'in|at|on|to|for|with|from|by|about|into|near|under|over|after|before|as|of';
/** The verb's base form for the relation name: leads → lead, teaches → teach, studies → study. */
const base = (verb: string) => verb.toLowerCase().replace(/ies$/, 'y').replace(/(ch|sh|x|z|ss)es$/, '$1').replace(/([^su])s$/, '$1');

/**
 * Any "subject verb [preposition] object": "Priya leads the Orion project", "Ken teaches at Oslo
 * University", "Sam coached the team". The subject is a name or a short noun phrase ("the kids'
 * school"); the verb is the first word after it in the third person or the past ("-s", "-ed").
 * A named object becomes an entity (Orion, a project); anything else is kept as a value.
 */
let actionPattern: RegExp | undefined;
function actionOf(text: string): FactStatement | undefined {
  if (!actionPattern) {
    const word = `(?!(?:is|are|was|were|has|have|had|will|does|did)\\b)[\\p{L}\\p{N}'’.-]+`;
    // The verb is the first word after the subject that is one: "-s", "-ed", or an irregular past ("went").
    const verb = `(?!(?:has|was|does)\\b)(?:\\p{Ll}+(?:[^s'’]s|ed)|${irregularVerbForms().join('|')})`;
    actionPattern = new RegExp(`^(?<x>(?:(?:[Tt]he|[Mm]y|[Oo]ur|[Aa]n?) )?${word}(?: ${word}){0,3}?) (?<verb>${verb}) (?:(?<prep>${PREPOSITIONS}) )?(?<rest>.+)$`, 'u');
  }
  const re = actionPattern;
  const m = re.exec(text);
  if (!m?.groups) return undefined;
  const { x, verb, prep, rest } = m.groups as { x: string; verb: string; prep?: string; rest: string };
  const subject = mention(x, looksLikeName(x) ? 'person' : undefined);
  // A name one lives in, moves to or comes from is a place, unless its words say otherwise.
  const object = mention(rest, typeOf(rest) ?? (prep && /^(in|at|to|from|near)$/.test(prep) ? 'place' : undefined));
  const predicate = `${irregularBase(verb) ?? base(verb)}${prep ? `_${prep.toLowerCase()}` : ''}`;
  const named = looksLikeName(object.name) && !/\d/.test(object.name);
  return { kind: 'fact', subject, predicate, ...(named ? { object } : { value: strip(rest) }), exclusive: 'none', text };
}

/** First person → second person, for answers: "Alice Chen is my manager" → "Alice Chen is your manager". */
export function toSecondPerson(text: string): string {
  return text
    .replace(/\bmy\b/gi, (w) => (w[0] === 'M' ? 'Your' : 'your'))
    .replace(/\bI am\b/g, 'you are')
    .replace(/\bI\b/g, 'you')
    .replace(/\bme\b/gi, 'you')
    .replace(/\bmine\b/gi, 'yours');
}
