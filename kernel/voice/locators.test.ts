/** Paths, file names and web addresses said aloud, and glued back from the recogniser's words. */
import { describe, expect, it } from 'vitest';
import { isLocator, joinLocators, locatorToSpoken } from './locators.js';
import { toSpoken, toWritten } from './spoken.js';

const roundTrip = (written: string) => toWritten(toSpoken(written));

describe('locators', () => {
  it('tells paths, files, domains, URLs and addresses from numbers and prose', () => {
    for (const t of ['~/notes/todo.md', '/home/me/plan.odt', './build/out.log', 'example.com', 'bbc.co.uk', 'https://example.org/docs', 'report.pdf', 'alice@example.com', 'docs/api']) expect(isLocator(t), t).toBe(true);
    for (const t of ['19.99', 'hello', 'e.g', 'and/or', '3.5kg']) expect(isLocator(t), t).toBe(t === 'and/or');
  });

  it('says them symbol by symbol', () => {
    expect(locatorToSpoken('~/Documents/budget.xlsx')).toBe('tilde slash documents slash budget dot xlsx');
    expect(locatorToSpoken('http://localhost:8080/admin')).toBe('http colon slash slash localhost colon eight thousand eighty slash admin');
  });

  it('writes them back from the words a recogniser gives', () => {
    expect(roundTrip('open ~/Documents/budget.xlsx')).toBe('open ~/documents/budget.xlsx');
    expect(roundTrip('visit https://news.ycombinator.com')).toBe('visit https://news.ycombinator.com');
    expect(roundTrip('open http://localhost:8080/admin')).toBe('open http://localhost:8080/admin');
    expect(roundTrip('open https://example.org/docs?q=1')).toBe('open https://example.org/docs?q=1');
    expect(roundTrip('open /home/me/Documents/plan.odt')).toBe('open /home/me/documents/plan.odt');
    expect(roundTrip('open ./build/out.log')).toBe('open ./build/out.log');
    expect(roundTrip('pull up bbc.co.uk')).toBe('pull up bbc.co.uk');
    expect(roundTrip('email alice@example.com')).toBe('email alice@example.com');
    expect(toWritten('go to wikipedia dot org')).toBe('go to wikipedia.org');
  });

  it('leaves words alone without evidence of a locator', () => {
    expect(toWritten('buy a polka dot dress')).toBe('buy a polka dot dress');
    expect(toWritten('meet alice at noon')).toBe('meet alice at noon');
    expect(toWritten('take the dash to the station')).toBe('take the dash to the station');
    expect(joinLocators(['what', 'is', 'the', 'question', 'mark', 'for'])).toEqual(['what', 'is', 'the', 'question', 'mark', 'for']);
    expect(toWritten('how much is nineteen point nine nine times three')).toBe('how much is 19.99 times 3');
  });
});
