/**
 * Natural-language arithmetic to a mathjs expression: "what is 15% of 240" → "(15 / 100) * (240)",
 * "twelve times eleven" → "12 * 11", "square root of 81" → "sqrt(81)". Percent phrasings that
 * mathjs does not know ("X% of Y", "Y plus X%", "X is what percent of Y") are rewritten here.
 */
import { wordsToDigits } from '../../kernel/sdk/index.js';

const NUM = String.raw`-?\d+(?:\.\d+)?(?:e[-+]?\d+)?`;

/** Request phrasing around the expression itself. */
const LEAD = /^(?:(?:hey|ok|please|so)\s+)*(?:what(?:'s|\s+is|\s+are|\s+does)|what(?!\s*(?:%|percent))|whats|calculate|calc|compute|evaluate|work\s+out|solve|how\s+much\s+is|how\s+much\s+are|tell\s+me|can\s+you\s+(?:calculate|compute|work\s+out)|=)\s+/i;
const TRAIL = /\s*(?:\?|=|equals?|is\s+what|make|please|for\s+me|\.)+\s*$/i;

const WORD_OPS: [RegExp, string][] = [
  [/\bmultiplied\s+by\b/g, '*'],
  [/\btimes\b/g, '*'],
  [/\bdivided\s+by\b/g, '/'],
  [/\bover\b/g, '/'],
  [/\bplus\b/g, '+'],
  [/\bminus\b/g, '-'],
  [/\bto\s+the\s+power\s+of\b/g, '^'],
  [/\bto\s+the\s+(\d+)(?:st|nd|rd|th)\s+power\b/g, '^ $1'],
  [/\bsquared\b/g, '^2'],
  [/\bcubed\b/g, '^3'],
  [/\bmod(?:ulo)?\b/g, ' mod '],
  [/\bpercent\b/g, '%'],
  [/\bpi\b/g, 'pi'],
  [/(\d)\s*[x×]\s*(?=[\d(])/g, '$1 * '],
  [/÷/g, '/'],
  [/−/g, '-'],
];

function rewritePercent(e: string): string {
  const n = NUM;
  const pct = String.raw`(${n})\s*%`;
  const rules: [RegExp, (m: string[]) => string][] = [
    // "30 is what % of 120", "what % of 120 is 30"
    [new RegExp(String.raw`^(${n})\s+is\s+what\s*%\s+of\s+(${n})$`), (m) => `(${m[1]} / ${m[2]}) * 100`],
    [new RegExp(String.raw`^what\s*%\s+of\s+(${n})\s+is\s+(${n})$`), (m) => `(${m[2]} / ${m[1]}) * 100`],
    [new RegExp(String.raw`^what\s*%\s+is\s+(${n})\s+of\s+(${n})$`), (m) => `(${m[1]} / ${m[2]}) * 100`],
    // "increase 200 by 15%", "decrease 80 by 25%"
    [new RegExp(String.raw`^(?:increase|raise)\s+(${n})\s+by\s+${pct}$`), (m) => `${m[1]} * (1 + ${m[2]} / 100)`],
    [new RegExp(String.raw`^(?:decrease|reduce|lower)\s+(${n})\s+by\s+${pct}$`), (m) => `${m[1]} * (1 - ${m[2]} / 100)`],
    // "20% off 80", "80 minus 20%", "80 plus 15%"
    [new RegExp(String.raw`^${pct}\s+off\s+(?:of\s+)?(${n})$`), (m) => `${m[2]} * (1 - ${m[1]} / 100)`],
    [new RegExp(String.raw`^(${n})\s*([-+])\s*${pct}$`), (m) => `${m[1]} * (1 ${m[2]} ${m[3]} / 100)`],
    // "15% of 240" anywhere in a larger expression
  ];
  for (const [re, build] of rules) {
    const m = re.exec(e);
    if (m) return build([...m]);
  }
  return e.replace(new RegExp(String.raw`${pct}\s+of\s+(\(?${n}\)?)`, 'g'), (_all, p: string, of: string) => `(${p} / 100) * ${of}`);
}

export interface ParsedExpression {
  /** What mathjs evaluates. */
  expression: string;
  /** The expression as the user wrote it (for the answer). */
  shown: string;
}

/** Extracts and normalises the arithmetic in a request; undefined when there is none. */
export function toExpression(text: string): ParsedExpression | undefined {
  let e = wordsToDigits(text.trim()).replace(LEAD, '').replace(LEAD, '').replace(TRAIL, '').trim();
  e = e.replace(/^(?:the\s+)?(?:result|value|answer)\s+of\s+/i, '');
  const shown = e;
  e = e.toLowerCase();
  e = e.replace(/(\d),(?=\d{3}\b)/g, '$1');
  e = e.replace(/\b(?:the\s+)?square\s+root\s+of\s+(\(?[^\s()]+\)?)/g, 'sqrt($1)');
  e = e.replace(/\b(?:the\s+)?cube\s+root\s+of\s+(\(?[^\s()]+\)?)/g, 'cbrt($1)');
  e = e.replace(/\bfactorial\s+of\s+(\d+)/g, '$1!');
  for (const [re, to] of WORD_OPS) e = e.replace(re, to);
  e = e.replace(/\s+/g, ' ').trim();
  e = rewritePercent(e);
  if (!/\d|\bpi\b|\be\b/.test(e)) return undefined;
  // Only arithmetic reaches mathjs: digits, operators, parentheses and a few known function names.
  const words = e.match(/[a-z_]+/g) ?? [];
  const allowed = new Set(['sqrt', 'cbrt', 'pi', 'e', 'mod', 'sin', 'cos', 'tan', 'log', 'ln', 'exp', 'abs', 'round', 'floor', 'ceil']);
  if (words.some((w) => !allowed.has(w))) return undefined;
  // Calculators mean base 10 by "log" and e by "ln"; mathjs's log is natural.
  e = e.replace(/\blog\s*\(/g, 'log10(').replace(/\bln\s*\(/g, 'log(');
  return { expression: e, shown };
}
