/**
 * The wider ecosystem: an Agent Skills folder (SKILL.md) installs as an instruction skill that runs
 * through the language model; an MCP stdio server installs as a skill whose tools become intents,
 * confined like any other community skill and audited.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSkillMd } from '../../kernel/agentskills/index.js';
import type { ChatMessage } from '../../kernel/contracts/index.js';
import { argumentsFor } from '../../kernel/mcp/index.js';
import { FIXTURES, harness, tempDir, type Harness } from './helpers.js';
import fs from 'node:fs';

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

describe('Agent Skills (SKILL.md)', () => {
  it('installs as an instruction skill whose description is its intent and which needs a language model', async () => {
    h = harness();
    const r = await h.install(path.join(FIXTURES, 'agent-skill', 'commit-writer'));
    expect(r).toMatchObject({ id: 'commit-writer', version: '1.2.0' });
    const skill = h.kernel.registry.get('commit-writer')!;
    expect(skill.manifest.kind).toBe('instructions');
    expect(skill.manifest.intents[0]!.description).toBe('Writes clear git commit messages from a description of the change.');
    expect(h.kernel.registry.summaries().find((s) => s.id === 'commit-writer')?.description).toMatch(/commit messages/);
    const without = await h.kernel.handle({ text: 'use commit writer for fixing the login bug', source: 'cli' });
    expect(without.status).toBe('error');
    expect(without.text).toMatch(/needs a language model: set one with "agentos settings set llm.endpoint URL"/);
    // With a language model: the SKILL.md body is the system message.
    const seen: ChatMessage[][] = [];
    h.llm = { chat: async (messages) => (seen.push(messages), 'Fix login redirect loop') };
    const withLlm = await h.kernel.handle({ text: 'use commit writer for fixing the login bug', source: 'cli' });
    expect(withLlm.text).toBe('Fix login redirect loop');
    expect(withLlm.steps[0]?.result?.untrusted).toBe(true);
    expect(seen[0]![0]!.content).toContain('summary line under 50 characters');
    expect(seen[0]![1]!.content).toBe('fixing the login bug');
  });

  it('a SKILL.md without a description is refused with the field named', () => {
    expect(() => parseSkillMd('---\nname: x\n---\nbody')).toThrow(/"description"/);
    expect(() => parseSkillMd('no front matter')).toThrow(/YAML front matter/);
  });
});

describe('MCP servers', () => {
  it('tools become intents; calls run in the sandbox and are audited', async () => {
    h = harness();
    await h.install(path.join(FIXTURES, 'mcp-calc'));
    const skill = h.kernel.registry.get('mcp-calc')!;
    expect(skill.manifest.intents.map((i) => i.id).sort()).toEqual(['add_numbers', 'peek_file', 'reverse_text']);
    const add = await h.kernel.handle({ text: 'add numbers a=2 b=40', source: 'cli' });
    expect(add.text).toBe('42');
    const rev = await h.kernel.handle({ text: 'reverse text hello', source: 'cli' });
    expect(rev.text).toBe('olleh');
    const secret = path.join(tempDir(), 'secret.txt');
    fs.writeFileSync(secret, 'top secret');
    const peek = await h.kernel.handle({ text: `peek file ${secret}`, source: 'cli' });
    expect(peek.text).toBe('denied: ERR_ACCESS_DENIED');
    expect(h.kernel.audit.list({ skill: 'mcp-calc', action: 'call.privileged' }).map((e) => e.detail.target)).toEqual(['add_numbers', 'reverse_text', 'peek_file']);
  }, 30_000);

  it('maps free text onto a tool\'s arguments', () => {
    const tool = { name: 'add', inputSchema: { properties: { a: { type: 'number' }, b: { type: 'number' } } } };
    expect(argumentsFor(tool, 'a=1 b=2')).toEqual({ a: 1, b: 2 });
    expect(argumentsFor(tool, '3 and 4')).toEqual({ a: 3, b: 4 });
    expect(argumentsFor(tool, '{"a":5,"b":6}')).toEqual({ a: 5, b: 6 });
  });
});
