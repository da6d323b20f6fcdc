/**
 * Bridge handlers for voice: the engines and their readiness, push-to-talk audio (16 kHz PCM from
 * the portal's AudioWorklet) → transcript → request, and spoken replies. A request in doubt that
 * would change something comes back as a `confirm` response ("I heard: … — do it?"), also when
 * only transcribing (`run: false`), and nothing runs until the portal's Yes comes back through
 * `voice.answer`, which runs it as a voice request (recorded with source `voice`). Voice errors
 * reach the portal as BridgeErrors with the fix the user needs.
 */
import { voiceService, VoiceError, speak } from '../../kernel/voice/index.js';
import { BridgeError, type Handlers } from './types.js';

function asBridgeError(error: unknown): never {
  if (error instanceof VoiceError) {
    const code = error.code === 'engine_unavailable' || error.code === 'offline' ? 'unavailable' : error.code === 'engine_failed' || error.code === 'download_failed' ? 'internal' : 'bad_input';
    throw new BridgeError(code, error.message, error.fix);
  }
  throw error;
}

export const handlers: Handlers<'voice.engines' | 'voice.transcribe' | 'voice.speak' | 'voice.answer'> = {
  async 'voice.engines'(_input, { kernel }) {
    return voiceService(kernel).statuses();
  },
  async 'voice.transcribe'({ pcm16, sampleRate, run, sessionId }, { kernel }) {
    try {
      const { transcription, response } = await voiceService(kernel).handle({ pcm16: Buffer.from(pcm16, 'base64'), sampleRate }, { run, sessionId: sessionId ?? 'ui' });
      return { transcript: transcription.transcript, engine: transcription.engine, ...(response ? { response } : {}) };
    } catch (error) {
      return asBridgeError(error);
    }
  },
  /** Unknown, expired or already answered ids get the service's answer: nothing was done, say it again. */
  async 'voice.answer'({ id, answer, edited }, { kernel }) {
    return voiceService(kernel).answer(id, answer, edited === undefined ? {} : { edited });
  },
  async 'voice.speak'({ text }, { kernel }) {
    if (kernel.settings.get('voice.tts') === 'browser') return { ok: false, detail: 'voice.tts is "browser": the portal speaks with the browser\'s speech synthesis.' };
    try {
      const r = await speak(text, { returnWav: true });
      return { ok: r.ok, detail: r.detail, ...(r.wavBase64 ? { wavBase64: r.wavBase64 } : {}) };
    } catch (error) {
      return asBridgeError(error);
    }
  },
};

/** The same map under the name the voice brief uses. */
export const voiceHandlers = handlers;
