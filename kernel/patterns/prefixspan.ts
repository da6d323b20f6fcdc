/**
 * Frequent sequential patterns by PrefixSpan (Pei et al. 2001) with a gap constraint: a pattern's
 * consecutive items must occur at most `maxGap` positions apart (1 = back to back), which is what
 * "a workflow" means — steps done one after the other, not merely in the same week. With gaps the
 * first occurrence no longer dominates, so each projected sequence keeps every end position.
 */

export interface MineOptions {
  /** Minimum number of sequences containing the pattern (an integer ≥ 1), or a share of them (0 < x < 1). */
  minSupport: number;
  /** Longest pattern. */
  maxLength?: number;
  /** Largest distance between consecutive pattern items (1 = adjacent). */
  maxGap?: number;
  /** Shortest pattern reported (shorter ones are still grown). */
  minLength?: number;
  /** Stop after this many patterns (the most frequent are found first only approximately; a safety cap). */
  maxPatterns?: number;
}

export interface SequentialPattern {
  items: number[];
  /** Sequences containing it (within the gap constraint). */
  support: number;
}

interface Projection {
  seq: number;
  /** End positions of the pattern's occurrences in that sequence, ascending. */
  ends: number[];
}

export function prefixSpan(sequences: readonly (readonly number[])[], options: MineOptions): SequentialPattern[] {
  const minSupport = options.minSupport < 1 ? Math.max(1, Math.ceil(options.minSupport * sequences.length)) : Math.floor(options.minSupport);
  const maxLength = options.maxLength ?? 5;
  const maxGap = Math.max(1, options.maxGap ?? 1);
  const minLength = options.minLength ?? 1;
  const maxPatterns = options.maxPatterns ?? 10_000;
  const out: SequentialPattern[] = [];

  // Length-1 patterns: every position of each frequent item.
  const initial = new Map<number, Projection[]>();
  sequences.forEach((seq, s) => {
    seq.forEach((item, pos) => {
      let list = initial.get(item);
      if (!list) initial.set(item, (list = []));
      const last = list[list.length - 1];
      if (last && last.seq === s) last.ends.push(pos);
      else list.push({ seq: s, ends: [pos] });
    });
  });

  const grow = (items: number[], projected: Projection[]) => {
    if (out.length >= maxPatterns) return;
    if (items.length >= minLength) out.push({ items, support: projected.length });
    if (items.length >= maxLength) return;
    const next = new Map<number, Projection[]>();
    for (const { seq, ends } of projected) {
      const s = sequences[seq]!;
      // Positions reachable from any end within the gap, each once, ascending.
      const reach = new Map<number, number[]>();
      let from = -1;
      for (const e of ends) {
        for (let q = Math.max(e + 1, from + 1); q <= Math.min(s.length - 1, e + maxGap); q++) {
          const item = s[q]!;
          let list = reach.get(item);
          if (!list) reach.set(item, (list = []));
          list.push(q);
          from = q;
        }
      }
      for (const [item, positions] of reach) {
        let list = next.get(item);
        if (!list) next.set(item, (list = []));
        list.push({ seq, ends: positions });
      }
    }
    const frequent = [...next].filter(([, p]) => p.length >= minSupport).sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
    for (const [item, p] of frequent) grow([...items, item], p);
  };

  const roots = [...initial].filter(([, p]) => p.length >= minSupport).sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  for (const [item, p] of roots) grow([item], p);
  return out.sort((a, b) => b.support - a.support || b.items.length - a.items.length);
}
