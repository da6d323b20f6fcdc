/**
 * What a reply says aloud: the sentence of each answer (a skill's `speak`, else its text up to the
 * first line break), never the card under it, which is for reading. Hosts that speak replies (the
 * CLI's `voice --speak`, the portal) use this, so a spoken reply and the written one use the same
 * words, times included (they come from one formatter, time-format.ts).
 */
import type { Response } from '../contracts/index.js';

/** The first line of a text: a skill that still lists its items below its sentence is read up to the list. */
const sentenceOf = (text: string) => (text.split('\n').find((l) => l.trim()) ?? '').replace(/:\s*$/, '.').trim();

export function spokenReply(response: Pick<Response, 'status' | 'text' | 'steps'>): string {
  if (response.status !== 'served' && response.status !== 'partial') return response.text.trim();
  const said = response.steps.map((s) => (s.status === 'ok' && s.result ? (s.result.speak?.trim() || sentenceOf(s.result.text)) : sentenceOf(`${s.skill} could not do that: ${s.error ?? 'it failed'}`)));
  return said.filter(Boolean).join(' ');
}
