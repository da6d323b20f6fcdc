import { describe, expect, it } from 'vitest';
import { scriptedBridge } from '../../test-bridge';
import { filterSkills, starterExamples } from './selectors';

const skill = (id: string, enabled = true) => ({ id, name: id.toUpperCase(), description: `${id} things`, enabled, builtin: true, version: '1.0.0', publisher: 'AgentOS', permissions: [], intents: [{ id: `${id}.a`, description: 'do', examples: [`${id} example`] }] });

describe('skills slice', () => {
  it('loads skills sorted by name and filters them by words', async () => {
    const { store } = scriptedBridge({ 'skills.list': () => [skill('notes'), skill('calculator')] });
    await store.getState().loadSkills();
    expect(store.getState().skills.map((s) => s.id)).toEqual(['calculator', 'notes']);
    expect(filterSkills(store.getState().skills, 'notes example').map((s) => s.id)).toEqual(['notes']);
    expect(starterExamples(store.getState().skills)).toEqual(['calculator example', 'notes example']);
  });

  it('toggles optimistically and rolls back with the reason when the kernel refuses', async () => {
    const { store } = scriptedBridge({ 'skills.list': () => [skill('notes')], 'skills.setEnabled': () => Promise.reject({ code: 'not_found', message: 'gone' }) });
    await store.getState().loadSkills();
    await store.getState().setSkillEnabled('notes', false);
    expect(store.getState().skills[0]!.enabled).toBe(true);
    expect(store.getState().skillsError).toMatchObject({ message: 'gone' });
  });

  it('leaves disabled skills out of the starter examples', () => {
    expect(starterExamples([skill('a', false), skill('b')] as never)).toEqual(['b example']);
  });
});
