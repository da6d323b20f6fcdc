/**
 * The template grammar of skill intents, parsed into a small syntax tree with positions so a
 * mistake is reported where it is:
 *   (a|b)      alternatives            [x] / [a|b]   optional part
 *   {name}     slot reference          <rule>        shared rule from manifest.rules
 *   *          free-text wildcard      (1..10)       numeric range (digits or number words)
 * Words are matched case-insensitively at word boundaries.
 */
export type Node =
  | { kind: 'word'; text: string }
  | { kind: 'seq'; items: Node[]; /** item i follows the previous with no space ("light[s]") */ glued?: boolean[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'opt'; inner: Node }
  | { kind: 'slot'; name: string; pos: number }
  | { kind: 'rule'; name: string; pos: number }
  | { kind: 'wild' }
  | { kind: 'range'; min: number; max: number };

export class GrammarError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(`position ${position}: ${message}`);
    this.name = 'GrammarError';
  }
}

const SPECIAL = new Set(['(', ')', '[', ']', '|', '{', '}', '<', '>', '*']);
const RANGE = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/;

/** Parses one template (or rule body). Throws GrammarError with the 0-based character position. */
export function parseTemplate(src: string): Node {
  let i = 0;
  const closers: { char: string; pos: number }[] = [];

  const parseAlt = (): Node => {
    const options: Node[] = [parseSeq()];
    while (src[i] === '|') {
      i++;
      options.push(parseSeq());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  };

  const parseSeq = (): Node => {
    const items: Node[] = [];
    const glued: boolean[] = [];
    const mark = () => glued.push(items.length > 0 && i > 0 && !/\s/.test(src[i - 1]!));
    while (i < src.length) {
      const c = src[i]!;
      if (c === '|' || c === ')' || c === ']') {
        const open = closers.at(-1);
        if (c !== '|' && (!open || open.char !== c)) throw new GrammarError(i, `unexpected "${c}"${open ? ` (expected "${open.char}" to close position ${open.pos})` : ' with nothing open'}`);
        break;
      }
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      if (c === '(' || c === '[') {
        mark();
        const pos = i;
        const close = c === '(' ? ')' : ']';
        const end = src.indexOf(close, i);
        const inner = end > 0 ? src.slice(i + 1, end) : '';
        const range = c === '(' && RANGE.exec(inner);
        if (range) {
          const min = Number(range[1]);
          const max = Number(range[2]);
          if (min > max) throw new GrammarError(pos, `range ${min}..${max} is empty (the first number must not exceed the second)`);
          items.push({ kind: 'range', min, max });
          i = end + 1;
          continue;
        }
        i++;
        closers.push({ char: close, pos });
        const body = parseAlt();
        if (src[i] !== close) throw new GrammarError(pos, `"${c}" is never closed (add "${close}")`);
        closers.pop();
        i++;
        if (isEmpty(body)) throw new GrammarError(pos, `empty "${c}${close}"`);
        items.push(c === '(' ? body : { kind: 'opt', inner: body });
        continue;
      }
      if (c === '{' || c === '<') {
        mark();
        const close = c === '{' ? '}' : '>';
        const end = src.indexOf(close, i);
        if (end < 0) throw new GrammarError(i, `"${c}" is never closed (add "${close}")`);
        const name = src.slice(i + 1, end).trim();
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new GrammarError(i, `"${c}${name}${close}" is not a valid ${c === '{' ? 'slot' : 'rule'} name`);
        items.push(c === '{' ? { kind: 'slot', name, pos: i } : { kind: 'rule', name, pos: i });
        i = end + 1;
        continue;
      }
      if (c === '}' || c === '>') throw new GrammarError(i, `unexpected "${c}" with nothing open`);
      if (c === '*') {
        mark();
        items.push({ kind: 'wild' });
        i++;
        continue;
      }
      mark();
      let j = i;
      while (j < src.length && !SPECIAL.has(src[j]!) && !/\s/.test(src[j]!)) j++;
      items.push({ kind: 'word', text: src.slice(i, j).toLowerCase() });
      i = j;
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items, glued };
  };

  const root = parseAlt();
  if (i < src.length) throw new GrammarError(i, `unexpected "${src[i]}"`);
  if (isEmpty(root)) throw new GrammarError(0, 'the template is empty');
  return root;
}

function isEmpty(n: Node): boolean {
  return n.kind === 'seq' && n.items.length === 0;
}

/** Visits every node (for checks: undeclared slots, unknown rules). */
export function walk(n: Node, visit: (n: Node) => void): void {
  visit(n);
  if (n.kind === 'seq') n.items.forEach((c) => walk(c, visit));
  else if (n.kind === 'alt') n.options.forEach((c) => walk(c, visit));
  else if (n.kind === 'opt') walk(n.inner, visit);
}

/** Literal words in the template (its specificity: more literal words → a more specific match). */
export function literalCount(n: Node, rules: Map<string, Node>, depth = 0): number {
  if (depth > 16) return 0;
  switch (n.kind) {
    case 'word':
      return 1;
    case 'seq':
      return n.items.reduce((s, c) => s + literalCount(c, rules, depth), 0);
    case 'alt':
      return Math.min(...n.options.map((c) => literalCount(c, rules, depth)));
    case 'rule': {
      const r = rules.get(n.name);
      return r ? literalCount(r, rules, depth + 1) : 0;
    }
    default:
      return 0;
  }
}
