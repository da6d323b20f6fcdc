import { describe, expect, it } from 'vitest';
import { checkCommand, gatherEvidence, type CommandEvidence } from './command-check.js';
import { parseHypseg } from './pocketsphinx.js';

const base = { intents: ['notes.list', 'notes.list'], chosenIntent: 'notes.list', intentConfidence: 0.9, voicedRatio: 0.9 };

describe('command check evidence', () => {
  it('measures how well the two models agree on the words and on the sound', () => {
    const same = gatherEvidence({ ...base, command: { hypotheses: ['list my notes', 'list my note'], acoustic: -50_000, frames: 100 }, general: { transcript: 'list my notes', acoustic: -50_000, frames: 100 } });
    expect(same).toMatchObject({ acousticGap: 0, agreement: 1, lengthRatio: 1, nbestAgreement: 1 });
    // Prose forced into command words: the general model fits the sound better and reads it longer.
    const prose = gatherEvidence({ ...base, intents: ['notes.list', null], command: { hypotheses: ['list my notes', 'list notes'], acoustic: -60_000, frames: 100 }, general: { transcript: 'the old man walked slowly down to the harbour', acoustic: -50_000, frames: 100 } });
    expect(prose.acousticGap).toBeCloseTo(0.1);
    expect(prose.agreement).toBe(0);
    expect(prose.lengthRatio).toBeCloseTo(3 / 9);
    expect(prose.nbestAgreement).toBe(0.5);
  });

  it('has no acoustic evidence without scores, and no intent agreement without an intent', () => {
    const e = gatherEvidence({ ...base, chosenIntent: null, intentConfidence: 0, command: { hypotheses: ['x'] }, general: { transcript: '' } });
    expect(e).toMatchObject({ acousticGap: 0, nbestAgreement: 0, lengthRatio: 1 });
  });
});

describe('command check verdict', () => {
  const command: CommandEvidence = { acousticGap: -6, agreement: 0.8, lengthRatio: 1, nbestAgreement: 1, intentConfidence: 0.95, voicedRatio: 0.9 };
  const prose: CommandEvidence = { acousticGap: 6, agreement: 0, lengthRatio: 1, nbestAgreement: 0.3, intentConfidence: 0.6, voicedRatio: 0.95 };

  it('accepts what both models hear as the same command and rejects speech forced into command words', () => {
    expect(checkCommand(command).verdict).toBe('command');
    expect(checkCommand(prose).verdict).toBe('not_command');
    expect(checkCommand(command).probability).toBeGreaterThan(checkCommand(prose).probability);
  });

  it('never accepts what the intent engine cannot place', () => {
    expect(checkCommand({ ...command, intentConfidence: 0 }).verdict).toBe('not_command');
  });
});

describe('PocketSphinx segment scores', () => {
  it('reads acoustic and language scores and the frame count from a -hypseg line', () => {
    const line = 'utterance S 0 T -26859707 A -24759296 L -2100411 0 -1212416 0 <s> 22 -616448 -274 we 40 -696320 -524288 <sil> 359 -3336192 -172 </s> 416';
    expect(parseHypseg(line)).toEqual({ acoustic: -24759296, lm: -2100411, frames: 416 });
    expect(parseHypseg('')).toBeUndefined();
  });
});
