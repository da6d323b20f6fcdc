/**
 * One time format everywhere: the clock (ui.timeFormat: auto, 12h, 24h) and locale (ui.locale) the
 * kernel sets change the reminders' and timers' answers, the CLI's rendering and the spoken reply
 * alike, and the spoken reply says the time in the same words as the text.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../kernel/contracts/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { describeDue, environmentLocale, formatClock, formatRelative, resolveTime, setTimePreferences, spokenReply } from '../../kernel/sdk/index.js';
import { plainText, renderResponse } from '../../hosts/cli/io.js';
import { ask, openTestKernel } from '../skills/helpers.js';

afterEach(() => setTimePreferences({}));

describe('the shared time formatter', () => {
  const evening = new Date(2025, 2, 10, 18, 0);
  const now = new Date(2025, 2, 10, 14, 30);

  it('writes a clock time in the 12-hour or 24-hour clock the preferences ask for', () => {
    expect(formatClock(evening, { timeFormat: '24h' })).toBe('18:00');
    expect(formatClock(evening, { timeFormat: '12h', locale: 'en-US' })).toBe('6:00 PM');
    setTimePreferences({ timeFormat: '12h', locale: 'en-US' });
    expect(formatClock(evening)).toBe('6:00 PM');
    setTimePreferences({ timeFormat: '24h' });
    expect(formatClock(evening)).toBe('18:00');
  });

  it("follows the locale's own clock on auto, and a 24-hour clock where no locale is named", () => {
    expect(resolveTime({ locale: 'en-US' }).hour12).toBe(true);
    expect(resolveTime({ locale: 'en-GB' }).hour12).toBe(false);
    expect(resolveTime({ locale: 'de-DE' }).hour12).toBe(false);
    expect(resolveTime({}, { LANG: 'C.UTF-8' }).hour12).toBe(false);
    expect(resolveTime({}, { LANG: 'en_US.UTF-8' }).hour12).toBe(true);
    expect(resolveTime({ locale: 'en-US', timeFormat: '24h' }).hour12).toBe(false);
    expect(environmentLocale({ LC_ALL: '', LC_TIME: 'en_AU.UTF-8', LANG: 'C' })).toBe('en-AU');
    expect(environmentLocale({ LANG: 'POSIX' })).toBeUndefined();
  });

  it('says due times and lengths relative to now, with and without the parenthesis', () => {
    expect(describeDue(new Date(2025, 2, 10, 14, 40), now, { timeFormat: '24h' })).toEqual({ text: 'at 14:40 (in 10 min)', spoken: 'at 14:40' });
    expect(describeDue(new Date(2025, 2, 11, 18, 0), now, { timeFormat: '12h', locale: 'en-US' }).spoken).toBe('tomorrow at 6:00 PM');
    expect(formatRelative(new Date(2025, 2, 10, 14, 40), now)).toBe('in 10 min');
    expect(formatRelative(new Date(2025, 2, 10, 14, 25), now)).toBe('5 min ago');
  });
});

describe('the clock setting in answers, the CLI and spoken replies', () => {
  let kernel: Kernel;
  beforeAll(() => {
    kernel = openTestKernel();
  });
  afterAll(() => kernel?.close());

  /** The clock as the user sets it; the kernel hands the settings to the formatter for each request. */
  const use = (timeFormat: '12h' | '24h', locale: string) => {
    kernel.settings.set('ui.timeFormat', timeFormat);
    kernel.settings.set('ui.locale', locale);
    setTimePreferences({ timeFormat, locale });
  };
  /** The clock words of a reminder answer ("6:00 PM", "18:00"). */
  const clock = (text: string) => /\d{1,2}:\d\d(?:\s?[AP]M)?/i.exec(text)?.[0];

  it('sets a reminder in 12-hour words, then in 24-hour words, and speaks the same words', async () => {
    use('12h', 'en-US');
    const twelve = await ask(kernel, 'remind me to call mum tomorrow at 6pm');
    expect(twelve.status).toBe('served');
    expect(twelve.text).toContain('tomorrow at 6:00 PM');
    expect(spokenReply(twelve)).toContain('tomorrow at 6:00 PM');
    expect(plainText(renderResponse(twelve))).toContain('6:00 PM');

    use('24h', 'en-US');
    const list = await ask(kernel, 'list my reminders');
    const card = list.steps[0]!.result!.card!;
    expect(card.type === 'list' && card.items[0]!.subtitle).toMatch(/^tomorrow at 18:00/);
    expect(plainText(renderResponse(list))).toContain('tomorrow at 18:00');
    const timer = await ask(kernel, 'set a timer for 10 minutes');
    expect(timer.text).toMatch(/^Timer set for 10 min; it ends at \d\d:\d\d\.$/);
    expect(spokenReply(timer)).toBe('Timer set for 10 minutes.');
    use('12h', 'en-US');
    const again = await ask(kernel, 'set a timer for 10 minutes');
    expect(clock(again.text)).toMatch(/^\d{1,2}:\d\d [AP]M$/);
  });

  it('shows file times in the CLI in the chosen clock', () => {
    const response = (modified: string): Response => ({
      requestId: 'r',
      sessionId: 's',
      status: 'served',
      text: 'Found 1 file.',
      steps: [{ stepId: 's1', skill: 'files', intent: 'files.find', slots: {}, status: 'ok', result: { text: 'Found 1 file.', card: { type: 'files', files: [{ path: '/tmp/a.txt', name: 'a.txt', modified }] } }, durationMs: 1 }],
      suggestions: [],
      durationMs: 1,
      kernelMs: 1,
    });
    const at = new Date(2025, 2, 10, 18, 5).toISOString();
    setTimePreferences({ timeFormat: '12h', locale: 'en-US' });
    expect(plainText(renderResponse(response(at)))).toContain('2025-03-10 6:05 PM');
    setTimePreferences({ timeFormat: '24h' });
    expect(plainText(renderResponse(response(at)))).toContain('2025-03-10 18:05');
  });

  it('offers ui.timeFormat and ui.locale as settings, checked on write', () => {
    const { settings } = kernel;
    settings.set('ui.timeFormat', '12h');
    expect(settings.get('ui.timeFormat')).toBe('12h');
    expect(() => settings.set('ui.timeFormat', '13h')).toThrow(/one of auto, 12h, 24h/);
    settings.set('ui.locale', 'en-GB');
    expect(() => settings.set('ui.locale', 'not a locale!')).toThrow(/ui\.locale/);
    settings.set('ui.timeFormat', 'auto');
    settings.set('ui.locale', '');
  });
});
