import { describe, expect, it } from 'vitest';
import type { RequestInput, Recognition } from '../contracts/index.js';
import type { AsrEngine, Decoding, TranscribeOptions } from './engine.js';
import fs from 'node:fs';
import { SkillManifestSchema } from '../contracts/index.js';
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
    /^add a note/.test(text)
      ? { text, outOfScope: false, ambiguous: false, candidates: [{ skill: 'notes', intent: 'notes.add', confidence: 0.95, slots: [], source: 'template' }] }
      : /notes/.test(text)
        ? { text, outOfScope: false, ambiguous: false, candidates: [{ skill: 'notes', intent: 'notes.list', confidence: /maybe/.test(text) ? 0.4 : 0.95, slots: [], source: 'template' }] }
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

/** The real notes manifest: its `notes.list` is marked readOnly. */
const notesManifest = SkillManifestSchema.parse(JSON.parse(fs.readFileSync(new URL('../../skills/notes/skill.json', import.meta.url), 'utf8')));

// Half a second of a tone between silences: enough for the audio preparation to find "speech".
const samples = new Float32Array(16_000);
for (let i = 4000; i < 12_000; i++) samples[i] = 0.3 * Math.sin(i / 5);
const wav = encodeWav16(samples, 16_000);

describe('voice service command check', () => {
  it('answers speech forced into command words with "I didn\'t catch a command" and runs nothing', async () => {
    const handled: RequestInput[] = [];
    const engine = fakeEngine(
      // The general model fits the sound far better, and the other readings mean nothing to the intent engine.
      { hypotheses: ['list my notes', 'the list', 'the lost'], score: { acoustic: -3_000_000, lm: 0, frames: 100 } },
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

/** The command model hears `command`; the general model `general`; scores that make it a clear command. */
function heard(command: string[], general: string): AsrEngine {
  return fakeEngine({ hypotheses: command, score: { acoustic: -500_000, lm: 0, frames: 100 } }, { hypotheses: [general], score: { acoustic: -1_100_000, lm: 0, frames: 100 } });
}

describe('voice service read-back', () => {
  it('reads back a change the general decoding heard differently, and runs it only on yes', async () => {
    const handled: RequestInput[] = [];
    const service = new VoiceService(host(handled), [heard(['add a note for all the dentist on monday'], 'call the dentist on monday')]);
    const { response, readBack } = await service.handle({ wav }, { sessionId: 's1' });
    expect(response?.status).toBe('confirm');
    expect(response?.text).toBe('I heard: "add a note for all the dentist on monday" — do it?');
    expect(response?.clarification?.choices.map((c) => c.value)).toEqual(['yes', 'no']);
    expect(readBack?.reasons).toContain('the general English decoding heard other words');
    expect(handled).toEqual([]);
    const done = await service.answer(readBack!.id, 'yes');
    expect(done.status).toBe('served');
    expect(handled).toEqual([{ text: 'add a note for all the dentist on monday', source: 'voice', sessionId: 's1' }]);
    // One yes runs one request: the same id again changes nothing.
    expect((await service.answer(readBack!.id, 'yes')).status).toBe('not_understood');
    expect(handled).toHaveLength(1);
  });

  it('changes nothing on no, and runs the corrected words when the user edited them', async () => {
    const handled: RequestInput[] = [];
    const service = new VoiceService(host(handled), [heard(['add a note for all the dentist'], 'call the dentist')]);
    const first = await service.handle({ wav });
    expect((await service.answer(first.readBack!.id, 'no')).text).toBe('Nothing was done.');
    expect(handled).toEqual([]);
    const second = await service.handle({ wav });
    await service.answer(second.readBack!.id, 'yes', { edited: 'add a note call the dentist' });
    expect(handled.map((h) => h.text)).toEqual(['add a note call the dentist']);
  });

  it('runs a change at once when both models heard the same clear command', async () => {
    const handled: RequestInput[] = [];
    const service = new VoiceService(host(handled), [heard(['add a note call the dentist'], 'add a note call the dentist')]);
    const { response, readBack } = await service.handle({ wav });
    expect(readBack).toBeUndefined();
    expect(response?.status).toBe('served');
    expect(handled.map((h) => h.text)).toEqual(['add a note call the dentist']);
  });

  it('runs a read-only request directly when both models agree, and reads it back when they do not', async () => {
    const handled: RequestInput[] = [];
    const readOnly = { ...host(handled), registry: { enabled: () => [{ manifest: notesManifest }] } };
    const clear = await new VoiceService(readOnly, [heard(['list my notes'], 'list my notes')]).handle({ wav });
    expect(clear.response?.status).toBe('served');
    expect(handled.map((h) => h.text)).toEqual(['list my notes']);
    const unsure = await new VoiceService(readOnly, [heard(['list my notes'], 'list the notes please')]).handle({ wav });
    expect(unsure.transcription.check?.evidence.agreement).toBeLessThan(1);
    expect(unsure.response?.status).toBe('confirm');
    expect(handled).toHaveLength(1);
  });

  it('reads back a change hidden behind a reading first step', async () => {
    const handled: RequestInput[] = [];
    const service = new VoiceService(host(handled), [heard(['list my notes and add a note milk'], 'missed my nose and had a boat of milk')]);
    const { response } = await service.handle({ wav });
    expect(response?.status).toBe('confirm');
    expect(handled).toEqual([]);
  });

  it('says, without running, that a transcription would be read back (run: false), and skips it when confirmed', async () => {
    const handled: RequestInput[] = [];
    const service = new VoiceService(host(handled), [heard(['add a note for all the dentist'], 'call the dentist')]);
    const { readBack, response } = await service.handle({ wav }, { run: false });
    expect(readBack?.transcript).toBe('add a note for all the dentist');
    expect(response?.status).toBe('confirm');
    expect(handled).toEqual([]);
    await service.handle({ wav }, { confirmed: true });
    expect(handled.map((h) => h.text)).toEqual(['add a note for all the dentist']);
  });
});
