/**
 * Template heads: the words a template starts with (its verb phrase: "remind me", "set a timer"),
 * and the template without them. When the classifier has chosen an intent for a request phrased
 * with another verb ("give me a shout in 10 minutes to check the pasta"), the rest of the
 * request still follows the intent's grammar ("in {when} to {task}"), so its slots are read by
 * the headless template matched at the request's end.
 */
import { literalCount, type Node } from './grammar.js';

const TOKEN = /[\p{L}\p{N}]+/u;

/** Literal words a headless template must keep: "{task}" alone, or "to {task}", would read anything. */
const MIN_HEADLESS_LITERALS = 2;

/** The first words a grammar node can start with; undefined when it can start with a slot, wildcard or number. */
export function firstWords(n: Node, rules: Map<string, Node>, depth = 0): { words: Set<string>; nullable: boolean } | undefined {
  switch (n.kind) {
    case 'word': {
      const w = TOKEN.exec(n.text.toLowerCase())?.[0];
      return w ? { words: new Set([w]), nullable: false } : { words: new Set(), nullable: true };
    }
    case 'seq': {
      const words = new Set<string>();
      for (const item of n.items) {
        const f = firstWords(item, rules, depth);
        if (!f) return undefined;
        for (const w of f.words) words.add(w);
        if (!f.nullable) return { words, nullable: false };
      }
      return { words, nullable: true };
    }
    case 'alt': {
      const words = new Set<string>();
      let nullable = false;
      for (const option of n.options) {
        const f = firstWords(option, rules, depth);
        if (!f) return undefined;
        for (const w of f.words) words.add(w);
        nullable ||= f.nullable;
      }
      return { words, nullable };
    }
    case 'opt': {
      const f = firstWords(n.inner, rules, depth);
      return f && { words: f.words, nullable: true };
    }
    case 'rule': {
      const body = rules.get(n.name);
      return body && depth < 8 ? firstWords(body, rules, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** Template source for a syntax tree (the inverse of parseTemplate, up to spacing). */
export function printTemplate(n: Node): string {
  switch (n.kind) {
    case 'word':
      return n.text;
    case 'seq':
      return n.items.map((c, k) => (k > 0 && !n.glued?.[k] ? ' ' : '') + printTemplate(c)).join('');
    case 'alt':
      return `(${n.options.map(printTemplate).join('|')})`;
    case 'opt':
      return `[${printTemplate(n.inner)}]`;
    case 'slot':
      return `{${n.name}}`;
    case 'rule':
      return `<${n.name}>`;
    case 'wild':
      return '*';
    case 'range':
      return `(${n.min}..${n.max})`;
  }
}

/**
 * The template without its head (its first required part made of words only, with any optional
 * words before it), when what is left keeps enough literal words to place its slots; undefined
 * otherwise.
 */
export function headlessSource(ast: Node, rules: Map<string, Node>): string | undefined {
  if (ast.kind !== 'seq') return undefined;
  // Optional words before the head ("[please] [can you]") go with it.
  let k = 0;
  for (; k < ast.items.length; k++) {
    const f = firstWords(ast.items[k]!, rules);
    if (!f) return undefined;
    if (!f.nullable) break;
  }
  if (k >= ast.items.length - 1) return undefined;
  const rest: Node = { kind: 'seq', items: ast.items.slice(k + 1), glued: [false, ...(ast.glued?.slice(k + 2) ?? [])] };
  if (!rest.items.some((i) => i.kind === 'slot') || literalCount(rest, rules) < MIN_HEADLESS_LITERALS) return undefined;
  return printTemplate(rest);
}
