import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptDatabaseError, Kernel, ValidationError } from '../../kernel/index.js';
import { SkillManifestSchema } from '../../kernel/contracts/index.js';
import { echoCode, echoSkill, tempDir, writeSkill } from './helpers.js';

function kernelWith(skills: { manifest: Record<string, unknown>; code: string }[] = [{ manifest: echoSkill, code: echoCode }]) {
  const builtin = tempDir('agentos-skills-');
  for (const s of skills) writeSkill(builtin, s.manifest, s.code);
  return new Kernel({ profileDir: tempDir(), builtinSkillsDir: builtin });
}

describe('the kernel loop', () => {
  it('finds the intent, runs the skill, answers and logs request and result', async () => {
    const kernel = kernelWith();
    const res = await kernel.handle({ text: 'say hello world', source: 'api' });
    expect(res.status).toBe('served');
    expect(res.text).toBe('hello world');
    expect(res.steps[0]).toMatchObject({ skill: 'echo', intent: 'echo.say', slots: { words: 'hello world' } });
    const rows = kernel.db.prepare('SELECT kind, status, skill, intent, slots FROM events ORDER BY seq').all();
    expect(rows).toEqual([
      { kind: 'request', status: null, skill: null, intent: null, slots: null },
      { kind: 'result', status: 'served', skill: 'echo', intent: 'echo.say', slots: JSON.stringify({ words: 'hello world' }) },
    ]);
    expect(kernel.eventLog.history(5)[0]).toMatchObject({ text: 'say hello world', status: 'served', skill: 'echo' });
    kernel.close();
  });

  it('gives a skill only the capabilities it was granted', async () => {
    const kernel = kernelWith();
    const res = await kernel.handle({ text: 'say hi' });
    expect((res.steps[0]?.result?.data as { grants: string[] }).grants).toEqual([]);
    kernel.close();
  });

  it('says when it does not understand, with suggestions', async () => {
    const kernel = kernelWith();
    const res = await kernel.handle({ text: 'fly me to the moon' });
    expect(res.status).toBe('not_understood');
    expect(res.suggestions.length).toBeGreaterThan(0);
    expect(res.suggestions.map((s) => s.request)).toContain('what can you do');
    kernel.close();
  });

  it('asks for a missing required slot and finishes the same request with the answer', async () => {
    const kernel = kernelWith();
    const first = await kernel.handle({ text: 'shout', sessionId: 's1' });
    expect(first.status).toBe('ask_slot');
    expect(first.text).toBe('What should I shout?');
    const second = await kernel.handle({ text: 'hello', sessionId: 's1', replyTo: first.clarification!.id });
    expect(second.status).toBe('served');
    expect(second.text).toBe('HELLO!');
    kernel.close();
  });

  it('asks before running an intent that needs confirmation', async () => {
    const kernel = kernelWith();
    const ask = await kernel.handle({ text: 'wipe everything', sessionId: 'c' });
    expect(ask.status).toBe('confirm');
    const no = await kernel.handle({ text: 'no', sessionId: 'c', replyTo: ask.clarification!.id });
    expect(no.status).not.toBe('served');
    const ask2 = await kernel.handle({ text: 'wipe everything', sessionId: 'c' });
    const yes = await kernel.handle({ text: 'yes', sessionId: 'c', replyTo: ask2.clarification!.id });
    expect(yes.text).toBe('wiped');
    kernel.close();
  });

  it('keeps serving when a skill throws, returns garbage or is disabled', async () => {
    const broken = { ...echoSkill, id: 'broken', intents: [{ id: 'b.boom', description: 'boom', templates: ['boom'] }, { id: 'b.junk', description: 'junk', templates: ['junk'] }] };
    const kernel = kernelWith([
      { manifest: echoSkill, code: echoCode },
      { manifest: broken, code: `export default { 'b.boom': async () => { throw new Error('kaboom'); }, 'b.junk': async () => ({ nope: 1 }) };` },
    ]);
    const boom = await kernel.handle({ text: 'boom' });
    expect(boom.status).toBe('error');
    expect(boom.text).toContain('kaboom');
    const junk = await kernel.handle({ text: 'junk' });
    expect(junk.status).toBe('error');
    expect(junk.text).toContain('malformed result');
    expect((await kernel.handle({ text: 'say still here' })).text).toBe('still here');
    kernel.setSkillEnabled('echo', false);
    const off = await kernel.handle({ text: 'say hi' });
    expect(off.status).toBe('not_understood');
    expect(off.text).toMatch(/Echo is turned off.*agentos skills enable echo/);
    expect(off.steps).toEqual([]);
    kernel.setSkillEnabled('echo', true);
    expect((await kernel.handle({ text: 'say hi again' })).text).toBe('hi again');
    kernel.close();
  });

  it('trains the intent engine on enabled skills only, at start and when one is enabled or disabled', async () => {
    const other = { ...echoSkill, id: 'shout', intents: [{ id: 'shout.loud', description: 'shout', templates: ['shout {words}'], slots: { words: { type: 'text' } } }] };
    const first = kernelWith([
      { manifest: echoSkill, code: echoCode },
      { manifest: other, code: `export default { 'shout.loud': async (s) => ({ text: String(s.words).toUpperCase() }) };` },
    ]);
    const skillsFor = (k: Kernel, text: string) => k.engine.recognize(text).candidates.map((c) => c.skill);
    expect(skillsFor(first, 'shout hello')).toContain('shout');
    first.setSkillEnabled('shout', false);
    expect(skillsFor(first, 'shout hello')).not.toContain('shout');
    const profile = first.profileDir;
    const builtin = path.dirname(first.registry.get('echo')!.dir);
    first.close();
    // A new process over the same profile starts with the skill still disabled, and untrained.
    const second = new Kernel({ profileDir: profile, builtinSkillsDir: builtin });
    expect(skillsFor(second, 'shout hello')).not.toContain('shout');
    second.setSkillEnabled('shout', true);
    expect(skillsFor(second, 'shout hello')).toContain('shout');
    expect((await second.handle({ text: 'shout hello' })).text).toBe('HELLO');
    second.close();
  });
});

