/**
 * Reading what models write: tool-call arguments that are almost JSON (wrapped in a code fence,
 * followed by a remark, with a trailing comma), and the JSON-only answers of models without tool
 * support ({"tool": …, "arguments": …} or {"answer": …}). What cannot be repaired is refused with
 * a sentence the model (and the user) can act on.
 */
import { z } from 'zod';

/** The first balanced {...} in text, strings respected; undefined when there is none. */
export function firstObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A JSON object from a model's text, repaired where the repair is unambiguous. */
export function parseLooseObject(text: string): { value: Record<string, unknown>; repaired: boolean } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: {}, repaired: false };
  const direct = tryParse(trimmed);
  if (direct && typeof direct === 'object' && !Array.isArray(direct)) return { value: direct as Record<string, unknown>, repaired: false };
  // A fenced block (```json … ```) holds the object; otherwise it is somewhere in the text.
  const unfenced = /```(?:json)?\s*([\s\S]*?)(?:```|$)/i.exec(trimmed)?.[1] ?? trimmed;
  const candidate = firstObject(unfenced);
  if (candidate) {
    for (const attempt of [candidate, candidate.replace(/,\s*([}\]])/g, '$1')]) {
      const v = tryParse(attempt);
      if (v && typeof v === 'object' && !Array.isArray(v)) return { value: v as Record<string, unknown>, repaired: true };
    }
  }
  return { problem: `the arguments are not a JSON object (${JSON.stringify(trimmed.slice(0, 80))})` };
}

const JsonToolSchema = z.object({ tool: z.string().min(1).max(200), arguments: z.record(z.string(), z.unknown()).optional().default({}) });
const JsonAnswerSchema = z.object({ answer: z.string() });
const JsonCannotSchema = z.object({ cannot: z.string() });

export type JsonReply = { kind: 'tool'; name: string; arguments: Record<string, unknown> } | { kind: 'answer'; text: string } | { kind: 'cannot'; text: string } | { kind: 'malformed'; problem: string };

/** A JSON-mode model's reply. Plain text with no JSON in it is taken as the answer. */
export function parseJsonReply(content: string): JsonReply {
  const parsed = parseLooseObject(content);
  if ('problem' in parsed) {
    const plain = content.trim();
    if (plain && !plain.includes('{')) return { kind: 'answer', text: plain };
    return { kind: 'malformed', problem: parsed.problem };
  }
  const tool = JsonToolSchema.safeParse(parsed.value);
  if (tool.success) return { kind: 'tool', name: tool.data.tool, arguments: tool.data.arguments };
  const answer = JsonAnswerSchema.safeParse(parsed.value);
  if (answer.success) return { kind: 'answer', text: answer.data.answer };
  const cannot = JsonCannotSchema.safeParse(parsed.value);
  if (cannot.success) return { kind: 'cannot', text: cannot.data.cannot };
  return { kind: 'malformed', problem: 'the reply is JSON but has none of "tool", "answer" or "cannot"' };
}

/** The marker a tool-calling model starts its answer with when no tool fits (see prompt.ts). */
export const CANNOT = /^\s*CANNOT\s*:\s*/i;
