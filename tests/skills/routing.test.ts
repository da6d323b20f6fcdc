import { afterAll, describe, expect, it } from 'vitest';
import { openTestKernel } from './helpers.js';

const MINE = ['notes', 'reminders', 'calculator', 'files', 'system', 'apps'];
const kernel = openTestKernel();
afterAll(() => kernel.close());

describe('the everyday skills load and are recognised by their own examples', () => {
  it('every manifest loads without problems', () => {
    expect(kernel.problems).toEqual([]);
    for (const id of MINE) expect(kernel.registry.get(id), id).toBeDefined();
  });

  it('each example reaches its own skill, and almost always its own intent', () => {
    let total = 0;
    const wrongIntent: string[] = [];
    const wrongSkill: string[] = [];
    for (const id of MINE) {
      for (const intent of kernel.registry.get(id)!.manifest.intents) {
        expect(intent.examples.length, `${intent.id} has at least 10 examples`).toBeGreaterThanOrEqual(10);
        for (const example of intent.examples) {
          total++;
          const top = kernel.engine.recognize(example).candidates[0];
          if (top?.skill !== id) wrongSkill.push(`${intent.id} ← "${example}" → ${top?.skill}/${top?.intent}`);
          else if (top.intent !== intent.id) wrongIntent.push(`${intent.id} ← "${example}" → ${top.intent}`);
        }
      }
    }
    expect(wrongSkill).toEqual([]);
    expect(wrongIntent.length / total).toBeLessThan(0.05);
  });
});
