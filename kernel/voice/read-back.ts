/**
 * "I heard: … — do it?": whether a spoken request runs at once, is read back first, or is refused
 * (issue 24, item 2). Speech the command check finds was not a command never runs; a request in
 * doubt is read back; a clear one runs directly.
 *
 * In doubt (any one is enough; the evidence is the command check's, command-check.ts):
 * - the command check's verdict is `doubtful`;
 * - the intent engine's confidence is below `confident`;
 * - the general English decoding agrees with the command transcript on fewer than `agreement` of
 *   its words while the command reading does not fit the sound clearly better (`acousticGap` above
 *   `gapAbove`) — the typical wrong action is a command model forcing other words into a command
 *   ("call the dentist" → a note "for all the dentist on monday"), which the open-vocabulary
 *   decoding does not repeat;
 * - fewer than `nbestAgreement` of the command model's n-best readings lead to the chosen intent.
 *
 * The thresholds are fitted (bench/voice/calibrate.ts) separately for requests that change
 * something and for requests that only read, under the rule that no command may run as another
 * request without a read-back. With espeak-ng voices the general model's reading seldom matches
 * word for word, so a read-only request runs directly only when it does, and most changing
 * requests are read back: a read-back costs one "yes", a wrong action may not be undoable.
 *
 * Changes something: every intent except those whose manifest marks them `readOnly` (lists,
 * searches, answers, reports); one that asks for confirmation always does. Unmarked and unknown
 * intents count as changing: a needless read-back costs one "yes", a wrong action cannot be taken back.
 */
import { randomUUID } from 'node:crypto';
import type { Recognition, Response, SkillManifest } from '../contracts/index.js';
import type { CommandCheck } from './command-check.js';

/** The doubt thresholds above (bench/voice/calibrate.ts fits them). */
export interface DoubtThresholds {
  confident: number;
  agreement: number;
  gapAbove: number;
  nbestAgreement: number;
}

/** For requests that change something (fitted with the command check, bench/voice/calibrate.ts). */
export const DOUBT: DoubtThresholds = { confident: 0.1, agreement: 0.5, gapAbove: -24, nbestAgreement: 0.1 };

/** Thresholds for requests that only read (see `decide`). */
export const DOUBT_READ_ONLY: DoubtThresholds = { confident: 0.1, agreement: 1, gapAbove: -24, nbestAgreement: 0.1 };

/** What happens to a spoken request. */
export type VoiceDecision = 'run' | 'read_back' | 'refuse';

export interface ReadBack {
  /** Answer with this id (VoiceService.answer, or the portal's Yes/No). */
  id: string;
  /** Exactly what runs on "yes". */
  transcript: string;
  question: string;
  /** Why it was read back, for logs and tests. */
  reasons: string[];
}

/** Why the request is in doubt (empty: it is not). */
export function doubts(check: CommandCheck | undefined, intentConfidence: number, t: DoubtThresholds = DOUBT): string[] {
  const out: string[] = [];
  if (check?.verdict === 'doubtful') out.push('the command check was unsure');
  if (intentConfidence < t.confident) out.push(`intent confidence ${intentConfidence.toFixed(2)} < ${t.confident}`);
  if (check && check.evidence.agreement < t.agreement && check.evidence.acousticGap > t.gapAbove) out.push('the general English decoding heard other words');
  if (check && check.evidence.nbestAgreement < t.nbestAgreement) out.push('the alternative readings mean other things');
  return out;
}

/**
 * The decision for one spoken request the intent engine placed: speech the command check found
 * was not a command is refused; a request in doubt is read back when it would change something,
 * and also when it only reads but the check was unsure it was a command at all (acting on speech
 * that was not meant for the computer is what the user must never see); otherwise it runs.
 * `readOnly`: thresholds for requests that only read (a wrong answer costs less than a wrong
 * change, so they may be laxer; calibrate.ts fits both).
 */
export function decide(
  check: CommandCheck | undefined,
  intentConfidence: number,
  changing: boolean,
  thresholds: { changing: DoubtThresholds; readOnly: DoubtThresholds } = { changing: DOUBT, readOnly: DOUBT_READ_ONLY },
): { decision: VoiceDecision; reasons: string[] } {
  if (check?.verdict === 'not_command') return { decision: 'refuse', reasons: ['the command check found it was not a command'] };
  const reasons = doubts(check, intentConfidence, changing ? thresholds.changing : thresholds.readOnly);
  return { decision: reasons.length ? 'read_back' : 'run', reasons };
}

/**
 * Whether running `intent` of `skill` may change something: an intent that asks for confirmation
 * does; one its manifest marks `readOnly` does not; any other, or one no enabled manifest declares,
 * counts as changing (see the module comment).
 */
export function changesSomething(skill: string, intent: string, manifests: SkillManifest[]): boolean {
  const spec = manifests.find((m) => m.id === skill)?.intents.find((i) => i.id === intent);
  if (!spec || spec.confirm) return true;
  return spec.readOnly !== true;
}

/**
 * The intents a transcript would run: the whole request's, and each part's when it joins several
 * ("list my notes and delete the first"), so a changing second step is not hidden by a reading first.
 */
export function plannedIntents(transcript: string, recognize: (text: string) => Recognition): { skill: string; intent: string }[] {
  const parts = [transcript, ...transcript.split(/\b(?:and then|and|then)\b/).map((p) => p.trim()).filter((p) => p && p !== transcript)];
  const out: { skill: string; intent: string }[] = [];
  for (const part of parts) {
    const r = recognize(part);
    const top = r.outOfScope ? undefined : r.candidates[0];
    if (top) out.push({ skill: top.skill, intent: top.intent });
  }
  return out;
}

export function readBackFor(transcript: string, reasons: string[]): ReadBack {
  return { id: `heard-${randomUUID()}`, transcript, question: `I heard: "${transcript}" — do it?`, reasons };
}

/** The response to a read-back: nothing ran; the status and choices of the kernel's own confirmations. */
export function readBackResponse(readBack: ReadBack, sessionId: string): Response {
  return {
    requestId: `voice-${randomUUID()}`,
    sessionId,
    status: 'confirm',
    text: readBack.question,
    steps: [],
    suggestions: [],
    clarification: { id: readBack.id, question: readBack.question, choices: [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }] },
    durationMs: 0,
    kernelMs: 0,
  };
}

/** A yes to a read-back (the dispatcher's own reading of yes, which this layer cannot import). */
export function isYes(answer: string): boolean {
  return /^(y|yes|ok|okay|sure|do it|go ahead|confirm)\b/i.test(answer.trim());
}

/** The answer to a "no": nothing ran. */
export function declined(sessionId: string): Response {
  return { requestId: `voice-${randomUUID()}`, sessionId, status: 'served', text: 'Nothing was done.', steps: [], suggestions: [], durationMs: 0, kernelMs: 0 };
}
