/**
 * A slot the classical planner would ask the user for is first asked of the model (one small call),
 * its value read as the user's answer would be; with no value, or one that does not read, the user is asked.
 */
import { describe, expect, it } from 'vitest';
import type { Kernel } from '../../kernel/index.js';
import { slotValue } from '../../kernel/agent/index.js';
import { keepModel, lastMessage, perTest } from './helpers.js';

const fixture = perTest();

const setup = (reply: string) => fixture.setup(() => ({ content: reply }));

const REQUEST = 'remind me to water the plants';
const plants = (k: Kernel) => k.scheduler.list().filter((t) => t.title === 'water the plants');

describe('a missing slot filled by the model', () => {
  it('the model’s value is used when it reads as an answer would', async () => {
    const { server, kernel } = await setup('tomorrow at 9am');
    const r = await kernel.handle({ text: REQUEST });
    keepModel(kernel);
    expect(server.requests).toHaveLength(1);
    const asked = String(lastMessage(server.requests[0] as never).content);
    expect(asked).toContain(`Request: "${REQUEST}"`);
    expect(asked).toMatch(/Missing value: when \(type: \w+\)/);
    expect((server.requests[0] as { tools?: unknown }).tools).toBeUndefined();
    expect(r.status).toBe('served');
    expect(plants(kernel)).toHaveLength(1);
    expect(new Date(plants(kernel)[0]!.dueAt).getHours()).toBe(9);
  });

  it.each(['unknown', 'purple elephant'])('the user is asked when the model says %j', async (reply) => {
    const { server, kernel } = await setup(reply);
    const r = await kernel.handle({ text: REQUEST });
    expect(server.requests).toHaveLength(1);
    expect(r.status).toBe('ask_slot');
    expect(r.clarification?.question).toBeTruthy();
    expect(plants(kernel)).toHaveLength(0);
  });

  it('without a model the user is asked and no model is called', async () => {
    const { server, kernel } = await setup('tomorrow at 9am');
    kernel.settings.set('llm.endpoint', '');
    expect((await kernel.handle({ text: REQUEST })).status).toBe('ask_slot');
    expect(server.requests).toHaveLength(0);
  });

  it('reads a value out of the reply, and none out of "unknown" or a ramble', () => {
    expect(slotValue(' "tomorrow at 9am". ')).toBe('tomorrow at 9am');
    expect(slotValue('Value: Berlin')).toBe('Berlin');
    expect(slotValue('Unknown')).toBeUndefined();
    expect(slotValue('tomorrow\nor maybe later')).toBeUndefined();
    expect(slotValue('x'.repeat(201))).toBeUndefined();
  });
});
