/**
 * One missing slot, filled by the model: when the classical planner would ask the user for a value
 * the request left out (or that did not parse), the model is asked for just that value — one small
 * call with the request, the intent and the slot's name, type and description. Its reply is only a
 * candidate: the dispatcher reads it as it reads the user's answer (same validation), and asks the
 * user when the model has none ("unknown"), fails, or gives a value that does not read.
 */
import type { IntentSpec, SlotSpec } from '../contracts/index.js';
import type { ChatClient } from './loop.js';

export interface SlotAsk {
  /** The user's request. */
  text: string;
  skill: string;
  intent: string;
  slot: string;
  /** The question the user would be asked. */
  question: string;
}

const MAX_VALUE = 200;

const typeOf = (spec: SlotSpec | undefined): string =>
  !spec ? 'text' : 'values' in spec ? `one of: ${spec.values.map((v) => (typeof v === 'string' ? v : v.value)).slice(0, 30).join(', ')}` : spec.type;

/** The messages of the call: what to fill, and the one-line answer expected. */
export function slotMessages(ask: SlotAsk, intent: Pick<IntentSpec, 'description' | 'slots'> | undefined) {
  const spec = intent?.slots[ask.slot];
  const facts = [
    `Request: ${JSON.stringify(ask.text)}`,
    `Action: ${ask.skill}/${ask.intent}${intent ? ` (${intent.description})` : ''}`,
    `Missing value: ${ask.slot} (type: ${typeOf(spec)})${spec?.description ? ` — ${spec.description}` : ''}`,
    `The question the user would be asked: ${JSON.stringify(ask.question)}`,
  ];
  return [
    {
      role: 'system' as const,
      content:
        'You fill in one missing value of a request. Reply with the value only, as the user would say it, taken from the request ' +
        '(e.g. "tomorrow at 9am", "15 minutes", "Berlin"). If the request does not say it, reply exactly: unknown',
    },
    { role: 'user' as const, content: facts.join('\n') },
  ];
}

/** The model's value, or undefined when it has none (unknown, empty, too long, several lines). */
export function slotValue(reply: string): string | undefined {
  const value = reply.trim().replace(/^(?:value\s*:\s*)/i, '').replace(/^["'`]+|["'`.]+$/g, '').trim();
  if (!value || value.length > MAX_VALUE || /\n/.test(value) || /^(?:unknown|none|n\/a|null)$/i.test(value)) return undefined;
  return value;
}

/** Asks the model for the slot; undefined when it has none or cannot be asked. */
export async function fillSlot(client: ChatClient, ask: SlotAsk, intent: IntentSpec | undefined, maxTokens: number): Promise<string | undefined> {
  try {
    const result = await client.chat(slotMessages(ask, intent), { maxTokens: Math.min(64, maxTokens) });
    return slotValue(result.content);
  } catch {
    return undefined;
  }
}
