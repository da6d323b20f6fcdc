/**
 * Reading what the user asks the knowledge skill to remember or forget: "Alice Chen is my manager
 * at Acme", "Bob is Robert Smith", "Alice's birthday is May 3", "Alice works at Acme". Rules, not
 * a model: each pattern says which entities and which fact it makes, and when a new fact replaces
 * an old one (a person has one manager; someone works at one place).
 */
import type { EntityType } from '../../kernel/contracts/index.js';

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
  // "X is my manager [at Acme]" / "my manager is X [at Acme]"
  m = /^(?<x>.+?) (?:is|was) my (?<role>.+?)(?: (?:at|from|with) (?<org>.+))?$/i.exec(text) ?? /^my (?<role>.+?) (?:is|was) (?<x>.+?)(?: (?:at|from|with) (?<org>.+))?$/i.exec(text);
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
  // "Alice works at/for Acme", "Alice lives in Berlin", "Alice works on project Atlas"
  m = /^(?<x>.+?) (?<verb>works at|works for|worked at|lives in|lived in|is based in|works on|is working on|leads|manages|reports to) (?<y>.+)$/i.exec(text);
  if (m?.groups) {
    const verb = m.groups.verb!.toLowerCase();
    const [predicate, type, exclusive] =
      /works (at|for)|worked at/.test(verb) ? ['works_at', 'organization', 'subject'] :
      /lives in|lived in|based in/.test(verb) ? ['lives_in', 'place', 'subject'] :
      /reports to/.test(verb) ? ['reports_to', 'person', 'subject'] :
      /leads|manages/.test(verb) ? [verb.replace(/s$/, ''), undefined, 'none'] : ['works_on', 'project', 'none'];
    const subject = mention(m.groups.x!, 'person');
    const object = mention(m.groups.y!, type as EntityType | undefined);
    return { kind: 'fact', subject, predicate, object, exclusive: exclusive as 'subject' | 'none', text: `${subject.name} ${verb} ${object.name}` };
  }
  // "Alice's birthday is May 3"
  m = /^(?<x>.+?)(?:'s|’s) (?<attr>.+?) (?:is|are) (?<v>.+)$/i.exec(text);
  if (m?.groups) {
    const subject = mention(m.groups.x!);
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
  // "Alice likes green tea", "project Atlas is due on Friday"
  m = /^(?<x>.+?) (?<verb>is|are|was|has|have|likes|loves|prefers|hates|dislikes|uses|owns|needs|wants|speaks|plays) (?<rest>.+)$/i.exec(text);
  if (m?.groups) {
    const subject = mention(m.groups.x!);
    return { kind: 'fact', subject, predicate: m.groups.verb!.toLowerCase(), value: strip(m.groups.rest!), exclusive: 'none', text };
  }
  return undefined;
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
