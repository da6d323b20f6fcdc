/**
 * What push-to-talk does with the kernel's answer to voice.transcribe: a read-back ("I heard: … —
 * do it?") is always shown with the transcript editable and Yes/No, even in auto-run mode, and
 * runs only after Yes; speech that was not a command runs nothing; otherwise the transcript is
 * run at once (auto-run) or shown for editing.
 */
export interface TranscribeResult {
  transcript: string;
  response?: { status: string; text: string };
}

export type Review =
  | { kind: 'confirm'; transcript: string; question: string }
  | { kind: 'edit'; transcript: string }
  | { kind: 'run'; transcript: string }
  | { kind: 'rejected'; note: string };

export function reviewFor(result: TranscribeResult, autoRun: boolean): Review {
  if (result.response?.status === 'confirm') return { kind: 'confirm', transcript: result.transcript, question: result.response.text };
  if (result.response?.status === 'not_understood') return { kind: 'rejected', note: result.response.text };
  return autoRun ? { kind: 'run', transcript: result.transcript } : { kind: 'edit', transcript: result.transcript };
}

/** The text to send after Yes (or Run): the edited transcript, or nothing when it was emptied. */
export function textToRun(edited: string): string | undefined {
  const text = edited.trim();
  return text || undefined;
}
