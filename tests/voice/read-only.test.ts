/**
 * The manifest's `readOnly` flag on intents, which decides whether a doubtful spoken request is
 * read back (read-back.ts): the schema takes it and refuses it beside `confirm`; `changesSomething`
 * follows it (unmarked and unknown intents count as changing); and every built-in intent marked
 * read-only really changes nothing when its examples run against a profile with notes and reminders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SkillManifestSchema, type SkillManifest, type SkillManifestInput } from '../../kernel/contracts/index.js';
import { Kernel } from '../../kernel/index.js';
import { changesSomething } from '../../kernel/voice/read-back.js';
import { tempDir } from '../kernel/helpers.js';

const manifest = (intents: SkillManifestInput['intents']): SkillManifestInput => ({ id: 'garden', name: 'Garden', version: '1.0.0', description: 'Plants', publisher: 'tests', entry: 'index.js', intents });

describe('intent readOnly in the manifest', () => {
  it('is optional, kept when given, and refused together with confirm', () => {
    const parsed = SkillManifestSchema.parse(
      manifest([
        { id: 'garden.water', description: 'Water the plants', examples: ['water the tomatoes'] },
        { id: 'garden.list', description: 'List the plants', examples: ['list my plants'], readOnly: true },
      ]),
    );
    expect(parsed.intents.map((i) => i.readOnly)).toEqual([undefined, true]);
    const both = SkillManifestSchema.safeParse(manifest([{ id: 'garden.dig', description: 'Dig up a bed', examples: ['dig up the bed'], readOnly: true, confirm: true }]));
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]).toMatchObject({ path: ['intents', 0, 'readOnly'], message: expect.stringMatching(/readOnly.*confirm/) });
    expect(SkillManifestSchema.safeParse(manifest([{ id: 'garden.list', description: 'List', examples: ['list'], readOnly: 'yes' as unknown as boolean }])).success).toBe(false);
  });

  it('decides whether a spoken request changes something: only a readOnly intent does not', () => {
    const manifests: SkillManifest[] = [
      SkillManifestSchema.parse(
        manifest([
          // Ids that look like reading verbs count for nothing: only the flag does.
          { id: 'garden.list', description: 'Water every plant on the list', examples: ['water the list'] },
          { id: 'garden.water', description: 'How much water the plants had', examples: ['how much water did they get'], readOnly: true },
          { id: 'garden.clear', description: 'Clear all beds', examples: ['clear all beds'], confirm: true },
        ]),
      ),
    ];
    expect(changesSomething('garden', 'garden.list', manifests)).toBe(true);
    expect(changesSomething('garden', 'garden.water', manifests)).toBe(false);
    expect(changesSomething('garden', 'garden.clear', manifests)).toBe(true);
    // An intent no enabled manifest declares (a skill removed since, a typo) counts as changing.
    expect(changesSomething('garden', 'garden.show', manifests)).toBe(true);
    expect(changesSomething('orchard', 'orchard.list', manifests)).toBe(true);
  });
});

describe('built-in intents marked readOnly', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    kernel = new Kernel({ profileDir: tempDir('agentos-readonly-') });
    for (const text of ['add a note buy oat milk', 'add a note call the dentist on monday', 'remind me to stretch in 2 hours', 'set a timer for 25 minutes']) {
      expect((await kernel.handle({ text, source: 'cli' })).status).toBe('served');
    }
  });
  afterAll(() => kernel.close());

  /** What a skill keeps (records, timers), the grants and settings: what "changes nothing" leaves alone. */
  const state = () => {
    const rows = (sql: string) => JSON.stringify(kernel.db.prepare(sql).all());
    return [rows('SELECT * FROM skill_records ORDER BY rowid'), rows('SELECT * FROM timers ORDER BY rowid'), rows('SELECT * FROM grants ORDER BY rowid'), rows('SELECT * FROM settings ORDER BY rowid')];
  };

  it('change nothing when their examples run, and cover the reading intents of every skill that has them', async () => {
    const readOnly = kernel.registry.enabled().flatMap((s) => s.manifest.intents.filter((i) => i.readOnly).map((i) => ({ skill: s.manifest.id, intent: i })));
    expect(new Set(readOnly.map((r) => r.skill))).toEqual(new Set(['calculator', 'files', 'help', 'kernel-optimizer', 'knowledge', 'notes', 'reminders', 'system']));
    let served = 0;
    for (const { skill, intent } of readOnly) {
      for (const example of intent.examples.slice(0, 3)) {
        const before = state();
        const r = await kernel.handle({ text: example.replace(/\[([^\]]+)\]\([a-zA-Z]+\)/g, '$1'), source: 'cli' });
        expect(state(), `"${example}" (${skill}: ${intent.id}) changed what the profile keeps`).toEqual(before);
        if (r.status === 'served' && r.steps.some((s) => s.intent === intent.id)) served++;
      }
    }
    // Most of them ran their own intent (some need grants or the knowledge graph, absent here).
    expect(served).toBeGreaterThan(readOnly.length);
  }, 120_000);
});
