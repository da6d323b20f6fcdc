/**
 * The one error type of the voice subsystem: what went wrong with the audio or the engine, and
 * what the user can do about it. CLI, bridge and tests show `message` and `fix` as they are.
 */
export type VoiceErrorCode =
  | 'empty_audio'
  | 'silent_audio'
  | 'truncated_audio'
  | 'corrupt_audio'
  | 'unsupported_audio'
  | 'too_long'
  | 'engine_unavailable'
  | 'engine_failed'
  | 'offline'
  | 'download_failed';

export class VoiceError extends Error {
  readonly code: VoiceErrorCode;
  readonly fix: string | undefined;
  constructor(code: VoiceErrorCode, message: string, fix?: string) {
    super(message);
    this.name = 'VoiceError';
    this.code = code;
    this.fix = fix;
  }

  /** Message plus fix, for a terminal. */
  describe(): string {
    return this.fix ? `${this.message}\n${this.fix}` : this.message;
  }
}