describe('bad input', () => {
  it('refuses an empty or oversized request with the problem and the fix, and logs nothing', async () => {
    const kernel = kernelWith();
    await expect(kernel.handle({ text: '   ' })).rejects.toThrow(/empty/);
    await expect(kernel.handle({ text: 'x'.repeat(10_001) })).rejects.toThrow(/longer than 10,000 characters/);
    await expect(kernel.handle({ text: 'x'.repeat(10_001) })).rejects.toBeInstanceOf(ValidationError);
    expect(kernel.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 0 });
    kernel.close();
  });

  it('starts with the other skills when a manifest is malformed, naming the skill and the field', async () => {
    const bad = { ...echoSkill, id: 'badskill', version: 'one', intents: [{ id: 'Bad Id', description: 'x', templates: ['x'] }] };
    const kernel = kernelWith([
      { manifest: echoSkill, code: echoCode },
      { manifest: bad, code: 'export default {}' },
    ]);
    expect(kernel.registry.get('echo')).toBeDefined();
    expect(kernel.registry.get('badskill')).toBeUndefined();
    const problem = kernel.problems.find((p) => p.skill === 'badskill');
    expect(problem?.errors.join('\n')).toMatch(/version: must be a semantic version/);
    expect(problem?.errors.join('\n')).toMatch(/intents\[0\]\.id/);
    expect((await kernel.handle({ text: 'say ok' })).text).toBe('ok');
    kernel.close();
  });

  it('names the template position when a template does not compile', () => {
    const bad = { ...echoSkill, id: 'badtpl', intents: [{ id: 'x.y', description: 'x', templates: ['say {nope}'] }] };
    const kernel = kernelWith([{ manifest: bad, code: 'export default {}' }]);
    const problem = kernel.problems.find((p) => p.skill === 'badtpl');
    expect(problem?.errors.join('\n')).toMatch(/badtpl.*x\.y/s);
    kernel.close();
  });

  it('keeps a corrupt database file untouched and says how to recover', () => {
    const profile = tempDir();
    const file = path.join(profile, 'agentos.db');
    const junk = Buffer.from('this is not a sqlite database, it is a shopping list: milk, eggs'.repeat(100));
    fs.writeFileSync(file, junk);
    expect(() => new Kernel({ profileDir: profile, builtinSkillsDir: tempDir() })).toThrow(CorruptDatabaseError);
    try {
      new Kernel({ profileDir: profile, builtinSkillsDir: tempDir() });
    } catch (error) {
      expect((error as Error).message).toMatch(/left untouched/);
      expect((error as Error).message).toMatch(/AGENTOS_HOME/);
    }
    expect(fs.readFileSync(file)).toEqual(junk);
  });
});

describe('timers', () => {
  it('fires a due timer while running and reports missed ones at start', async () => {
    const profile = tempDir();
    const builtin = tempDir();
    const k1 = new Kernel({ profileDir: profile, builtinSkillsDir: builtin });
    k1.scheduler.schedule('test', { kind: 'reminder', title: 'long ago', dueAt: new Date(Date.now() - 60_000).toISOString() });
    k1.close();
    const k2 = new Kernel({ profileDir: profile, builtinSkillsDir: builtin, startScheduler: true });
    const fired: string[] = [];
    k2.onEvent((e) => e.type === 'timer.fired' && fired.push(e.timer.title));
    expect(k2.missedTimers.map((t) => t.title)).toEqual(['long ago']);
    k2.scheduler.schedule('test', { kind: 'timer', title: 'soon', dueAt: new Date(Date.now() + 150).toISOString() });
    await new Promise((r) => setTimeout(r, 600));
    expect(fired).toEqual(['soon']);
    expect(k2.scheduler.list({ includeDone: true }).map((t) => t.status).sort()).toEqual(['fired', 'missed']);
    k2.close();
  });

  it("leaves a community skill's catch-all intents out of recognition and says so", () => {
    const kernel = kernelWith();
    const manifest = SkillManifestSchema.parse({
      ...echoSkill,
      id: 'snoop',
      name: 'Snoop',
      intents: [
        { id: 'snoop.all', description: 'Sees every question', templates: ['(who|what|where|when) *'], fallback: true },
        { id: 'snoop.ping', description: 'Ping', templates: ['snoop ping'] },
      ],
    });
    kernel.addSkill({ manifest, dir: tempDir(), builtin: false });
    expect(kernel.problems.find((p) => p.skill === 'snoop')?.errors.join(' ')).toMatch(/catch-all intents \(snoop\.all.*built-in skills only/);
    expect(kernel.engine.recognize('who leads Orion').candidates.some((c) => c.intent === 'snoop.all')).toBe(false);
    expect(kernel.engine.recognize('snoop ping').candidates[0]).toMatchObject({ skill: 'snoop', intent: 'snoop.ping' });
    kernel.close();
  });
});
