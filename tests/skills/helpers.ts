/** Helpers for the built-in skills' integration tests: a kernel on a temporary profile with the repository's skills. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kernel, type KernelOptions } from '../../kernel/kernel.js';
import type { Response } from '../../kernel/contracts/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const skillsDir = path.join(repoRoot, 'skills');

export function tempDir(prefix = 'agentos-skills-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openTestKernel(options: Partial<KernelOptions> = {}): Kernel {
  return new Kernel({ profileDir: tempDir(), builtinSkillsDir: skillsDir, communitySkillsDir: path.join(tempDir(), 'none'), ...options });
}

/** Runs a request and returns the response, with the skill and intent that served it. */
export async function ask(kernel: Kernel, text: string): Promise<Response & { skill?: string; intent?: string }> {
  const r = await kernel.handle({ text, source: 'cli' });
  return { ...r, skill: r.steps[0]?.skill, intent: r.steps[0]?.intent };
}
