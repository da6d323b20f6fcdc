/**
 * Words for matching questions against remembered statements: contractions opened ("who's" →
 * "who is"), possessives dropped, and each word reduced to a stem that its inflections and agent
 * noun share (leads/lead/led/leading/leader → "lead", lives/lived/living → "liv"), so "where does
 * Tom live" meets "Tom lives in Oslo" without a list of relations. Question words, auxiliaries,
 * articles, pronouns and prepositions carry no content and are set apart; "I/me/my" become the
 * user ("me"), which the graph stores as an entity of its own.
 */

/** Irregular forms whose stem the suffix rules cannot find. */
const IRREGULAR: Record<string, string> = {
  am: 'be', is: 'be', are: 'be', was: 'be', were: 'be', been: 'be', being: 'be',
  has: 'have', had: 'have', does: 'do', did: 'do', done: 'do', went: 'go', gone: 'go', goes: 'go',
  led: 'lead', ran: 'run', taught: 'teach', bought: 'buy', thought: 'think', made: 'make', said: 'say',
  wrote: 'write', written: 'write', drove: 'drive', driven: 'drive', met: 'meet', left: 'leave',
  kept: 'keep', built: 'build', sent: 'send', spent: 'spend', held: 'hold', took: 'take', taken: 'take',
  gave: 'give', given: 'give', knew: 'know', known: 'know', grew: 'grow', grown: 'grow', began: 'begin',
  begun: 'begin', found: 'find', told: 'tell', sold: 'sell', won: 'win', paid: 'pay', brought: 'bring',
  caught: 'catch', fought: 'fight', sat: 'sit', stood: 'stand', understood: 'understand', became: 'become',
  came: 'come', ate: 'eat', eaten: 'eat', saw: 'see', seen: 'see', spoke: 'speak', spoken: 'speak',
  chose: 'choose', chosen: 'choose', fell: 'fall', felt: 'feel', heard: 'hear', lost: 'lose', meant: 'mean',
  slept: 'sleep', woke: 'wake', wore: 'wear', worn: 'wear', flew: 'fly', flown: 'fly', drew: 'draw',
  drawn: 'draw', drank: 'drink', drunk: 'drink', sang: 'sing', sung: 'sing', swam: 'swim', threw: 'throw',
  thrown: 'throw', hid: 'hide', hidden: 'hide', rode: 'ride', ridden: 'ride', shot: 'shoot', sought: 'seek',
  fed: 'feed', bred: 'breed', dealt: 'deal', lent: 'lend', lit: 'light', rang: 'ring', rung: 'ring',
  children: 'child', people: 'person', men: 'man', women: 'woman', wives: 'wife', lives: 'live',
  mice: 'mouse', feet: 'foot', teeth: 'tooth', geese: 'goose',
};

/** A past or third-person form the suffix rules cannot see ("went", "led", "taught"), with its base verb. */
export function irregularBase(word: string): string | undefined {
  const base = IRREGULAR[word.toLowerCase()];
  return base && !['be', 'have', 'do', 'child', 'person', 'man', 'woman', 'wife', 'mouse', 'foot', 'tooth', 'goose'].includes(base) ? base : undefined;
}

/** The irregular verb forms irregularBase knows, for a pattern to look for. */
export const irregularVerbForms = (): string[] => Object.keys(IRREGULAR).filter((w) => irregularBase(w) !== undefined);

/** Words that ask, or hold a sentence together, but say nothing about what is asked. */
const FUNCTION_WORDS = new Set(
  (
    'who whom whose what which where when why how ' +
    'be do have will would shall should can could may might must ' +
    'the a an some any this that these those there here it its they them their theirs ' +
    'he him his she her hers we us our ours you your yours one ones ' +
    'of in on at to for with from by about as into onto over under near than then and or but not no ' +
    'so too also just really actually again please currently now still ever ' +
    'know tell remind remember recall say think wonder let'
  ).split(' '),
);

