/**
 * MCP tools → skill intents: each tool becomes an intent named after it, recognised by its name
 * in words ("get weather" for `get_weather`) followed by its arguments, which are mapped back onto
 * the tool's input schema at call time (one argument: the rest of the request; several:
 * `key=value` pairs or a JSON object).
 */
import type { IntentSpec } from '../contracts/index.js';
import { safeText } from '../sdk/index.js';
import type { McpTool } from './server.js';

export function toolWords(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[^a-zA-Z0-9]+/g, ' ')
    .trim()
    .toLowerCase();
}

export function intentId(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').replace(/^[^a-z]+/, '');
  return (s || 'tool').slice(0, 64);
}

export function intentsFromTools(tools: McpTool[]): IntentSpec[] {
  return tools.slice(0, 500).map((t): IntentSpec => {
    const words = toolWords(t.name);
    const props = Object.keys(t.inputSchema?.properties ?? {});
    return {
      id: intentId(t.name),
      // The server's words are untrusted: they become a label in questions and previews.
      description: safeText(t.description ?? words, { max: 500 }) || words,
      // "use"/"call" only: "run", "open", "start" are the built-in apps skill's words.
      templates: props.length ? [`${words} {input}`, `[use|call] ${words} [with|for|on] {input}`] : [words, `[use|call] ${words}`],
      examples: [props.length ? `${words} ${props.map((p) => `${p}=…`).join(' ')}` : words],
      slots: props.length ? { input: { type: 'text', required: (t.inputSchema.required ?? []).length > 0, prompt: safeText(`What should ${words} use (${props.join(', ')})?`, { max: 300 }) } } : ({} as IntentSpec['slots']),
      confirm: false,
    };
  });
}

/** The tool's arguments from the request's free text. */
export function argumentsFor(tool: McpTool, input: unknown): Record<string, unknown> {
  const props = tool.inputSchema?.properties ?? {};
  const names = Object.keys(props);
  if (input === undefined || input === null || input === '') return {};
  const text = String(input).trim();
  const coerce = (name: string, v: string): unknown => {
    const type = props[name]?.type;
    if (type === 'number' || type === 'integer') return Number(v);
    if (type === 'boolean') return /^(true|yes|1)$/i.test(v);
    return v;
  };
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      // fall through to the other forms
    }
  }
  const pairs = [...text.matchAll(/(\w+)\s*=\s*("([^"]*)"|\S+)/g)];
  if (pairs.length > 0 && pairs.every((p) => names.includes(p[1]!))) {
    return Object.fromEntries(pairs.map((p) => [p[1]!, coerce(p[1]!, p[3] ?? p[2]!)]));
  }
  if (names.length === 1) return { [names[0]!]: coerce(names[0]!, text) };
  // Several numeric arguments given as plain numbers: in schema order.
  const nums = text.match(/-?\d+(\.\d+)?/g) ?? [];
  if (nums.length === names.length && names.every((n) => props[n]?.type === 'number' || props[n]?.type === 'integer')) {
    return Object.fromEntries(names.map((n, i) => [n, Number(nums[i])]));
  }
  return { [names[0]!]: text };
}
