// Learned phrasings over the bridge: listed with what they now mean in words, and forgotten by id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kernel } from '../../kernel/index.js';
import { dispatch } from './index.js';

let home: string;
let kernel: Kernel;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-phrasings-'));
  kernel = new Kernel({ profileDir: home });
});
afterAll(() => {
  kernel.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('phrasings bridge', () => {
  it('lists a learned phrasing with the skill name and the intent description, then forgets it', async () => {
    const reminder = kernel.registry.get('reminders')!.manifest;
    const intent = reminder.intents[0]!;
    const learned = kernel.phrasings.learn('give me a shout in 5 min about the oven', { skill: 'reminders', intent: intent.id, example: 'remind me about the oven in 5 minutes', how: 'rephrase' })!;
    const listed = await dispatch({ kernel }, 'phrasings.list', {});
    expect(listed).toMatchObject({ ok: true, value: [{ id: learned.id, skill: 'reminders', skillName: reminder.name, meaning: intent.description, how: 'rephrase', uses: 0 }] });
    expect(await dispatch({ kernel }, 'phrasings.remove', { id: learned.id })).toEqual({ ok: true, value: { ok: true } });
    expect(await dispatch({ kernel }, 'phrasings.remove', { id: learned.id })).toEqual({ ok: true, value: { ok: false } });
    expect(await dispatch({ kernel }, 'phrasings.list', {})).toEqual({ ok: true, value: [] });
  });

  it('names a skill removed since by its id and intent', async () => {
    const learned = kernel.phrasings.learn('brew the coffee now', { skill: 'barista', intent: 'brew', example: 'make coffee', how: 'suggestion' })!;
    const listed = await dispatch({ kernel }, 'phrasings.list', {});
    expect(listed.ok && listed.value).toEqual([expect.objectContaining({ id: learned.id, skillName: 'barista', meaning: 'barista: brew' })]);
  });

  it('refuses input that is not an id', async () => {
    expect(await dispatch({ kernel }, 'phrasings.remove', {})).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await dispatch({ kernel }, 'phrasings.list', { all: true })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});
