/**
 * Habits that could become automations, end to end: results in the event log → `agentos patterns`
 * lists the routine with the sentence that creates the rule, and that sentence is read by the rules
 * as the schedule it says; a follow-up after a change is offered as "whenever I …".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../hosts/cli/main.js';
import { openKernel } from '../../kernel/index.js';
import { PatternService } from '../../kernel/patterns/index.js';
import { tempDir } from '../kernel/helpers.js';

const saved = { home: process.env.AGENTOS_HOME };
beforeEach(() => {
  process.env.AGENTOS_HOME = tempDir();
});
afterEach(() => {
  process.env.AGENTOS_HOME = saved.home;
});

function log(kernel: Awaited<ReturnType<typeof openKernel>>, text: string, skill: string, intent: string, at: Date, slots: Record<string, unknown> = {}) {
  const id = `r${at.getTime()}${text.length}`;
  kernel.eventLog.appendResult(
    { id, text, sessionId: 'default', source: 'cli' } as never,
    { requestId: id, sessionId: 'default', status: 'served', text: 'ok', steps: [{ stepId: 's1', skill, intent, slots, status: 'ok', durationMs: 1 }], suggestions: [], durationMs: 1, kernelMs: 1 },
    at,
  );
}

describe('habits that could become automations', () => {
  it('agentos patterns lists a routine with the sentence that makes it a rule, and the rules read it', async () => {
    const kernel = await openKernel();
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // Four weekdays (30 Nov – 3 Dec 2026) around 07:00 UTC.
    for (const day of [30, 1, 2, 3]) log(kernel, 'list my reminders', 'reminders', 'reminder.list', new Date(Date.UTC(2026, day === 30 ? 10 : 11, day, 7, day % 2 ? 5 : 0)));
    const [routine] = new PatternService(kernel).routines({ timezone: zone });
    kernel.close();
    expect(routine?.daysSeen).toBe(4);
    const io = { out: [] as string[], err: [] as string[] };
    expect(await main(['patterns', '--json'], { out: (t) => io.out.push(t), err: (t) => io.err.push(t) })).toBe(0);
    const listed = JSON.parse(io.out.at(-1)!) as { routines: { sentence: string }[] };
    expect(listed.routines.map((r) => r.sentence)).toEqual([routine!.sentence]);
    // The sentence goes through the rules' own parser and confirmation.
    const again = await openKernel();
    const asked = await again.handle({ text: routine!.sentence, sessionId: 'p' });
    expect(asked.status).toBe('confirm');
    expect(asked.text).toMatch(/Save this automation\?/);
    expect(asked.text).toMatch(/list my reminders/);
    again.close();
  });

  it('offers "whenever I …" for what usually follows a change (the rules read it as an event rule)', async () => {
    const kernel = await openKernel();
    const start = Date.UTC(2026, 11, 1, 12, 0);
    // Three sessions (hours apart): add a note, then list the notes.
    for (let s = 0; s < 3; s++) {
      log(kernel, `add a note buy milk ${s}`, 'notes', 'notes.add', new Date(start + s * 3 * 3600_000), { text: `buy milk ${s}` });
      log(kernel, 'list my notes', 'notes', 'notes.list', new Date(start + s * 3 * 3600_000 + 60_000));
    }
    // Now: a note was just added.
    const now = start + 10 * 3600_000;
    log(kernel, 'add a note call bob', 'notes', 'notes.add', new Date(now), { text: 'call bob' });
    const [s] = new PatternService(kernel, {}, () => now + 30_000).suggestWithRules(1);
    expect(s?.request).toBe('list my notes');
    expect(s?.always).toBe('whenever I add a note call bob, list my notes');
    const asked = await kernel.handle({ text: s!.always!, sessionId: 'p' });
    expect(asked.status).toBe('confirm');
    expect(asked.text).toMatch(/notes\.add/);
    kernel.close();
  });
});
