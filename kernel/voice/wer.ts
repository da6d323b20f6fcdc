/** Word error rate: word-level edit distance (substitutions + deletions + insertions) / reference words. */
function normaliseForWer(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9%' ]+/g, ' ').split(/\s+/).filter(Boolean);
}

export function editDistance(ref: string[], hyp: string[]): number {
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hyp.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[hyp.length]!;
}

/** Errors and reference length, so a corpus WER is Σ errors / Σ words. */
export function wordErrorRate(reference: string, hypothesis: string): { errors: number; words: number; wer: number } {
  const ref = normaliseForWer(reference);
  const errors = editDistance(ref, normaliseForWer(hypothesis));
  return { errors, words: ref.length, wer: ref.length ? errors / ref.length : errors > 0 ? 1 : 0 };
}
