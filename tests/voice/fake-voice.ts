/**
 * The voice index with PocketSphinx replaced by a decoder that hears a doubtful change: the command
 * model "add a note for all the dentist on monday", the general model "call the dentist on monday"
 * (the trust set's typical wrong action), with scores that make it a command. For `vi.mock` of
 * kernel/voice/index.js in tests of the read-back path (CLI and bridge).
 */
import type * as VoiceIndex from '../../kernel/voice/index.js';
import type { AsrEngine, Decoding, TranscribeOptions } from '../../kernel/voice/engine.js';

export function withDoubtfulDecoder(real: typeof VoiceIndex): typeof VoiceIndex {
  const command: Decoding = { hypotheses: ['add a note for all the dentist on monday'], score: { acoustic: -500_000, lm: 0, frames: 100 } };
  const general: Decoding = { hypotheses: ['call the dentist on monday'], score: { acoustic: -1_100_000, lm: 0, frames: 100 } };
  const pick = (o?: TranscribeOptions) => (o?.vocabulary === 'general' ? general : command);
  const engine: AsrEngine = {
    name: 'pocketsphinx',
    biased: true,
    readiness: async () => ({ ready: true, detail: 'fake' }),
    transcribe: async (_a, o) => pick(o).hypotheses[0] ?? '',
    decode: async (_a, _n, o) => pick(o),
  };
  // One service per kernel, as the real voiceService keeps (pending read-backs live in it).
  const services = new WeakMap<object, InstanceType<typeof real.VoiceService>>();
  const voiceService = (kernel: ConstructorParameters<typeof real.VoiceService>[0]) => {
    if (!services.has(kernel)) services.set(kernel, new real.VoiceService(kernel, [engine]));
    return services.get(kernel)!;
  };
  return { ...real, voiceService };
}
