/**
 * Typo correction against the words the installed templates use ("remnid me" → "remind me"),
 * so a template still matches a slightly misspelt request. Only words of four letters or more
 * are corrected, by one edit (two for words of eight or more).
 */

/** Levenshtein distance, giving up early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prev2: number[] = [];
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      // Adjacent transposition ("teh" → "the") counts as one edit.
      cur.push(i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? Math.min(v, prev2[j - 2]! + 1) : v);
      rowMin = Math.min(rowMin, cur[j]!);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The text with each unknown word replaced by its closest template word, when one is close enough. */
export function correctTypos(text: string, vocabulary: ReadonlySet<string>): string {
  if (vocabulary.size === 0) return text;
  return text.replace(/\p{L}{4,}/gu, (word) => {
    if (vocabulary.has(word)) return word;
    const max = word.length >= 8 ? 2 : 1;
    let best = word;
    let bestD = max + 1;
    for (const v of vocabulary) {
      if (Math.abs(v.length - word.length) > max || v[0] !== word[0]) continue;
      const d = editDistance(word, v, max);
      if (d < bestD) {
        bestD = d;
        best = v;
      }
    }
    return best;
  });
}
