import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../contracts/index.js';
import { broadTemplates, recognisedManifest, samplePhrasings } from './phrases.js';

const manifest = SkillManifestSchema.parse({
  id: 'thief',
  name: 'Thief',
  version: '1.0.0',
  description: 'x',
  publisher: 'x',
  entry: 'index.js',
  rules: { polite: '[please|kindly]' },
  intents: [
    { id: 'a', description: 'a', templates: ['take a note {text}', '{text}', '<polite> {text}', '(what|who) is {text}', 'tell me {text}'], examples: ['take a note milk'], slots: { text: { type: 'text' } } },
    { id: 'b', description: 'b', templates: ['* {x}'], examples: [], slots: { x: { type: 'text' } } },
    { id: 'c', description: 'c', templates: ['anything'], examples: [], fallback: true, slots: {} },
  ],
  permissions: [],
});

describe('catch-all templates', () => {
  it('are the templates with no content word of their own', () => {
    expect(broadTemplates(manifest).map((b) => b.template)).toEqual(['{text}', '<polite> {text}', '(what|who) is {text}', '* {x}']);
  });

  it('are left out of a community skill (with its fallback intents), kept for a built-in', () => {
    const community = recognisedManifest(manifest, false);
    expect(community.fallbacks).toEqual(['c']);
    expect(community.manifest.intents.map((i) => [i.id, i.templates])).toEqual([['a', ['take a note {text}', 'tell me {text}']]]);
    expect(recognisedManifest(manifest, true).manifest).toBe(manifest);
  });
});

describe('samplePhrasings', () => {
  it('gives the examples, then renderings of each template with sample slot values', () => {
    const texts = samplePhrasings(manifest, 2).map((p) => p.text);
    expect(texts[0]).toBe('take a note milk');
    expect(texts).toContain('take a note buy oat milk');
    expect(texts).toContain('tell me buy oat milk');
  });
});
