/**
 * Bridge handlers for learned phrasings (personal intent mining): settings list what each phrasing
 * the user taught the kernel now means, and forget one. The meaning is put in words here (the
 * skill's name and the intent's description) so the portal shows it without knowing manifests.
 */
import type { LearnedPhrasing, LearnedPhrasingView } from '../../kernel/contracts/index.js';
import type { Kernel } from '../../kernel/index.js';
import type { Handlers } from './types.js';

/** A learned phrasing with what it means in words; a skill removed since falls back to its id. */
export function describePhrasing(kernel: Pick<Kernel, 'registry'>, p: LearnedPhrasing): LearnedPhrasingView {
  const manifest = kernel.registry.get(p.skill)?.manifest;
  const intent = manifest?.intents.find((i) => i.id === p.intent);
  return { ...p, skillName: manifest?.name ?? p.skill, meaning: intent?.description ?? `${p.skill}: ${p.intent}` };
}

export const handlers: Handlers<'phrasings.list' | 'phrasings.remove'> = {
  async 'phrasings.list'(_input, { kernel }) {
    return kernel.phrasings.list().map((p) => describePhrasing(kernel, p));
  },
  async 'phrasings.remove'({ id }, { kernel }) {
    // An id that is already gone answers ok: false; the portal reloads the list either way.
    return { ok: kernel.phrasings.remove(id) };
  },
};
