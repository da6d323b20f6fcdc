/** A unified line diff (LCS), enough for kernel sources of a few hundred lines. */
export function unifiedDiff(a: string, b: string, names = ['start', 'best'], context = 3): string {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = x.length;
  const m = y.length;
  if (n * m > 4_000_000) return `--- ${names[0]}\n+++ ${names[1]}\n(sources too large to diff)`;
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = x[i] === y[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const ops: { t: ' ' | '-' | '+'; s: string; i: number; j: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) ops.push({ t: ' ', s: x[i]!, i: i++, j: j++ });
    else if (j < m && (i >= n || dp[i]![j + 1]! >= dp[i + 1]![j]!)) ops.push({ t: '+', s: y[j]!, i, j: j++ });
    else ops.push({ t: '-', s: x[i]!, i: i++, j });
  }
  const out = [`--- ${names[0]}`, `+++ ${names[1]}`];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.t === ' ') {
      k++;
      continue;
    }
    const from = Math.max(0, k - context);
    let to = k;
    while (to < ops.length && (ops[to]!.t !== ' ' || ops.slice(to, to + 2 * context + 1).some((o) => o.t !== ' '))) to++;
    to = Math.min(ops.length, to + context);
    const hunk = ops.slice(from, to);
    out.push(`@@ -${hunk[0]!.i + 1} +${hunk[0]!.j + 1} @@`, ...hunk.map((o) => o.t + o.s));
    k = to;
  }
  return out.length === 2 ? `${out.join('\n')}\n(no source change)` : out.join('\n');
}
