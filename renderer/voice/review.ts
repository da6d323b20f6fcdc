/**
 * What push-to-talk does with the kernel's answer to voice.transcribe: a read-back ("I heard: … —
 * do it?") is always shown with the transcript editable and Yes/No, even in auto-run mode, and
 * runs only after Yes, answered through voice.answer with its id (so the kernel records a voice
 * request); speech that was not a command runs nothing; otherwise the transcript is run at once
 * (auto-run) or shown for editing.
 */
export interface TranscribeResult {
  transcript: string;
  response?: { status: string; text: string; clarification?: { id: string } };
}

export type Review =
  | { kind: 'confirm'; id: string; transcript: string; question: string }
  | { kind: 'edit'; transcript: string }
  | { kind: 'run'; transcript: string }
  | { kind: 'rejected'; note: string };

export function reviewFor(result: TranscribeResult, autoRun: boolean): Review {
  const { response } = result;
  if (response?.status === 'confirm' && response.clarification) return { kind: 'confirm', id: response.clarification.id, transcript: result.transcript, question: response.text };
  // A question without an id cannot be answered: nothing runs, and the user is told so.
  if (response?.status === 'confirm') return { kind: 'rejected', note: 'The spoken request needs a yes that cannot be given here. Nothing was done — say it again, or type it.' };
  if (response?.status === 'not_understood') return { kind: 'rejected', note: response.text };
  return autoRun ? { kind: 'run', transcript: result.transcript } : { kind: 'edit', transcript: result.transcript };
}

/** The text to send after Yes (or Run): the edited transcript, or nothing when it was emptied. */
export function textToRun(edited: string): string | undefined {
  const text = edited.trim();
  return text || undefined;
}
