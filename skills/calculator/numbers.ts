/**
 * Spoken numbers to digits ("twelve times eleven" → "12 times 11", "two hundred and five" → "205"),
 * so typed and transcribed requests reach the same arithmetic.
 */

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

const isNumberWord = (w: string) => w in UNITS || w in TENS || w in SCALES || w === 'hundred';

/** Value of a run of number words, or undefined when the run is not a number ("and" alone). */
function valueOf(words: string[]): number | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w === 'and') continue;
    if (w in UNITS) current += UNITS[w]!;
    else if (w in TENS) current += TENS[w]!;
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w in SCALES) {
      total += (current || 1) * SCALES[w]!;
      current = 0;
    } else return undefined;
    seen = true;
  }
  return seen ? total + current : undefined;
}

/** Replaces every run of English number words in `text` by its digits; other words are kept as they are. */
export function wordsToDigits(text: string): string {
  const tokens = text.split(/(\s+|-)/);
  const out: string[] = [];
  let run: string[] = [];
  let pending = '';
  const flush = () => {
    // A trailing "and" belongs to the sentence ("five and six"), not to the number.
    let tail = '';
    while (run.length && run[run.length - 1] === 'and') {
      run.pop();
      tail = ' and';
    }
    const v = valueOf(run);
    if (v !== undefined) out.push(String(v) + tail);
    else if (run.length || tail) out.push(run.join(' ') + tail);
    run = [];
  };
  for (const tok of tokens) {
    const lower = tok.toLowerCase();
    if (/^\s+$|^-$/.test(tok)) {
      if (run.length) pending = ' ';
      else out.push(tok);
      continue;
    }
    const prev = run[run.length - 1];
    const joinsAnd = lower === 'and' && prev !== undefined && (prev === 'hundred' || prev in SCALES);
    // "five six" are two numbers; "twenty one" and "two hundred" are one.
    const startsNew = prev !== undefined && (lower in UNITS || lower in TENS) && (prev in UNITS || (prev in TENS && lower in TENS));
    if (startsNew) {
      flush();
      out.push(' ');
    }
    if (isNumberWord(lower) || joinsAnd) {
      run.push(lower);
      pending = '';
      continue;
    }
    if (run.length) {
      flush();
      out.push(pending || ' ');
      pending = '';
    }
    out.push(tok);
  }
  if (run.length) flush();
  return out.join('');
}
