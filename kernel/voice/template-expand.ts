/**
 * Expands the skills' template grammar — `(a|b)` alternatives, `[x]` optional parts, `{slot}`
 * references, `<rule>` shared rules — into sentences, so a recogniser's language model can learn
 * the commands that exist. Expansion is bounded: when a template has more variants than the cap,
 * an even, seeded sample is kept (the same skills always give the same corpus).
 */
type Node = { kind: 'word'; text: string } | { kind: 'slot'; name: string } | { kind: 'alt'; options: Node[][] } | { kind: 'opt'; body: Node[] };

export type Piece = string | { slot: string };

function parse(template: string, rules: Record<string, string>, depth = 0): Node[] {
  let i = 0;
  const seq = (closer?: string): Node[][] => {
    const options: Node[][] = [[]];
    let word = '';
    const push = (n: Node) => options[options.length - 1]!.push(n);
    const flushWord = () => {
      if (word.trim()) for (const w of word.trim().split(/\s+/)) push({ kind: 'word', text: w });
      word = '';
    };
    while (i < template.length) {
      const c = template[i++]!;
      if (c === '(' || c === '[') {
        flushWord();
        const inner = seq(c === '(' ? ')' : ']');
        push(c === '(' ? { kind: 'alt', options: inner } : { kind: 'opt', body: inner.length === 1 ? inner[0]! : [{ kind: 'alt', options: inner }] });
      } else if (c === ')' || c === ']') {
        if (c !== closer) throw new Error(`unexpected "${c}" at position ${i - 1}`);
        flushWord();
        return options;
      } else if (c === '|') {
        flushWord();
        options.push([]);
      } else if (c === '{' || c === '<') {
        flushWord();
        const end = template.indexOf(c === '{' ? '}' : '>', i);
        if (end < 0) throw new Error(`unclosed "${c}" at position ${i - 1}`);
        const name = template.slice(i, end).trim();
        i = end + 1;
        if (c === '{') push({ kind: 'slot', name });
        else {
          const rule = rules[name];
          if (rule === undefined || depth > 8) throw new Error(`unknown or recursive rule <${name}>`);
          push({ kind: 'alt', options: [parse(rule, rules, depth + 1)] });
        }
      } else word += c;
    }
    if (closer) throw new Error(`missing "${closer}"`);
    flushWord();
    return options;
  };
  const top = seq();
  return top.length === 1 ? top[0]! : [{ kind: 'alt', options: top }];
}

/** A small deterministic PRNG (mulberry32), so corpora are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample<T>(items: T[], cap: number, rand: () => number): T[] {
  if (items.length <= cap) return items;
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, cap);
}

function expandSeq(nodes: Node[], cap: number, rand: () => number): Piece[][] {
  let acc: Piece[][] = [[]];
  for (const node of nodes) {
    let variants: Piece[][];
    if (node.kind === 'word') variants = [[node.text]];
    else if (node.kind === 'slot') variants = [[{ slot: node.name }]];
    else if (node.kind === 'opt') variants = [[], ...expandSeq(node.body, cap, rand)];
    else variants = node.options.flatMap((o) => expandSeq(o, cap, rand));
    const next: Piece[][] = [];
    for (const a of acc) for (const v of variants) next.push([...a, ...v]);
    acc = sample(next, cap, rand);
  }
  return acc;
}

/** Up to `cap` expansions of one template; slot references stay as `{ slot }` pieces. */
export function expandTemplate(template: string, rules: Record<string, string> = {}, cap = 200, seed = 1): Piece[][] {
  return expandSeq(parse(template.toLowerCase(), rules), cap, rng(seed));
}
