/**
 * Expands the skills' template grammar into sentences, so a recogniser's language model can learn
 * the commands that exist. The grammar is the intent engine's own (parsed by kernel/intent), so
 * speech and text understand exactly the same templates. Expansion is bounded: when a template has
 * more variants than the cap, a seeded sample is kept (the same skills always give the same corpus).
 */
import { parseTemplate, type TemplateNode } from '../intent/index.js';
import { rng } from '../sdk/random.js';

export type Piece = string | { slot: string };

function sample<T>(items: T[], cap: number, rand: () => number): T[] {
  if (items.length <= cap) return items;
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, cap);
}

/** Joins `b` to `a`; a glued part ("light[s]") continues the last word instead of starting a new one. */
function join(a: Piece[], b: Piece[], glued: boolean): Piece[] {
  const last = a[a.length - 1];
  const first = b[0];
  if (glued && typeof last === 'string' && typeof first === 'string') return [...a.slice(0, -1), last + first, ...b.slice(1)];
  return [...a, ...b];
}

interface Expander {
  rules: Record<string, string>;
  cap: number;
  rand: () => number;
  depth: number;
}

function expandNode(node: TemplateNode, x: Expander): Piece[][] {
  switch (node.kind) {
    case 'word':
      return [[node.text]];
    case 'slot':
      return [[{ slot: node.name }]];
    case 'wild':
      return [[]]; // free text: the corpus fills dictation through slots, not wildcards
    case 'range':
      return [...new Set([node.min, Math.round((node.min + node.max) / 2), node.max])].map((n) => [String(n)]);
    case 'opt':
      return [[], ...expandNode(node.inner, x)];
    case 'alt':
      return sample(node.options.flatMap((o) => expandNode(o, x)), x.cap, x.rand);
    case 'rule': {
      const body = x.rules[node.name];
      if (body === undefined || x.depth > 8) throw new Error(`unknown or recursive rule <${node.name}>`);
      return expandNode(parseTemplate(body.toLowerCase()), { ...x, depth: x.depth + 1 });
    }
    case 'seq': {
      let acc: Piece[][] = [[]];
      node.items.forEach((item, i) => {
        const variants = expandNode(item, x);
        const next: Piece[][] = [];
        for (const a of acc) for (const v of variants) next.push(join(a, v, node.glued?.[i] ?? false));
        acc = sample(next, x.cap, x.rand);
      });
      return acc;
    }
  }
}

/** Up to `cap` expansions of one template; slot references stay as `{ slot }` pieces. */
export function expandTemplate(template: string, rules: Record<string, string> = {}, cap = 200, seed = 1): Piece[][] {
  return expandNode(parseTemplate(template.toLowerCase()), { rules, cap, rand: rng(seed), depth: 0 });
}
