import { describe, expect, it } from 'vitest';
import { SkillManifestSchema, type Plan } from '../contracts/index.js';
import type { LoadedSkill } from '../skills/index.js';
import { ConfirmationPolicy, isYes, producesUntrusted } from './policy.js';

const skill = (id: string, options: { builtin?: boolean; permissions?: unknown[]; confirm?: boolean } = {}): LoadedSkill => ({
  dir: `/skills/${id}`,
  builtin: options.builtin ?? true,
  manifest: SkillManifestSchema.parse({
    id,
    name: id.toUpperCase(),
    version: '1.0.0',
    description: 'd',
    publisher: 'p',
    entry: 'index.js',
    intents: [{ id: `${id}.do`, description: 'd', templates: [`${id} it`], confirm: options.confirm ?? false }],
    permissions: options.permissions ?? [],
  }),
});

const step = (id: string, skillId: string, inputFrom?: string) => ({ id, skill: skillId, intent: `${skillId}.do`, slots: {}, text: `${skillId} it`, ...(inputFrom ? { inputFrom } : {}) });

function policy(skills: LoadedSkill[], granted: Record<string, string[]> = {}) {
  const byId = new Map(skills.map((s) => [s.manifest.id, s]));
  return new ConfirmationPolicy({ skill: (id) => byId.get(id), grantedKinds: (id) => granted[id] ?? [] });
}

describe('the confirmation policy', () => {
  it('asks before an intent its manifest marks confirm, naming the skill', () => {
    const p = policy([skill('wipe', { confirm: true })]);
    expect(p.reason({ steps: [step('1', 'wipe')] } as Plan)).toMatchObject({ kind: 'intent', question: 'Run "wipe it" with WIPE?' });
  });

  it('asks when untrusted content would feed a step holding a privileged grant, and only then', () => {
    const web = skill('web', { permissions: [{ kind: 'net', scope: ['example.com'] }] });
    const shell = skill('shell');
    const plan = { steps: [step('1', 'web'), step('2', 'shell', '1')] } as Plan;
    expect(policy([web, shell], { shell: ['exec'] }).reason(plan)).toMatchObject({ kind: 'untrusted', source: 'WEB' });
    expect(policy([web, shell], { shell: ['notifications'] }).reason(plan)).toBeUndefined();
    // A built-in that reads neither files nor the web produces trusted content.
    expect(policy([skill('calc'), shell], { shell: ['exec'] }).reason({ steps: [step('1', 'calc'), step('2', 'shell', '1')] } as Plan)).toBeUndefined();
  });

  it('treats every community skill’s output as untrusted', () => {
    expect(producesUntrusted(skill('xx', { builtin: false }))).toBe(true);
    expect(producesUntrusted(skill('yy'))).toBe(false);
  });

  it('reads a yes, and nothing else, as a yes', () => {
    for (const a of ['yes', 'Y', 'ok', 'sure, go', 'go ahead']) expect(isYes(a)).toBe(true);
    for (const a of ['no', 'nope', 'yesterday', '']) expect(isYes(a)).toBe(false);
  });
});

describe('removals that sweep everything', () => {
  it('ask first, whatever the manifest says', () => {
    const p = policy([skill('notes')]);
    const sweep = { id: 's1', skill: 'notes', intent: 'notes.delete', slots: {}, text: 'delete all my notes', confidence: 1 };
    expect(p.reason({ steps: [sweep] })).toMatchObject({ kind: 'broad' });
    expect(p.reason({ steps: [{ ...sweep, text: 'delete the note about Anna' }] })).toBeUndefined();
    expect(p.reason({ steps: [{ ...sweep, intent: 'notes.list', text: 'list all my notes' }] })).toBeUndefined();
  });
});
