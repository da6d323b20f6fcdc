/**
 * Text to terms for the recommender: identifier splitting ("WeatherTool" → weather tool), lower
 * case, stop words out, and a light English stemmer so "papers"/"paper" and "summarize"/"summarizing"
 * meet. Kept deliberately language-light: tool names and requests are short, and an aggressive
 * stemmer (full Porter) merges too many unrelated tool words.
 */

const STOP = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto about over under as is are was were be been being ' +
    'am do does did doing have has had having i me my mine myself you your yours we us our they them their it its this that these ' +
    'those there here what which who whom whose when where why how can could would should will shall may might must please ' +
    'any some all each every no not so than too very just also up out off again further once only own same such s t d ll m re ve ' +
    'let lets get give tell show want need like'
  ).split(/\s+/),
);

const VOWEL = /[aeiouy]/;

/** A light suffix-stripping stemmer (plural, -ing, -ed, -ly, -ies, -ization …). */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  for (const [suffix, repl] of [
    ['ization', 'ize'],
    ['isation', 'ize'],
    ['ational', 'ate'],
    ['fulness', 'ful'],
    ['iveness', 'ive'],
    ['ations', 'ate'],
    ['ation', 'ate'],
    ['ising', 'ize'],
    ['izing', 'ize'],
    ['ised', 'ize'],
    ['ized', 'ize'],
    ['ise', 'ize'],
  ] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length) + repl;
      break;
    }
  }
  for (const suffix of ['ing', 'ed']) {
    if (w.endsWith(suffix)) {
      const base = w.slice(0, -suffix.length);
      if (base.length >= 3 && VOWEL.test(base)) {
        w = base;
        // "running" → "runn" → "run"; "stopped" → "stop"
        if (/([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1);
        break;
      }
    }
  }
  if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  // "create"/"creat(ed)", "generate"/"generat(ing)": one form for the silent e.
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Splits identifiers: "ResearchHelper" → "Research Helper", "PDF2Text" → "PDF 2 Text". */
function splitIdentifiers(text: string): string {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-zA-Z])/g, '$1 $2');
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Terms for ranking: identifiers split, lower case, stop words removed, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of splitIdentifiers(text).toLowerCase().matchAll(WORD)) {
    const w = m[0];
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (STOP.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** The plain baseline's tokens: lower-cased words, nothing else (how "plain BM25" is usually run). */
export function plainTerms(text: string): string[] {
  return Array.from(text.toLowerCase().matchAll(WORD), (m) => m[0]);
}
