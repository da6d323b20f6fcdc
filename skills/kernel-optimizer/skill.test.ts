// The manifest and the entry module agree: every intent and contribution has its handler, the
// command's usage is the one the command prints, and the settings the code reads are declared.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SkillManifestSchema } from '../../kernel/contracts/index.js';
import { USAGE } from './cli/args.js';
import skill from './index.js';

const manifest = SkillManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'skill.json'), 'utf8')));

describe('kernel-optimizer manifest', () => {
  it('has a handler for every intent, command and view', () => {
    const handlers = [...manifest.intents.map((i) => i.id), ...manifest.contributes.commands.map((c) => c.handler), ...manifest.contributes.views.map((v) => v.handler)];
    expect(handlers.sort()).toEqual(Object.keys(skill).sort());
  });

  it('contributes the kernel-opt command with the usage it prints, and the runs view', () => {
    expect(manifest.contributes.commands).toEqual([expect.objectContaining({ name: 'kernel-opt', usage: USAGE, handler: 'kernelopt.command' })]);
    expect(manifest.contributes.views).toEqual([expect.objectContaining({ id: 'runs', title: 'Kernel optimizer', icon: 'gauge', handler: 'kernelopt.view' })]);
  });

  it('declares the python setting and lets the skill run what it builds in its data folder', () => {
    expect(manifest.settings.python).toMatchObject({ type: 'path', default: null });
    expect(manifest.permissions.find((p) => p.kind === 'exec')!.scope).toContain('$DATA/**');
  });
});