/** A word (or stem) that holds a sentence together but says nothing of its own. */
export const isFunctionWord = (w: string): boolean => FUNCTION_WORDS.has(w);

/** Nouns that frame a question more than they ask it ("the name of", "what time"): they count little. */
export const LIGHT_WORDS = new Set(['name', 'thing', 'kind', 'sort', 'type', 'time', 'day', 'date', 'place', 'exactly', 'again']);

const SELF = new Set(['i', 'me', 'my', 'mine', 'myself']);

/** The user as the graph names them. */
export const ME = 'me';

/** Opens contractions and drops possessive endings: "who's Tom's boss" → "who is Tom boss". */
export function expand(text: string): string {
  return text
    .replace(/[’‘`]/g, "'")
    .replace(/\bwon't\b/gi, 'will not')
    .replace(/\bcan't\b/gi, 'can not')
    .replace(/n't\b/gi, ' not')
    .replace(/\b(who|what|where|when|how|why|which|that|there|here|it|he|she)'s\b/gi, '$1 is')
    .replace(/\b(who|what|where|when|how|why)'d\b/gi, '$1 did')
    .replace(/'re\b/gi, ' are')
    .replace(/'ve\b/gi, ' have')
    .replace(/'ll\b/gi, ' will')
    .replace(/\bi'm\b/gi, 'I am')
    .replace(/'d\b/gi, ' would')
    .replace(/(\p{L})'s\b/gu, '$1')
    .replace(/(\p{L}s)'(?=\s|$)/gu, '$1');
}

/** Undoes a doubled final consonant left by a suffix ("runn" → "run", "plann" → "plan"). */
const undouble = (w: string) => (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz|ff)$/.test(w) ? w.slice(0, -1) : w);
const hasVowel = (w: string) => /[aeiouy]/.test(w);

/** The stem a word shares with its inflections and its "-er" agent noun. Lower case in, lower case out. */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (IRREGULAR[w]) w = IRREGULAR[w]!;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (/ies$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/ied$/.test(w) && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ch|sh|x|z|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (/[^su]s$/.test(w) && !/is$/.test(w)) w = w.slice(0, -1);
  for (const suffix of ['ing', 'ed', 'er']) {
    const rest = w.slice(0, -suffix.length);
    if (w.endsWith(suffix) && rest.length >= (suffix === 'er' ? 4 : 3) && hasVowel(rest)) {
      w = undouble(rest);
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

/** Every word of a text, contractions opened, lower case. */
export function tokens(text: string): string[] {
  return expand(text).toLowerCase().match(/[\p{L}\p{N}]+(?:[.'-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** A word a question is about: its stem, how much it counts, and whether it was written as a name. */
export interface Term {
  stem: string;
  weight: number;
  /** Capitalised inside the sentence: a name, which a fact must contain to be about it. */
  name: boolean;
}

/** The words a text is about: function words left out, the user written as "me". */
export function contentTerms(text: string): Term[] {
  const out = new Map<string, Term>();
  const raw = expand(text).match(/[\p{L}\p{N}]+(?:[.'-][\p{L}\p{N}]+)*/gu) ?? [];
  raw.forEach((word, i) => {
    const t = word.toLowerCase();
    const s = stem(t);
    if (SELF.has(t)) out.set(ME, { stem: ME, weight: 0, name: false });
    else if (!FUNCTION_WORDS.has(t) && !FUNCTION_WORDS.has(s) && !out.has(s)) {
      // "which city", "what language": the kind of answer wanted, which the answer itself rarely says.
      const kind = /^(which|what)$/i.test(raw[i - 1] ?? '');
      out.set(s, { stem: s, weight: kind || LIGHT_WORDS.has(t) || LIGHT_WORDS.has(s) ? 0.3 : 1, name: i > 0 && /^\p{Lu}/u.test(word) });
    }
  });
  return [...out.values()];
}

/** Every stem of a text, function words included (what a stored part can be matched on). */
export function allStems(text: string): Set<string> {
  return new Set(tokens(text).map((t) => (SELF.has(t) ? ME : stem(t))));
}
