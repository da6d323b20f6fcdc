/** Test helpers for rules: a kernel on a temporary profile with the repository's skills and a clock the test moves. */
import path from 'node:path';
import type { KernelEvent, Response } from '../../kernel/contracts/index.js';
import { Kernel, type KernelOptions } from '../../kernel/kernel.js';
import { skillsDir, tempDir } from '../skills/helpers.js';

export interface TestClock {
  (): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function testClock(start: string): TestClock {
  let now = new Date(start);
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (iso) => (now = new Date(iso));
  clock.advance = (ms) => (now = new Date(now.getTime() + ms));
  return clock;
}

export function rulesKernel(options: Partial<KernelOptions> & { profileDir?: string } = {}): Kernel {
  return new Kernel({ profileDir: options.profileDir ?? tempDir('agentos-rules-'), builtinSkillsDir: skillsDir, communitySkillsDir: path.join(tempDir(), 'none'), ...options });
}

/** Says a sentence and answers its confirmation with yes; returns the answer to the yes. */
export async function makeRule(kernel: Kernel, sentence: string, sessionId = 'test'): Promise<Response> {
  const asked = await kernel.handle({ text: sentence, source: 'cli', sessionId });
  if (asked.status !== 'confirm' || !asked.clarification) throw new Error(`"${sentence}" was not read as a rule: ${asked.status}: ${asked.text}`);
  return kernel.handle({ text: 'yes', source: 'cli', sessionId, replyTo: asked.clarification.id });
}

/** The notifications the kernel emits from now on. */
export function notifications(kernel: Kernel): Extract<KernelEvent, { type: 'notification' }>[] {
  const seen: Extract<KernelEvent, { type: 'notification' }>[] = [];
  kernel.onEvent((e) => {
    if (e.type === 'notification') seen.push(e);
  });
  return seen;
}

/** Resolves with the first event that `test` accepts (no sleeping: the test waits on the event itself). */
export function nextEvent(kernel: Kernel, test: (e: KernelEvent) => boolean): Promise<KernelEvent> {
  return new Promise((resolve) => {
    const off = kernel.onEvent((e) => {
      if (test(e)) {
        off();
        resolve(e);
      }
    });
  });
}
