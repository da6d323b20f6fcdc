/**
 * What agent mode leaves behind: a request the model served is recorded once, as the dispatcher
 * records its own (history, follow-ups such as "cancel it", 'request.completed'), and is offered —
 * never silently — to the user's phrasings, so after a yes the classical path serves it without the model.
 */
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/index.js';
import type { KernelEvent } from '../../kernel/contracts/index.js';
import { keepModel, perTest, toolResults } from './helpers.js';

const fixture = perTest();

/** A model that sets one reminder for the laundry, then says so. */
const setup = () =>
  fixture.setup((r) =>
    toolResults(r).length === 0
      ? { toolCalls: [{ name: 'reminders__reminder_add', arguments: JSON.stringify({ task: 'take the laundry out', when: 'in 20 minutes' }) }] }
      : { content: 'I will remind you to take the laundry out in 20 minutes.' },
  );

const REQUEST = 'ping my brain regarding the laundry 20 minutes from now';
const pending = (k: Kernel) => k.scheduler.list().filter((t) => t.title === 'take the laundry out');

describe('agent-served requests are recorded', () => {
  it('one result row, one completed event, and "cancel it" acts on what the model did', async () => {
    const { server, kernel } = await setup();
    const completed: KernelEvent[] = [];
    kernel.onEvent((e) => void (e.type === 'request.completed' && completed.push(e)));
    const r = await kernel.handle({ id: 'laundry1', sessionId: 's1', text: REQUEST });
    keepModel(kernel);
    expect(server.requests.length).toBe(2);
    expect(r.status).toBe('served');
    expect(r.viaModel).toBeDefined();
    expect(pending(kernel)).toHaveLength(1);

    const rows = kernel.eventLog.history().filter((h) => h.id === 'laundry1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'served', text: REQUEST });
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ response: { requestId: 'laundry1', status: 'served' } });

    const cancel = await kernel.handle({ id: 'laundry2', sessionId: 's1', text: 'cancel it' });
    expect(cancel.status).toBe('served');
    expect(cancel.viaModel).toBeUndefined();
    expect(pending(kernel)).toHaveLength(0);
    expect(server.requests.length).toBe(2);
    expect(kernel.eventLog.history().filter((h) => h.id === 'laundry2')).toHaveLength(1);
  });

  it('a request the model cannot serve is recorded once, as not understood', async () => {
    const { server, kernel } = await fixture.setup(() => ({ content: 'CANNOT: no installed skill can book a flight.' }));
    await kernel.handle({ id: 'flight1', text: 'book me a seat on the cheapest flight to Lisbon' });
    expect(server.requests.length).toBe(1);
    expect(kernel.eventLog.history().filter((h) => h.id === 'flight1')).toEqual([expect.objectContaining({ status: 'not_understood' })]);
  });
});

describe('learning what the model served', () => {
  it('asks first; after a yes the classical path serves the same words without the model', async () => {
    const { server, kernel } = await setup();
    // Without the model, the classical path does not read these words (so what follows is learned).
    kernel.settings.set('llm.endpoint', '');
    expect((await kernel.handle({ sessionId: 'before', text: REQUEST })).status).toBe('not_understood');
    kernel.settings.set('llm.endpoint', server.url);

    const r = await kernel.handle({ sessionId: 's2', text: REQUEST });
    keepModel(kernel);
    expect(r.status).toBe('served');
    expect(r.clarification?.question).toMatch(/^Shall I remember that "ping my brain regarding the laundry 20 minutes from now" means "remind me to take the laundry out in 20 minutes/);
    expect(r.text).toContain(r.clarification!.question);
    expect(kernel.phrasings.list()).toHaveLength(0); // nothing learned before the user says yes

    const yes = await kernel.handle({ sessionId: 's2', text: 'yes', replyTo: r.clarification!.id });
    expect(yes.status).toBe('served');
    expect(yes.text).toMatch(/^OK: from now on "ping my brain regarding the laundry 20 minutes from now" means/);
    expect(kernel.phrasings.list()).toEqual([expect.objectContaining({ skill: 'reminders', intent: 'reminder.add', how: 'suggestion' })]);
    expect(kernel.eventLog.history().filter((h) => h.id === yes.requestId)).toHaveLength(1);

    kernel.settings.set('llm.endpoint', '');
    const calls = server.requests.length;
    const again = await kernel.handle({ sessionId: 's3', text: REQUEST.replace('20', '45') });
    expect(again.status).toBe('served');
    expect(again.viaModel).toBeUndefined();
    expect(again.steps.map((s) => `${s.skill}/${s.intent}`)).toEqual(['reminders/reminder.add']);
    expect(server.requests.length).toBe(calls);
    expect(kernel.scheduler.list().filter((t) => /laundry/.test(t.title))).toHaveLength(2);
  });

  it('a no learns nothing', async () => {
    const { kernel } = await setup();
    const r = await kernel.handle({ sessionId: 's4', text: REQUEST });
    const no = await kernel.handle({ sessionId: 's4', text: 'no', replyTo: r.clarification!.id });
    expect(no.status).toBe('served');
    expect(no.text).toBe(`OK, I did not remember "${REQUEST}".`);
    expect(kernel.phrasings.list()).toHaveLength(0);
  });
});
