import { describe, expect, it } from 'vitest';
import type { PlanOutcome, PlanStep, SkillManifest } from '../contracts/index.js';
import { applyPrecedence, STRONG } from './precedence.js';

const skill = (id: string, builtin: boolean, fallback = false) => ({ builtin, manifest: { id, intents: [{ id: `${id}.x`, fallback }] } as unknown as SkillManifest });
const step = (skill: string, text: string, confidence = 0.99): PlanStep => ({ id: 's1', skill, intent: `${skill}.x`, slots: {}, text, confidence });
const plan = (...steps: PlanStep[]): PlanOutcome => ({ kind: 'plan', plan: { steps } });
const none: PlanOutcome = { kind: 'not_understood', candidates: [] };

describe('applyPrecedence', () => {
  const host = { enabled: () => [skill('notes', true), skill('knowledge', true, true), skill('early', false), skill('late', false)] };

  it('gives a community step to a built-in that reads it surely, and re-plans without the community skill', () => {
    const seen: string[][] = [];
    const out = applyPrecedence(plan(step('late', 'take a note x')), host, (_t, skills) => (seen.push(skills), plan(step('notes', 'take a note x'))), (skills) => (skills.includes('late') ? plan(step('late', 'x')) : plan(step('notes', 'take a note x'))));
    expect(out).toEqual(plan(step('notes', 'take a note x')));
    expect(seen[0]).toEqual(['notes', 'knowledge', 'early']);
  });

  it('leaves a community step that no higher skill reads, or reads only unsurely or by a catch-all', () => {
    const mine = plan(step('late', 'greet Ada'));
    expect(applyPrecedence(mine, host, () => none, () => none)).toBe(mine);
    expect(applyPrecedence(mine, host, () => plan(step('notes', 'greet Ada', STRONG - 0.01)), () => none)).toBe(mine);
    expect(applyPrecedence(mine, host, () => plan(step('knowledge', 'greet Ada')), () => none)).toBe(mine);
  });

  it('an earlier community skill keeps a phrase against a later one; built-in steps are never checked', () => {
    const out = applyPrecedence(plan(step('late', 'greet Ada')), host, (_t, skills) => (skills.includes('early') ? plan(step('early', 'greet Ada')) : none), (skills) => (skills.includes('late') ? none : plan(step('early', 'greet Ada'))));
    expect(out).toEqual(plan(step('early', 'greet Ada')));
    let calls = 0;
    const builtin = plan(step('notes', 'take a note x'));
    expect(applyPrecedence(builtin, host, () => (calls++, none), () => none)).toBe(builtin);
    expect(calls).toBe(0);
  });
});
