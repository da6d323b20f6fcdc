import { describe, expect, it } from 'vitest';
import { SkillManifestSchema, type SessionState } from '../contracts/index.js';
import { ClassicIntentEngine, SimplePlanner, fillFromInput } from './index.js';

const manifests = [
  SkillManifestSchema.parse({
    id: 'lists', name: 'Lists', version: '1.0.0', description: 'Shopping lists', publisher: 't', entry: 'i.js',
    intents: [{ id: 'list.add', description: 'Add to a list', templates: ['add {item} to [my] [shopping] list'], examples: ['put eggs on my list', 'add bread to the list'], slots: { item: { type: 'text', required: true } } }],
  }),
  SkillManifestSchema.parse({
    id: 'reminders', name: 'Reminders', version: '1.0.0', description: 'Reminders', publisher: 't', entry: 'i.js',
    intents: [
      { id: 'reminder.add', description: 'Set a reminder', templates: ['remind me [to {task}] (at|on|in) {when}', 'remind me to {task}'], examples: ['remind me to call mom tomorrow', 'set a reminder for 5pm'], slots: { task: { type: 'text' }, when: { type: 'datetime', required: true, prompt: 'When?' } } },
      { id: 'reminder.cancel', description: 'Cancel a reminder', templates: ['cancel [the] reminder'], examples: ['delete my reminder'], slots: { id: { type: 'word' } } },
    ],
  }),
  SkillManifestSchema.parse({
    id: 'files', name: 'Files', version: '1.0.0', description: 'Files', publisher: 't', entry: 'i.js',
    intents: [
      { id: 'files.find', description: 'Find files', templates: ['find [the] [latest] {query}'], examples: ['search for my tax files'], slots: { query: { type: 'text', required: true } } },
      { id: 'files.open', description: 'Open a file', templates: ['open {path}'], examples: ['open the file'], slots: { path: { type: 'path', required: true, prompt: 'Which file?' } } },
    ],
  }),
];

function planner() {
  const engine = new ClassicIntentEngine();
  for (const m of manifests) engine.addSkill(m);
  return new SimplePlanner(engine, (id) => manifests.find((m) => m.id === id));
}
const now = new Date('2025-03-10T12:00:00Z');
const empty: SessionState = { sessionId: 't' };

describe('planner', () => {
  it('splits a request into steps and links "it" to the previous result', () => {
    const p = planner();
    const two = p.plan('add milk to my list and remind me at 5', empty, { now, timezone: 'UTC' });
    expect(two.kind).toBe('plan');
    if (two.kind !== 'plan') return;
    expect(two.plan.steps.map((s) => s.intent)).toEqual(['list.add', 'reminder.add']);
    expect(two.plan.steps[1]!.slots.when).toBe('2025-03-10T17:00:00.000Z');
    const chain = p.plan('find the latest report and open it', empty, { now });
    expect(chain.kind).toBe('plan');
    if (chain.kind === 'plan') expect(chain.plan.steps[1]).toMatchObject({ intent: 'files.open', inputFrom: 's1' });
  });

  it('follows up on the last request: and tomorrow, again, cancel it', () => {
    const p = planner();
    const last: SessionState = {
      sessionId: 't',
      last: { text: 'remind me to stretch at 5', steps: [{ stepId: 's1', skill: 'reminders', intent: 'reminder.add', slots: { task: 'stretch', when: '2025-03-10T17:00:00.000Z' }, status: 'ok', result: { text: 'ok', data: { id: 'r42' } }, durationMs: 1 }] },
    };
    const tomorrow = p.plan('and tomorrow?', last, { now, timezone: 'UTC' });
    expect(tomorrow.kind === 'plan' && tomorrow.plan.steps[0]!.slots).toMatchObject({ task: 'stretch', when: expect.stringMatching(/^2025-03-11/) });
    const again = p.plan('do that again', last, { now });
    expect(again.kind === 'plan' && again.plan.steps[0]!.intent).toBe('reminder.add');
    const cancel = p.plan('cancel it', last, { now });
    expect(cancel.kind === 'plan' && cancel.plan.steps[0]).toMatchObject({ intent: 'reminder.cancel', slots: { id: 'r42' } });
  });

  it('asks for a missing slot, normalises the answer, and refuses nonsense', () => {
    const p = planner();
    const ask = p.plan('remind me to water the plants', empty, { now, timezone: 'UTC' });
    expect(ask.kind).toBe('ask_slot');
    if (ask.kind !== 'ask_slot') return;
    const done = p.answer({ id: 'q', sessionId: 't', kind: 'ask_slot', text: 'x', plan: ask.plan, stepId: ask.stepId, slot: ask.slot, createdAt: now.toISOString() }, 'tomorrow at 9', empty, { now, timezone: 'UTC' });
    expect(done.kind === 'plan' && done.plan.steps[0]!.slots.when).toBe('2025-03-11T09:00:00.000Z');
    expect(p.plan('order a large pizza with olives', empty, { now }).kind).toBe('not_understood');
  });

  it('takes the item an ordinal names from the last result, and asks when there is none', () => {
    const p = planner();
    const found: SessionState = {
      sessionId: 't',
      last: { text: 'find report', steps: [{ stepId: 's1', skill: 'files', intent: 'files.find', slots: { query: 'report' }, status: 'ok', result: { text: '2 files', data: { files: [{ path: '/h/a.pdf' }, { path: '/h/b.pdf' }] } }, durationMs: 1 }] },
    };
    const second = p.plan('open the second one', found, { now });
    expect(second.kind === 'plan' && second.plan.steps[0]).toMatchObject({ intent: 'files.open', inputFrom: 'last', inputIndex: 1 });
    if (second.kind === 'plan') {
      const spec = manifests[2]!.intents[1]!;
      expect(fillFromInput(second.plan.steps[0]!.slots, found.last!.steps[0]!.result, spec, 1)).toEqual({ path: '/h/b.pdf' });
    }
    expect(p.plan('open the second one', empty, { now }).kind).toBe('clarify');
  });

  it('takes a choice by its value, its number or its ordinal', () => {
    const p = planner();
    const step = (id: string) => ({ id: 's1', skill: 'lists', intent: 'list.add', slots: { item: id }, text: 'x', confidence: 1 });
    const pending = { id: 'q', sessionId: 't', kind: 'clarify' as const, text: 'x', createdAt: now.toISOString(), choices: [{ label: 'rent', value: 'id-a', step: step('a') }, { label: 'bikes', value: 'id-b', step: step('b') }] };
    for (const [reply, item] of [['id-b', 'b'], ['2', 'b'], ['the first one', 'a'], ['bikes', 'b']] as const) {
      const out = p.answer(pending, reply, empty, { now });
      expect(out.kind === 'plan' && out.plan.steps[0]!.slots.item, reply).toBe(item);
    }
  });

  it('takes a time the free text swallowed out of it instead of asking for it', () => {
    const p = planner();
    const out = p.plan('remind me to renew my passport tomorrow', empty, { now, timezone: 'UTC' });
    expect(out.kind === 'plan' && out.plan.steps[0]!.slots).toMatchObject({ when: expect.stringMatching(/^2025-03-11/), task: 'renew my passport' });
  });
});
