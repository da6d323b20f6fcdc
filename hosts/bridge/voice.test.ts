/**
 * voice.answer over the bridge: a spoken request read back by voice.transcribe ("I heard: … — do
 * it?") runs on a yes as a voice request (history source `voice`), as heard or as corrected; a no,
 * and an id that is unknown or already answered, change nothing. The decoder is a fake that mishears
 * "call the dentist on monday" as a note, as PocketSphinx's command model did (tests/voice/read-back.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry, Response } from '../../kernel/contracts/index.js';
import { Kernel } from '../../kernel/index.js';
import { dispatch } from './index.js';

vi.mock('../../kernel/voice/index.js', async (original) => (await import('../../tests/voice/fake-voice.js')).withDoubtfulDecoder(await original()));

let home: string;
let kernel: Kernel;

// Half a second of a tone between silences: enough for the audio preparation to find "speech".
const pcm = Buffer.alloc(32_000);
for (let i = 4000; i < 12_000; i++) pcm.writeInt16LE(Math.round(0.3 * 32_767 * Math.sin(i / 5)), i * 2);
const audio = { pcm16: pcm.toString('base64'), sampleRate: 16_000 };

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-bridge-voice-'));
  kernel = new Kernel({ profileDir: home });
});
afterAll(() => {
  kernel.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const value = <T>(r: { ok: true; value: unknown } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`bridge call failed: ${JSON.stringify(r.error)}`);
  return r.value as T;
};
/** The notes as "list my notes" shows them: its sentence and its card's items (the card carries the notes). */
const notes = async () => {
  const r = value<Response>(await dispatch({ kernel }, 'kernel.handle', { text: 'list my notes', source: 'ui' }));
  const items = r.steps.flatMap((s) => (s.result?.card?.type === 'list' ? s.result.card.items.map((i) => i.title) : []));
  return [r.text, ...items].join('\n');
};
const history = async () => value<HistoryEntry[]>(await dispatch({ kernel }, 'history.list', {}));

/** The read-back voice.transcribe answers with (nothing ran yet): its id and transcript. */
async function readBack(run: boolean, sessionId = 'uichat1'): Promise<{ id: string; transcript: string }> {
  const r = value<{ transcript: string; response?: Response }>(await dispatch({ kernel }, 'voice.transcribe', { ...audio, run, sessionId }));
  expect(r.response).toMatchObject({ status: 'confirm', text: expect.stringMatching(/^I heard: ".*" — do it\?$/) });
  return { id: r.response!.clarification!.id, transcript: r.transcript };
}

describe('voice.answer', () => {
  it('runs a read-back on yes as a voice request in the conversation it was heard in; a second yes runs nothing', async () => {
    const { id, transcript } = await readBack(true);
    expect(transcript).toBe('add a note for all the dentist on monday');
    expect(await notes()).not.toMatch(/dentist/);
    const yes = value<Response>(await dispatch({ kernel }, 'voice.answer', { id, answer: 'yes' }));
    expect(yes).toMatchObject({ status: 'served', sessionId: 'uichat1', text: expect.stringMatching(/dentist on monday/) });
    expect((await history()).find((h) => h.text === transcript)).toMatchObject({ source: 'voice', status: 'served' });
    const again = value<Response>(await dispatch({ kernel }, 'voice.answer', { id, answer: 'yes' }));
    expect(again).toMatchObject({ status: 'not_understood', text: expect.stringMatching(/already answered or is no longer waiting\. Nothing was done/) });
    expect((await notes()).match(/dentist/g)).toHaveLength(1);
  });

  it('runs the transcript as the user corrected it (the portal transcribes without running)', async () => {
    const { id } = await readBack(false);
    const yes = value<Response>(await dispatch({ kernel }, 'voice.answer', { id, answer: 'yes', edited: '  add a note call the orthodontist  ' }));
    expect(yes).toMatchObject({ status: 'served', text: expect.stringMatching(/call the orthodontist/) });
    expect((await history()).find((h) => h.text === 'add a note call the orthodontist')).toMatchObject({ source: 'voice' });
  });

  it('changes nothing on no, and refuses ids it never read back', async () => {
    const before = await notes();
    const { id } = await readBack(false);
    expect(value<Response>(await dispatch({ kernel }, 'voice.answer', { id, answer: 'no', edited: 'add a note never run' }))).toMatchObject({ status: 'served', text: 'Nothing was done.' });
    expect(value<Response>(await dispatch({ kernel }, 'voice.answer', { id, answer: 'yes' }))).toMatchObject({ status: 'not_understood' });
    expect(value<Response>(await dispatch({ kernel }, 'voice.answer', { id: 'heard-unknown', answer: 'yes' }))).toMatchObject({ status: 'not_understood', text: expect.stringMatching(/say it again, or type it/) });
    expect(await notes()).toBe(before);
  });

  it('validates its input', async () => {
    const bad = async (input: unknown) => dispatch({ kernel }, 'voice.answer', input);
    expect(await bad({ id: 'heard-x', answer: 'maybe' })).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/answer/) } });
    expect(await bad({ id: 'heard-x', answer: 'yes', edited: 'x'.repeat(2001) })).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/edited/) } });
    expect(await bad({ id: 'heard-x', answer: 'yes', edited: '   ' })).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/answer no instead/) } });
    expect(await bad({ id: '../etc', answer: 'yes' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await bad({ id: 'heard-x', answer: 'yes', run: true })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    // audio that is not base64, or was cut off, is named as such (not decoded into noise)
    const transcribe = async (pcm16: string) => dispatch({ kernel }, 'voice.transcribe', { pcm16, sampleRate: 16_000 });
    expect(await transcribe('not base64!')).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/pcm16.*must be base64/) } });
    expect(await transcribe('AAAAA')).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/multiple of 4/) } });
  });
});
