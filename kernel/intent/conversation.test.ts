import { describe, expect, it } from 'vitest';
import { AMEND, CANCEL, ELLIPSIS, OPERATOR_START, discourse, distributeUnits, isBareValue, ordinalReference, resolvePronouns, shiftDuration, substitute } from './conversation.js';

const now = new Date('2026-03-10T12:00:00Z');

describe('conversation words', () => {
  it('drops fillers and spots corrections', () => {
    expect(discourse('actually delete that')).toEqual({ text: 'delete that', correction: false });
    expect(discourse('never mind, cancel that').text).toBe('cancel that');
    expect(discourse('never mind').text).toBe('cancel that');
    expect(discourse('oops, remove that').text).toBe('remove that');
    expect(discourse('okay').text).toBe('okay');
    expect(discourse('no, I meant search the web for pasta')).toEqual({ text: 'search the web for pasta', correction: true });
    expect(discourse('note that the keys are in the drawer')).toEqual({ text: 'note that the keys are in the drawer', correction: false });
    expect(discourse('nothing much').correction).toBe(false);
  });

  it('puts a new value in place of the old one of the same kind', () => {
    expect(substitute('what is 10% of 350', '30%?', { now })).toBe('what is 30% of 350');
    expect(substitute('convert 2 kg to pounds', 'to ounces', { now })).toBe('convert 2 kg to ounces');
    expect(substitute('how many cups are in 2 liters', 'in 3 liters', { now })).toBe('how many cups are in 3 liters');
    expect(substitute('start a timer for 8 minutes', '12 minutes', { now })).toBe('start a timer for 12 minutes');
    expect(substitute('remind me to call Sam in 15 minutes', '30 minutes', { now })).toBe('remind me to call Sam in 30 minutes');
    expect(substitute('remind me to call Sam at 5pm', 'tomorrow at 9', { now })).toBe('remind me to call Sam tomorrow at 9');
    expect(substitute('remind me to call mom at 5pm', '6pm', { now })).toBe('remind me to call mom at 6pm');
    expect(substitute('list my notes', 'in ounces', { now })).toBeUndefined();
    expect(substitute('what is 10% of 350', 'Paris', { now })).toBeUndefined();
    expect(shiftDuration('remind me to call Sam in 15 minutes', '10 minutes')).toBe('remind me to call Sam in 25 minutes');
  });

  it('reads follow-up forms', () => {
    expect(AMEND.exec('push that back to 30 minutes')?.slice(1)).toEqual(['to', '30 minutes']);
    expect(AMEND.exec('change it to 12 minutes')?.[2]).toBe('12 minutes');
    expect(AMEND.exec('make it 10 minutes')?.[2]).toBe('10 minutes');
    expect(AMEND.test('make a note of the time')).toBe(false);
    expect(CANCEL.test('cancel that')).toBe(true);
    expect(CANCEL.test('delete the timer')).toBe(true);
    expect(CANCEL.test('delete the note about Anna')).toBe(false);
    expect(CANCEL.test('put it back')).toBe(true);
    expect(CANCEL.test('move the file back where it was')).toBe(true);
    expect(CANCEL.test('move it back to 5pm')).toBe(false);
    expect(AMEND.test('move it back to 5pm')).toBe(true);
    expect(ELLIPSIS.exec('and to ounces?')?.[1]).toBe('to ounces');
    for (const t of ['times 3', 'minus 44', 'divided by 19', 'plus ten', 'squared', '* 2']) expect(OPERATOR_START.test(t), t).toBe(true);
    for (const t of ['plus calc 1+1', 'times square', 'over the rainbow', 'x marks the spot']) expect(OPERATOR_START.test(t), t).toBe(false);
    expect(ELLIPSIS.exec('what about 30%?')?.[1]).toBe('30%');
  });

  it('distributes a shared unit and recognises bare values', () => {
    expect(distributeUnits('set timers for 3 and 7 minutes')).toBe('set timers for 3 minutes and 7 minutes');
    expect(distributeUnits('timers for 2, 5 and 10 minutes')).toBe('timers for 2 minutes and 5 minutes and 10 minutes');
    expect(distributeUnits('what is 3 and 4')).toBe('what is 3 and 4');
    expect(isBareValue('7 minutes', now)).toBe(true);
    expect(isBareValue('set a timer', now)).toBe(false);
  });

  it('resolves references', () => {
    expect(ordinalReference('the second one')).toBe(1);
    expect(ordinalReference('the last one')).toBe(-1);
    expect(ordinalReference('the report')).toBeUndefined();
    expect(resolvePronouns('what does she lead?', 'Priya')).toBe('what does Priya lead?');
    expect(resolvePronouns('when is her birthday', 'Priya')).toBe("when is Priya's birthday");
    expect(resolvePronouns('remind me to call her tomorrow', 'Priya')).toBe('remind me to call Priya tomorrow');
  });
});
