/**
 * A scripted week of usage through a real Kernel (real SQLite event log, real intent engine, a
 * simulated clock): the pattern miner must find the user's habits and suggest the next step.
 */
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../kernel/kernel.js';
import { PatternService } from '../../kernel/patterns/service.js';
import { handlers } from '../../hosts/bridge/patterns.js';
import { tempDir, writeSkill } from '../kernel/helpers.js';

const officeSkill = {
  id: 'office',
  name: 'Office',
  version: '1.0.0',
  description: 'Opens reports and sends them around.',
  publisher: 'tests',
  entry: 'index.js',
  intents: [
    { id: 'office.open', description: 'Open a report', templates: ['open the {report} report'], examples: ['open the weekly report'], slots: { report: { values: ['weekly', 'monthly', 'sales'] } } },
    { id: 'office.email', description: 'Email the report', templates: ['email it to {person}'], examples: ['email it to alice'], slots: { person: { values: ['alice', 'bob'] } } },
    { id: 'office.weather', description: 'Weather', templates: ['check the weather'], examples: ['check the weather'] },
    { id: 'office.music', description: 'Music', templates: ['play some music'], examples: ['play some music'] },
  ],
};

const officeCode = `export default {
  'office.open': async (slots) => ({ text: 'opened the ' + slots.report + ' report' }),
  'office.email': async (slots) => ({ text: 'sent to ' + slots.person }),
  'office.weather': async () => ({ text: 'sunny' }),
  'office.music': async () => ({ text: 'playing' }),
};
`;

function weekKernel() {
  const builtin = tempDir();
  writeSkill(builtin, officeSkill, officeCode);
  let now = new Date('2025-03-03T08:00:00Z').getTime();
  const kernel = new Kernel({ profileDir: tempDir(), builtinSkillsDir: builtin, clock: () => new Date(now) });
  return { kernel, at: (t: number) => (now = t), now: () => now };
}

describe('a week of scripted usage', () => {
  it('mines the habit and suggests the next step', async () => {
    const { kernel, at, now } = weekKernel();
    const day = 86_400_000;
    const start = new Date('2025-03-03T08:00:00Z').getTime();
    for (let d = 0; d < 7; d++) {
      // Morning: the weekly report and, on most days, mailing it to Alice right after.
      at(start + d * day);
      expect((await kernel.handle({ text: 'check the weather' })).status).toBe('served');
      at(start + d * day + 2 * 60_000);
      await kernel.handle({ text: 'open the weekly report' });
      if (d !== 3) {
        at(start + d * day + 5 * 60_000);
        await kernel.handle({ text: 'email it to alice' });
      }
      // Evening, a separate session: music, sometimes the sales report.
      at(start + d * day + 10 * 3_600_000);
      await kernel.handle({ text: 'play some music' });
      if (d % 2 === 0) {
        at(start + d * day + 10 * 3_600_000 + 60_000);
        await kernel.handle({ text: 'open the sales report' });
      }
    }
    const service = new PatternService(kernel, {}, now);
    expect(service.sessionCount).toBe(14);

    const workflows = service.workflows();
    expect(workflows[0]).toMatchObject({ steps: ['check the weather', 'open the weekly report'], support: 7 });
    expect(workflows).toContainEqual(expect.objectContaining({ steps: ['open the weekly report', 'email it to alice'], support: 6 }));
    expect(workflows).toContainEqual(expect.objectContaining({ steps: ['check the weather', 'open the weekly report', 'email it to alice'], support: 6 }));

    // Next Monday: the report was just opened → suggest mailing it to Alice.
    at(start + 7 * day);
    await kernel.handle({ text: 'open the weekly report' });
    const [first] = service.suggest();
    expect(first).toMatchObject({ request: 'email it to alice', intent: 'office.email', support: 6 });
    expect(first!.reason).toBe('after "open the weekly report" you usually "email it to alice" (6 of 6 times)');

    // The sales report has no habit after it: no suggestion rather than a guess.
    at(start + 7 * day + 60_000);
    await kernel.handle({ text: 'open the sales report' });
    expect(service.suggest()).toEqual([]);

    // An hour later the session is over: nothing to follow up on.
    at(start + 7 * day + 2 * 3_600_000);
    expect(service.suggest()).toEqual([]);
    kernel.close();
  });

  it('answers the bridge call from the event log', async () => {
    const { kernel, at } = weekKernel();
    const day = 86_400_000;
    const start = Date.now() - 3 * day;
    for (let d = 0; d < 3; d++) {
      at(start + d * day);
      await kernel.handle({ text: 'open the monthly report' });
      at(start + d * day + 60_000);
      await kernel.handle({ text: 'email it to bob' });
    }
    at(Date.now() - 60_000);
    await kernel.handle({ text: 'open the monthly report' });
    // The bridge uses the wall clock: the report was opened a minute ago.
    expect(await handlers['patterns.suggest']({ limit: 3 }, { kernel })).toEqual([
      // Done on three days at the same time of day: "always do this" proposes that schedule (which
      // days depends on the weekdays the test runs on).
      {
        request: 'email it to bob',
        reason: 'after "open the monthly report" you usually "email it to bob" (3 of 3 times)',
        support: 3,
        always: expect.stringMatching(/^from now on, every (?:day|weekday|weekend|[a-z]+day) at \d\d:\d\d, email it to bob$/),
      },
    ]);
    kernel.close();
  });
});
