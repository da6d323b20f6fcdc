// What the portal needs to write and say answers as the kernel does: the resolved locale and clock with the settings, the spoken sentence with each answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kernel } from '../../kernel/index.js';
import { dispatch } from './index.js';

let home: string;
let kernel: Kernel;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-portal-time-'));
  kernel = new Kernel({ profileDir: home });
});
afterAll(() => {
  kernel.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the bridge for the portal', () => {
  it('sends the locale and clock the kernel writes times with, following ui.locale and ui.timeFormat', async () => {
    const set = async (key: string, value: string) => {
      const r = await dispatch({ kernel }, 'settings.set', { key, value });
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as { time?: unknown }).time;
    };
    expect(await set('ui.locale', 'en-US')).toEqual({ locale: 'en-US', hour12: true });
    expect(await set('ui.timeFormat', '24h')).toEqual({ locale: 'en-US', hour12: false });
    expect(await set('ui.locale', 'de-DE')).toEqual({ locale: 'de-DE', hour12: false });
    expect(await set('ui.timeFormat', '12h')).toEqual({ locale: 'de-DE', hour12: true });
    const got = await dispatch({ kernel }, 'settings.get', {});
    expect(got.ok && (got.value as { time?: unknown }).time).toEqual({ locale: 'de-DE', hour12: true });
  });

  it("answers with the sentence a spoken reply says, without the card's lines", async () => {
    const ask = async (text: string) => {
      const r = await dispatch({ kernel }, 'kernel.handle', { text, source: 'ui' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value as { text: string; spoken?: string; steps: { result?: { card?: { type: string } } }[] };
    };
    await ask('take a note buy oat milk');
    await ask('take a note call the dentist');
    const listed = await ask('list my notes');
    expect(listed.steps[0]?.result?.card).toBeTruthy();
    expect(listed.spoken).toBeTruthy();
    expect(listed.spoken).not.toMatch(/oat milk|dentist|\n/);
  });
});
