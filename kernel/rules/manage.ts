/**
 * Talking about rules: "what automations do I have", "stop the stretch rule", "resume rule 3",
 * "delete the pdf automation", "run the start my day command now", "show the rule about buy".
 * A sentence is about rules only when it names them (rule, automation, routine, personal
 * command, shortcut): "stop the timer" stays with the reminders skill. Which rule is meant is
 * found by its number or by the words of its name, trigger and source.
 */
import type { Rule } from '../contracts/index.js';

export type ManageOp = 'list' | 'show' | 'pause' | 'resume' | 'delete' | 'run';
export interface ManageRequest {
  op: ManageOp;
  /** The words naming the rule ("stretch", "3"); empty for a list, or for "all" with `all`. */
  target: string;
  all?: boolean;
}

const NOUN = String.raw`(?:rules?|automations?|routines?|personal\s+commands?|(?:custom\s+)?shortcuts?|automated\s+tasks?)`;
const OWN_NOUN = String.raw`(?:${NOUN}|commands?)`;
const VERBS: [ManageOp, string][] = [
  ['pause', String.raw`pause|stop|disable|turn\s+off|switch\s+off|suspend|halt|deactivate|mute|hold`],
  ['resume', String.raw`resume|restart|enable|turn\s+on|switch\s+on|unpause|un-pause|reactivate|re-enable|continue|approve|activate|start\s+using`],
  ['delete', String.raw`delete|remove|cancel|forget|get\s+rid\s+of|drop|erase|scrap|discard`],
  ['run', String.raw`run|trigger|fire|test|try|execute|do`],
  ['show', String.raw`show(?:\s+me)?|describe|explain|tell\s+me\s+about|what\s+(?:does|is)|details\s+of|open`],
];

const LIST = [
  new RegExp(String.raw`^(?:what|which)\s+(?:are\s+)?(?:my\s+)?${NOUN}\s+(?:do\s+i\s+have|have\s+i\s+(?:got|set\s+up|made|created)|are\s+(?:there|set\s+up|active|running|on|set)|exist|did\s+i\s+(?:set\s+up|make|create))`, 'i'),
  new RegExp(String.raw`^(?:list|show|show\s+me|tell\s+me|give\s+me|read|what\s+are)\s+(?:all\s+)?(?:of\s+)?(?:my|the)\s+(?:active\s+|current\s+)?${OWN_NOUN}$`, 'i'),
  new RegExp(String.raw`^(?:list|show)\s+(?:all\s+)?${NOUN}$`, 'i'),
  new RegExp(String.raw`^(?:my\s+${OWN_NOUN}|(?:do\s+i\s+have|have\s+i\s+got|are\s+there)\s+any\s+${NOUN}(?:\s+set\s+up)?)$`, 'i'),
];

/** Reads a sentence about rules, or undefined when it is about something else. */
export function parseManage(input: string): ManageRequest | undefined {
  const text = input
    .trim()
    .replace(/[?.!]+$/, '')
    .replace(/^(?:please|can\s+you|could\s+you|would\s+you)\s+/i, '')
    .replace(/\s+please$/i, '')
    // "turn the pdf automation back on" / "switch the stretch rule off"
    .replace(/^(?:turn|switch)\s+(.+?)\s+(?:back\s+)?(on|off)$/i, (_m, what: string, to: string) => `${to.toLowerCase() === 'on' ? 'resume' : 'pause'} ${what}`)
    .trim();
  if (LIST.some((re) => re.test(text))) return { op: 'list', target: '' };
  for (const [op, verbs] of VERBS) {
    // "stop the stretch rule", "delete rule 3", "pause the rule about buy", "run my start my day command now"
    const m = new RegExp(String.raw`^(?:${verbs})\s+(?:the\s+|my\s+|that\s+|this\s+)?(?:(.+?)\s+)?(${OWN_NOUN})(?:\s+(?:#?(\d+)|(?:about|for|to|that|which|called|named|with)\s+(.+?)))?(?:\s+(?:now|again|right\s+now))?$`, 'i').exec(text);
    if (!m) continue;
    const before = (m[1] ?? '').trim();
    // "commands" alone is Help's ("what commands are there"); a bare "command" needs a name before it
    if (/^commands?$/i.test(m[2]!) && !before) continue;
    const all = /^(?:all|every|each)(?:\s+(?:of\s+)?(?:my|the))?$/i.test(before);
    const target = (m[3] ?? m[4] ?? before).replace(/^["'“]|["'”]$/g, '').trim();
    if (op === 'show' && !target && !all) return { op: 'list', target: '' };
    return { op, target: all ? '' : target, ...(all ? { all } : {}) };
  }
  return undefined;
}

const STOP = new Set(['the', 'a', 'an', 'my', 'to', 'of', 'me', 'and', 'in', 'on', 'at', 'every', 'each', 'when', 'i', 'it', 'that', 'one', 'this']);
const stem = (w: string) => w.toLowerCase().replace(/(?:ing|ed|es|s)$/, '');
const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w)).map(stem);

/** The rules a target names: by number, else those whose words hold every word of the target. */
export function findRules<R extends Pick<Rule, 'id' | 'name' | 'source' | 'trigger' | 'actions'>>(rules: readonly R[], target: string): R[] {
  const num = /^(?:rule\s+)?#?(\d+)$/i.exec(target.trim());
  if (num) return rules.filter((r) => r.id === Number(num[1]));
  const want = words(target);
  if (want.length === 0) return [...rules];
  return rules.filter((r) => {
    const have = new Set(words(`${r.name} ${r.source} ${r.trigger.description} ${r.actions.map((a) => a.text).join(' ')}`));
    return want.every((w) => have.has(w) || [...have].some((h) => w.length >= 3 && h.startsWith(w)));
  });
}
