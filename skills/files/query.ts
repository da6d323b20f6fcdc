/**
 * A file search request in words → criteria: a name ("named report"), content ("containing
 * invoice"), kinds ("pdfs", "photos", "*.csv"), a modification window ("this week", "yesterday",
 * "in the last 3 days", "since monday"), a folder ("in ~/Documents", "in my downloads") and order
 * ("latest", "biggest").
 */
// English only: the package's main entry loads every locale (about 4× the start-up cost).
import * as chrono from 'chrono-node/en';

export interface FileQuery {
  name?: string;
  contains?: string;
  /** "documents about taxes": in the name, else in the text. */
  about?: string;
  extensions?: string[];
  kindLabel?: string;
  modifiedAfter?: Date;
  modifiedBefore?: Date;
  dateLabel?: string;
  folder?: string;
  order: 'relevance' | 'newest' | 'largest';
}

const KINDS: [RegExp, string, string[]][] = [
  [/\bpdfs?\b/, 'PDFs', ['pdf']],
  [/\b(?:spreadsheets?|excel files?|sheets?)\b/, 'spreadsheets', ['xls', 'xlsx', 'ods', 'csv', 'tsv']],
  [/\b(?:presentations?|slides?|slide decks?|powerpoints?)\b/, 'presentations', ['ppt', 'pptx', 'odp', 'key']],
  [/\b(?:images?|photos?|pictures?|pics|screenshots?)\b/, 'images', ['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'bmp', 'tif', 'tiff', 'svg']],
  [/\b(?:videos?|movies?|clips?)\b/, 'videos', ['mp4', 'mkv', 'mov', 'webm', 'avi', 'm4v']],
  [/\b(?:music|songs?|audio|mp3s?|recordings?)\b/, 'audio files', ['mp3', 'flac', 'wav', 'ogg', 'm4a', 'opus', 'aac']],
  [/\b(?:archives?|zips?|zip files?|tarballs?)\b/, 'archives', ['zip', 'tar', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar']],
  [/\b(?:word (?:files?|documents?)|documents?|docs)\b/, 'documents', ['pdf', 'doc', 'docx', 'odt', 'rtf', 'txt', 'md', 'pages']],
  [/\b(?:text files?|notes files?|markdown(?: files?)?)\b/, 'text files', ['txt', 'md', 'markdown', 'rst', 'org']],
  [/\b(?:code|source files?|scripts?)\b/, 'code', ['ts', 'tsx', 'js', 'mjs', 'py', 'c', 'h', 'cpp', 'hpp', 'rs', 'go', 'java', 'rb', 'sh', 'cu']],
];

/** Extensions people say as words ("csv files", "md files"). */
const KNOWN_EXT = new Set(['csv', 'tsv', 'md', 'txt', 'json', 'yaml', 'yml', 'xml', 'html', 'log', 'doc', 'docx', 'odt', 'xls', 'xlsx', 'ods', 'ppt', 'pptx', 'jpg', 'jpeg', 'png', 'gif', 'svg', 'mp3', 'mp4', 'wav', 'zip', 'py', 'js', 'ts', 'c', 'cpp', 'rs', 'go', 'java', 'sh', 'ini', 'toml', 'epub', 'iso']);

/** A folder named in words or as a path: "in my downloads", "on the desktop", "in ~/work". */
const FOLDER_SRC = String.raw`\b(?:in|inside|under|within|on|from)\s+(?:my\s+|the\s+)?((?:~|\/)[^\s]*|desktop|documents|docs|downloads?|pictures|photos|music|videos|projects?|home)(?:\s+(?:folder|directory|dir))?\b`;
const FOLDER = new RegExp(FOLDER_SRC, 'i');
const FOLDER_G = new RegExp(FOLDER_SRC, 'gi');
const FOLDER_NAMES: Record<string, string> = { docs: 'Documents', download: 'Downloads', photos: 'Pictures', project: 'Projects' };

/** "downloads" → "~/Downloads", "home" → "~", a path as it is. */
function folderPath(word: string): string {
  if (/^[~/]/.test(word)) return word;
  const w = word.toLowerCase();
  if (w === 'home') return '~';
  return `~/${FOLDER_NAMES[w] ?? `${w[0]!.toUpperCase()}${w.slice(1)}`}`;
}

const LOOK_THROUGH = /\b(?:search|look through|look in|go through|check|scan|grep)\s+(?:(?:in|through)\s+)?(?:my\s+|the\s+)?(?:(desktop|documents|docs|downloads|pictures|music|videos|projects?|home)(?:\s+(?:folder|directory))?|files|file)\s+for\s+(.+)$/i;

/** Words of a file request that never name the file ("where did I save the tax return" → "tax return"). */
const NAME_STOP = new Set(
  (
    "find search for look locate show list get give bring pull up me my mine our the a an all any some every each of " +
    "where where's wheres what what's whats which who is are was were be been did do does have has had i i've ive we you can could would " +
    "please that this those these there it its to in on at with from by named called titled save saved put store stored " +
    "keep kept leave left download downloaded file files filed folder folders directory latest newest most recent " +
    "made make created wrote write written sent received got did earlier yesterday's " +
    "biggest largest big last copy version one ones thing stuff"
  ).split(' '),
);

const STOP_AFTER = String.raw`(?=\s+(?:that|which|modified|changed|edited|created|saved|from|in|inside|under|containing|contains|mentioning|with|since|before|after|last|this|today|yesterday|named|called)\b|\s*$)`;

const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());

/** The window of a date phrase relative to now, or undefined. */
export function dateWindow(text: string, now: Date): { after?: Date; before?: Date; label: string } | undefined {
  const t = text.toLowerCase();
  const day = 86_400_000;
  const today = startOfDay(now);
  if (/\btoday\b/.test(t)) return { after: today, label: 'today' };
  if (/\byesterday\b/.test(t)) return { after: new Date(today.getTime() - day), before: today, label: 'yesterday' };
  const monday = new Date(today.getTime() - ((today.getDay() + 6) % 7) * day);
  if (/\bthis week\b/.test(t)) return { after: monday, label: 'this week' };
  if (/\blast week\b/.test(t)) return { after: new Date(monday.getTime() - 7 * day), before: monday, label: 'last week' };
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1);
  if (/\bthis month\b/.test(t)) return { after: monthStart, label: 'this month' };
  if (/\blast month\b/.test(t)) return { after: new Date(now.getFullYear(), now.getMonth() - 1, 1), before: monthStart, label: 'last month' };
  if (/\bthis year\b/.test(t)) return { after: new Date(now.getFullYear(), 0, 1), label: 'this year' };
  const lastN = /\b(?:in the )?(?:last|past)\s+(\d+|a|an|one|two|three|four|five|six|seven|ten|few)\s+(hour|day|week|month)s?\b/.exec(t);
  if (lastN) {
    const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, few: 3 };
    const n = /^\d+$/.test(lastN[1]!) ? Number(lastN[1]) : words[lastN[1]!]!;
    const unit = { hour: 3_600_000, day, week: 7 * day, month: 30 * day }[lastN[2] as 'hour' | 'day' | 'week' | 'month'];
    return { after: new Date(now.getTime() - n * unit), label: `in the last ${n} ${lastN[2]}${n === 1 ? '' : 's'}` };
  }
  if (/\b(?:recent(?:ly)?|lately|latest|newest)\b/.test(t) && /\b(?:recent(?:ly)?|lately)\b/.test(t)) return { after: new Date(now.getTime() - 7 * day), label: 'in the last 7 days' };
  const since = /\b(since|after|before|on)\s+(.+)$/.exec(t);
  if (since) {
    const parsed = chrono.parse(since[2]!, now, { forwardDate: false })[0];
    if (parsed) {
      const d = startOfDay(parsed.start.date());
      if (since[1] === 'before') return { before: d, label: `before ${parsed.text}` };
      if (since[1] === 'on') return { after: d, before: new Date(d.getTime() + day), label: `on ${parsed.text}` };
      return { after: d, label: `since ${parsed.text}` };
    }
  }
  return undefined;
}

const unquote = (s: string) => s.trim().replace(/^["'“‘]|["'”’]$/g, '').trim();

export function parseFileQuery(text: string, now: Date): FileQuery {
  const t = text.trim().replace(/[’‘]/g, "'").replace(/[?!.]+$/, '');
  const lower = t.toLowerCase();
  const q: FileQuery = { order: /\b(?:latest|newest|most recent|last modified|recent)\b/.test(lower) ? 'newest' : /\b(?:biggest|largest|huge|big)\b/.test(lower) ? 'largest' : 'relevance' };
  const name = new RegExp(String.raw`\b(?:named|called|titled|with (?:the )?name|whose name (?:contains|is)|name contains)\s+(.+?)${STOP_AFTER}`, 'i').exec(t);
  if (name) q.name = unquote(name[1]!);
  const contains = new RegExp(String.raw`\b(?:containing|that (?:contain|mention|say)s?|which (?:contain|mention)s?|contains|mentioning|with the (?:text|words?|phrase))\s+(.+?)${STOP_AFTER.replace('containing|contains|mentioning|with|', '')}`, 'i').exec(t);
  if (contains) q.contains = unquote(contains[1]!);
  const about = new RegExp(String.raw`\b(?:about|regarding|concerning|related to|to do with)\s+(.+?)${STOP_AFTER}`, 'i').exec(t);
  if (about && !q.name && !q.contains) q.about = unquote(about[1]!).replace(/^(?:the|my|our|a|an)\s+/i, '');
  // "search my documents for the word invoice": a place to look through and the text to look for.
  const through = LOOK_THROUGH.exec(t);
  if (through && !q.contains) q.contains = unquote(through[2]!.replace(/^(?:the\s+)?(?:words?|text|phrase|term|mentions? of)\s+/i, ''));
  const folder = FOLDER.exec(t) ?? (through?.[1] ? { 1: through[1] } : null);
  if (folder) q.folder = folderPath(folder[1]!);
  // Kinds are read without the folder words: "files in documents" are all files, in ~/Documents.
  const plain = (through ? lower.slice(0, through.index) : lower).replace(FOLDER_G, ' ');
  const bare = /\b([a-z0-9]{1,5})\s+files?\b/i.exec(plain);
  const ext = /(?:\*\.|\B\.)([a-z0-9]{1,8})\b/i.exec(plain) ?? (bare && KNOWN_EXT.has(bare[1]!.toLowerCase()) ? bare : null);
  const kind = KINDS.find(([re]) => re.test(plain));
  if (kind) {
    q.extensions = kind[2];
    q.kindLabel = kind[1];
  } else if (ext) {
    q.extensions = [ext[1]!.toLowerCase()];
    q.kindLabel = `.${ext[1]!.toLowerCase()} files`;
  }
  const when = /\b(?:modified|changed|edited|created|saved|updated|touched|from)\b/i.test(t) || /\b(?:today|yesterday|this week|last week|this month|last month|this year|recently|lately|last \d+|past \d+)\b/i.test(t) ? dateWindow(t, now) : undefined;
  if (when) {
    if (when.after) q.modifiedAfter = when.after;
    if (when.before) q.modifiedBefore = when.before;
    q.dateLabel = when.label;
  }
  if (!q.name && !q.contains && !q.about) {
    // "find the budget spreadsheet", "where did I save the tax return": the words left over name the file.
    let rest = ` ${lower.replace(FOLDER_G, ' ')} `;
    if (when) rest = rest.replace(/\b(?:modified|changed|edited|created|updated|touched)\b.*$/, ' ').replace(/\b(?:(?:from|since|after|before|on|in the)\s+)?(?:today|yesterday|(?:this|last|past) (?:week|month|year)|recently|lately|(?:last|past) \S+ (?:hours?|days?|weeks?|months?))\b/g, ' ');
    for (const [re] of KINDS) rest = rest.replace(new RegExp(re.source, 'g'), ' ');
    const left = rest
      .replace(/(?:\*\.|\B\.)[a-z0-9]{1,8}\b/g, ' ')
      .split(/[^\p{L}\p{N}'-]+/u)
      .filter((w) => w && !NAME_STOP.has(w) && !(KNOWN_EXT.has(w) && /\bfiles?\b/.test(rest)));
    if (left.length > 0 && left.length <= 5) q.name = left.join(' ');
  }
  return q;
}

/** "PDFs named report modified this week in ~/Documents": the query read back to the user. */
export function describeQuery(q: FileQuery): string {
  return [
    q.kindLabel ?? 'files',
    q.name ? `named "${q.name}"` : '',
    q.contains ? `containing "${q.contains}"` : '',
    q.about ? `about "${q.about}"` : '',
    q.dateLabel ? `modified ${q.dateLabel}` : '',
    q.folder ? `in ${q.folder}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
