/**
 * "I heard: … — do it?": whether a spoken request runs at once or is read back first (issue 24,
 * item 2). A request is read back when it is in doubt AND would change something; a read-only
 * request with a clear intent runs directly, and speech that was not a command never runs.
 *
 * In doubt (any one is enough; the evidence is the command check's, command-check.ts):
 * - the command check's verdict is `doubtful`;
 * - the intent engine's confidence is below its own "confident" bar (0.6, intent/engine.ts);
 * - the general English decoding disagrees with the command transcript on more than a fifth of
 *   its words (`agreement` < 0.8) while the command reading does not fit the sound clearly better
 *   (`acousticGap` > −8) — every wrong action measured on the trust set was a command model
 *   forcing other words into a command ("call the dentist" → a note "for all the dentist on
 *   monday"), which the open-vocabulary decoding does not repeat. The gap condition is there
 *   because the general model misreads clear espeak-ng commands too ("add a note remember the
 *   blue folder": agreement 0.14, gap −10.4); −8 is a first guess, to be fitted on the trust set
 *   (bench/voice/calibrate.ts) like the command check's thresholds;
 * - fewer than half of the command model's n-best readings lead to the chosen intent.
 *
 * Changes something: an intent whose manifest asks for confirmation, or whose id does not end in a
 * known reading verb (list, search, show, …). Unknown intents count as changing: a needless
 * read-back costs one "yes", a wrong action cannot be taken back. Manifests carry no read-only
 * flag; if one is added, it should replace READS.
 */
import { randomUUID } from 'node:crypto';
import type { Recognition, Response, SkillManifest } from '../contracts/index.js';
import type { CommandCheck } from './command-check.js';

/** The doubt thresholds above (exported for calibration). */
export const DOUBT = { confident: 0.6, agreement: 0.8, gapAbove: -8, nbestAgreement: 0.5 };

/** The last part of an intent id that only reads or computes ("notes.list", "system.battery", "calc.percent"). */
const READS =
  /^(?:list|search|find|browse|show|view|get|read|who|what|ask|about|recent|capabilities|howto|help|evaluate|percent|convert|doctor|runs|status|battery|disk|memory|cpu|uptime|network|processes|overview|info|lookup)$/;

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
export function doubts(check: CommandCheck | undefined, intentConfidence: number): string[] {
  const out: string[] = [];
  if (check?.verdict === 'doubtful') out.push('the command check was unsure');
  if (intentConfidence < DOUBT.confident) out.push(`intent confidence ${intentConfidence.toFixed(2)} < ${DOUBT.confident}`);
  if (check && check.evidence.agreement < DOUBT.agreement && check.evidence.acousticGap > DOUBT.gapAbove) out.push('the general English decoding heard other words');
  if (check && check.evidence.nbestAgreement < DOUBT.nbestAgreement) out.push('the alternative readings mean other things');
  return out;
}

/** Whether running `intent` of `skill` may change something (see the module comment). */
export function changesSomething(skill: string, intent: string, manifests: SkillManifest[]): boolean {
  const spec = manifests.find((m) => m.id === skill)?.intents.find((i) => i.id === intent);
  if (spec?.confirm) return true;
  const verb = intent.split(/[._-]/).pop() ?? '';
  return !READS.test(verb);
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
