/**
 * What an apps-and-web request asks for, read from its words: the object of a search verb
 * ("search for vegan lasagna recipes" → "vegan lasagna recipes") and the target of an open verb.
 * A request whose main verb is something else ("buy more printer ink online", "post this on
 * twitter") has no object here, so the skill declines it instead of searching for "buy".
 */

// Words that may come before the verb without changing what is asked ("could you please …").
const LEAD = String.raw`(?:(?:please|pls|hey|ok|okay|so|now|just|quickly|quick|can|could|would|will|you|u|i|i'd|id|i'm|im|want|wanna|need|like|to|go|and|let's|lets|let|me|us|do|a|for)\s+)*`;
const SEARCH_VERB = String.raw`(?:(?:do|run)\s+(?:a\s+|an\s+)?(?:quick\s+)?(?:web\s+|google\s+|internet\s+|online\s+)?search(?:\s+(?:for|on|about))?|search(?:\s+up)?|look\s+(?:up|for|into)|google|bing|duckduckgo|web\s*search|find(?:\s+out)?|research|browse\s+for|check)`;
const SEARCH = new RegExp(String.raw`^${LEAD}${SEARCH_VERB}\b\s*(.*)$`, 'i');

/** Where the search runs, said before or after the query: "the web for", "online", "on google". */
const WHERE_BEFORE = /^(?:(?:on|in|at)\s+)?(?:the\s+)?(?:web|internet|net|online|google|duckduckgo|bing)\s+(?:for|about)\s+|^(?:for|about|me|up|online)\s+/i;
const WHERE_AFTER = /\s+(?:(?:on|in|using|with)\s+(?:the\s+)?(?:web|internet|net|google|duckduckgo|bing|(?:my\s+|the\s+)?browser)|online|for me|please|for us|up)$/i;

/** A web cue anywhere: the request names the web. */
export const WEB_CUE = /\b(?:web|internet|online|google|googling|duckduckgo|bing|browser|website|websites|net)\b/i;

/** File cues: a request like this is a search of the user's files, not the web. */
const FILE_CUE =
  /\b(?:files?|folders?|director(?:y|ies)|documents|docs|pdfs?|spreadsheets?|presentations?|screenshots?|downloads|desktop|named|called|titled)\b|(?:^|\s)(?:~|\.{0,2}\/)\S*|\S\.(?:pdf|docx?|xlsx?|csv|txt|md|pptx?|odt|ods|png|jpe?g|zip)\b|\bmy\s+(?:\w+\s+)?(?:photos|pictures|notes?|images|videos|music|songs)\b/i;

/**
 * The search query in a request, or undefined when the request has no search verb leading it.
 * Quotes and where-to-search words are removed: "google 'best hiking boots' please" → "best hiking boots".
 */
export function webQuery(text: string): string | undefined {
  const m = SEARCH.exec(text.trim().replace(/[.!?]+$/, ''));
  if (!m) return undefined;
  let q = m[1]!.trim();
  for (let k = 0; k < 3; k++) q = q.replace(WHERE_BEFORE, '').replace(WHERE_AFTER, '').trim();
  q = q.replace(/^["'“‘]|["'”’]$/g, '').trim();
  return q || undefined;
}

/** True when a search request is about the user's files (and says nothing of the web). */
export function soundsLikeFiles(text: string): boolean {
  return FILE_CUE.test(text) && !WEB_CUE.test(text);
}

const OPEN_VERB = String.raw`(?:open(?:\s+up)?|launch|start(?:\s+up)?|run|fire\s+up|bring\s+up|pull\s+up|load|show|switch\s+to|go\s+to|goto|navigate\s+to|browse\s+to|visit|take\s+me\s+to|head\s+to)`;
const OPEN = new RegExp(String.raw`^${LEAD}${OPEN_VERB}\b\s*(.*)$`, 'i');

/**
 * What to open: the words after an open verb minus "the website", "app" and the like; undefined
 * when the request does not start with an open verb.
 */
export function openTarget(text: string): string | undefined {
  const m = OPEN.exec(text.trim().replace(/[!?]+$/, ''));
  return m ? cleanTarget(m[1]!) : undefined;
}

/** "the website wikipedia.org" → "wikipedia.org", "the terminal app" → "terminal"; undefined when nothing is left. */
export function cleanTarget(words: string): string | undefined {
  const t = words
    .replace(/^(?:up\s+)?(?:the\s+|a\s+|an\s+|my\s+)?(?:(?:web\s*site|site|web\s*page|page|url|link|address|app|application|program)\s+)?/i, '')
    .replace(/\s+(?:in\s+(?:the\s+|my\s+)?(?:web\s+)?browser|for\s+me|please|app|application|program)$/i, '')
    .replace(/[.]+$/, '')
    .trim();
  return t || undefined;
}
