// `agentos phrasings`: lists what the kernel learned from this user, as text and JSON, and forgets by id (or prefix).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kernel } from '../../../kernel/index.js';
import type { Io } from '../io.js';
import { main } from '../main.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('agentos phrasings', () => {
  const saved = process.env.AGENTOS_HOME;
  let home: string;
  let learned: { id: string; description: string };

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-phrasings-cli-'));
    process.env.AGENTOS_HOME = home;
    const kernel = new Kernel({ profileDir: home });
    const intent = kernel.registry.get('reminders')!.manifest.intents[0]!;
    const p = kernel.phrasings.learn('give me a shout in 5 min about the oven', { skill: 'reminders', intent: intent.id, example: 'remind me about the oven in 5 minutes', how: 'rephrase' })!;
    learned = { id: p.id, description: intent.description };
    kernel.close();
  });
  afterEach(() => {
    process.env.AGENTOS_HOME = saved;
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists a learned phrasing with what it now means, as text and as JSON', async () => {
    const text = capture();
    expect(await main(['phrasings'], text)).toBe(0);
    expect(text.stdout.join('\n')).toContain('give me a shout in # min about the oven');
    expect(text.stdout.join('\n')).toContain(learned.description);
    expect(text.stdout.join('\n')).toContain(learned.id);
    const json = capture();
    expect(await main(['phrasings', 'list', '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdout[0]!)).toEqual({ phrasings: [expect.objectContaining({ id: learned.id, skill: 'reminders', meaning: learned.description, how: 'rephrase', uses: 0 })] });
  });

  it('forgets a phrasing by a prefix of its id; an unknown id exits 1 naming where the ids are', async () => {
    const forget = capture();
    expect(await main(['phrasings', 'forget', learned.id.slice(0, 6)], forget)).toBe(0);
    expect(forget.stdout.join('\n')).toMatch(/^forgot "give me a shout/);
    const again = capture();
    expect(await main(['phrasings', 'forget', learned.id], again)).toBe(1);
    expect(again.stderr.join('\n')).toMatch(/No learned phrasing has the id .* agentos phrasings/);
    const empty = capture();
    expect(await main(['phrasings'], empty)).toBe(0);
    expect(empty.stdout.join('\n')).toMatch(/No learned phrasings yet/);
  });

  it('refuses a missing id or an unknown action with the usage', async () => {
    const noId = capture();
    expect(await main(['phrasings', 'forget'], noId)).toBe(1);
    expect(noId.stderr.join('\n')).toMatch(/needs the id/);
    const bad = capture();
    expect(await main(['phrasings', 'frobnicate'], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/Usage: agentos phrasings/);
  });
});
