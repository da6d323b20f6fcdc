import { describe, expect, it } from 'vitest';
import { itemLabels, splitSessions } from './sessions.js';

describe('sessions', () => {
  it('splits at pauses and refines items by recurring slot values', () => {
    expect(splitSessions([{ at: 0 }, { at: 10 }, { at: 1000 }, { at: 1005 }], 100)).toEqual([[0, 1], [2, 3]]);
    const ev = (intent: string, slots: Record<string, unknown>) => ({ at: 0, text: '', skill: 's', intent, slots });
    const labels = itemLabels([ev('open', { app: 'Mail' }), ev('open', { app: 'mail' }), ev('open', { app: 'once' }), ev('remind', { when: '2025-03-03T09:00:00Z' })]);
    expect(labels).toEqual(['open app=mail', 'open app=mail', 'open', 'remind']);
  });
});
