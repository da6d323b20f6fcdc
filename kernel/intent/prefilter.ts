/**
 * A literal prefilter for compiled templates: the words a request must contain for a template's
 * regular expression to have any chance of matching. V8 compiles a regex on its first run (and
 * again to native code on its second), which for ~170 large template regexes cost a one-shot CLI
 * process ~150 ms; with the prefilter most regexes are never run at all.
 *
 * The need is a conjunction of clauses, each a disjunction of lower-case literals; a request can
 * match only if, for every clause, one of its literals occurs in the normalised text as a
 * substring. Substring containment is weaker than the regex's word boundaries, so the filter
 * never rejects a text the regex would accept.
 */
import type { SlotSpec } from '../contracts/index.js';
import type { Node } from './grammar.js';
import { listForms } from './slot-forms.js';

export type Need = string[][];

/** At most this many clauses are kept (the most selective ones); more would cost more than they save. */
const MAX_CLAUSES = 4;

function selectivity(clause: string[]): number {
  // A clause is as weak as its shortest literal; more alternatives also make it weaker.
  return Math.min(...clause.map((w) => w.length)) - clause.length * 0.05;
}

function needOf(n: Node, rules: Map<string, Node>, slots: Record<string, SlotSpec>, depth: number): Need {
  switch (n.kind) {
    case 'word':
      return n.text ? [[n.text.toLowerCase()]] : [];
    case 'seq':
      return n.items.flatMap((c) => needOf(c, rules, slots, depth));
    case 'alt': {
      const union = new Set<string>();
      for (const option of n.options) {
        const need = needOf(option, rules, slots, depth);
        if (need.length === 0) return [];
        const best = need.reduce((a, b) => (selectivity(b) > selectivity(a) ? b : a));
        for (const w of best) union.add(w);
      }
      return [[...union]];
    }
    case 'rule': {
      const body = rules.get(n.name);
      return body && depth < 8 ? needOf(body, rules, slots, depth + 1) : [];
    }
    case 'slot': {
      const spec = slots[n.name];
      const list = spec ? listForms(spec) : undefined;
      if (!list || list.forms.size === 0) return [];
      const forms = [...list.forms.keys()];
      return forms.some((f) => f.length === 0) ? [] : [forms];
    }
    default:
      return [];
  }
}

/** The literal need of a template (see the module comment). */
export function templateNeed(ast: Node, rules: Map<string, Node>, slots: Record<string, SlotSpec>): Need {
  const clauses = needOf(ast, rules, slots, 0).map((c) => [...new Set(c)]);
  return clauses.sort((a, b) => selectivity(b) - selectivity(a)).slice(0, MAX_CLAUSES);
}

/** True when the (lower-case, normalised) text holds at least one literal of every clause. */
export function satisfies(need: Need, lowerText: string): boolean {
  for (const clause of need) {
    let ok = false;
    for (const w of clause) {
      if (lowerText.includes(w)) {
        ok = true;
        break;
      }
    }
    if (!ok) return false;
  }
  return true;
}
