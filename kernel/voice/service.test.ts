import { describe, expect, it } from 'vitest';
import type { RequestInput, Recognition } from '../contracts/index.js';
import type { AsrEngine, Decoding, TranscribeOptions } from './engine.js';
import { VoiceService, type VoiceHost } from './service.js';
import { encodeWav16 } from './wav.js';

/** A decoder that hears `command` with the command model and `general` with the general one. */
function fakeEngine(command: Decoding, general: Decoding): AsrEngine {
  const pick = (o?: TranscribeOptions) => (o?.vocabulary === 'general' ? general : command);
  return {
    name: 'pocketsphinx',
    biased: true,
    readiness: async () => ({ ready: true, detail: 'fake' }),
    transcribe: async (_a, o) => pick(o).hypotheses[0] ?? '',
    decode: async (_a, _n, o) => pick(o),
  };
}

function host(handled: RequestInput[]): VoiceHost {
  const recognize = (text: string): Recognition =>
    /notes/.test(text)
      ? { text, outOfScope: false, ambiguous: false, candidates: [{ skill: 'notes', intent: 'notes.list', confidence: 0.95, slots: [], source: 'template' }] }
      : { text, outOfScope: true, ambiguous: false, candidates: [] };
  return {
    profileDir: '/nonexistent',
    engine: { recognize },
    registry: { enabled: () => [] },
    settings: { get: (() => 'auto') as never },
    handle: async (input) => {
      handled.push(input);
      return { requestId: 'r', sessionId: 's', status: 'served', text: 'Your notes: none', steps: [], suggestions: [], durationMs: 1, kernelMs: 1 };
    },
  };
}

// Half a second of a tone between silences: enough for the audio preparation to find "speech".
const samples = new Float32Array(16_000);
for (let i = 4000; i < 12_000; i++) samples[i] = 0.3 * Math.sin(i / 5);
const wav = encodeWav16(samples, 16_000);

describe('voice service command check', () => {
  it('answers speech forced into command words with "I didn\'t catch a command" and runs nothing', async () => {
    const handled: RequestInput[] = [];
    const engine = fakeEngine(
      { hypotheses: ['list my notes', 'list notes', 'the list'], score: { acoustic: -1_100_000, lm: 0, frames: 100 } },
      { hypotheses: ['the old man walked slowly down to the harbour'], score: { acoustic: -500_000, lm: 0, frames: 100 } },
    );
    const { transcription, response } = await new VoiceService(host(handled), [engine]).handle({ wav });
    expect(transcription.transcript).toBe('list my notes');
    expect(transcription.check?.verdict).toBe('not_command');
    expect(response?.status).toBe('not_understood');
    expect(response?.text).toMatch(/didn't catch a command/);
    expect(handled).toEqual([]);
  });

  it('runs a command that both models hear the same way', async () => {
    const handled: RequestInput[] = [];
    const engine = fakeEngine(
      { hypotheses: ['list my notes', 'list my note'], score: { acoustic: -500_000, lm: 0, frames: 100 } },
      { hypotheses: ['list my notes'], score: { acoustic: -1_100_000, lm: 0, frames: 100 } },
    );
    const { transcription, response } = await new VoiceService(host(handled), [engine]).handle({ wav });
    expect(transcription.check?.verdict).toBe('command');
    expect(response?.status).toBe('served');
    expect(handled.map((h) => h.text)).toEqual(['list my notes']);
  });
});
