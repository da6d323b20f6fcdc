/**
 * The manifest reference of docs/skills.md, generated from the schema (kernel/contracts/manifest.ts,
 * through zod's JSON Schema): every field with its type, default or "required", and its limits. The
 * meaning of each field is kept here, keyed by its path; tests/cli/skill-author.test.ts fails when the
 * schema gains a field without one or the document is out of date
 * (`npx tsx tests/cli/manifest-docs.ts --write` rewrites it).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SkillManifestSchema } from '../../kernel/contracts/index.js';
import { docSection } from './doc-section.js';

export const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/skills.md');
const section = docSection(DOC, 'manifest', 'tests/cli/manifest-docs.ts');

export const MEANING: Record<string, string> = {
  id: 'Unique id; the skill\'s data folder, settings (`skill.ID.KEY`) and grants are keyed by it',
  name: 'Name shown in the portal, the CLI and consent prompts',
  version: 'Semantic version; `agentos skill rollback` returns to the previously installed one',
  description: 'What the skill does, in a sentence or two: the recommender and the intent engine read it',
  publisher: 'Who publishes it; a signed package binds it to the signing key',
  kind: '`module` (an ES module exporting handlers), `instructions` (an Agent Skills SKILL.md run by the language model), `mcp` (an MCP server over stdio)',
  entry: 'The file the kernel starts: index.js for a module, SKILL.md for instructions, the server script for mcp (inside the folder)',
  intents: 'What the skill understands; each intent id is a handler name of the entry module',
  'intents[].id': 'Intent id and handler name (`weather.today`)',
  'intents[].description': 'One line shown in help and used by the recommender',
  'intents[].templates': 'Phrasings in the template grammar: `(a|b)` alternatives, `[x]` optional, `{slot}` a slot, `<rule>` a shared rule',
  'intents[].examples': 'Natural example requests; trained on and shown in help',
  'intents[].slots': 'The values the kernel extracts, by slot name',
  'intents[].slots.*.type': 'A typed slot: number, integer, ordinal, duration, datetime, date, time, path, url, email, word, text or math',
  'intents[].slots.*.min': 'Lowest accepted number',
  'intents[].slots.*.max': 'Highest accepted number',
  'intents[].slots.*.values': 'A list slot instead of a type: the accepted values',
  'intents[].slots.*.values[].value': 'A value, with spoken synonyms',
  'intents[].slots.*.values[].synonyms': 'Other words for the value ("nyc" for "New York")',
  'intents[].slots.*.required': 'The kernel asks for the slot when it is missing',
  'intents[].slots.*.prompt': 'The question asked for a missing slot',
  'intents[].slots.*.choices': 'Answers offered as choices when the kernel asks',
  'intents[].slots.*.description': 'What the slot is, for help and the language model',
  'intents[].confirm': 'The kernel asks the user before running the intent',
  'intents[].readOnly': 'The intent changes nothing (lists, answers): a doubtful spoken request for it runs without a read-back; cannot be combined with confirm',
  'intents[].fallback': 'A catch-all tried when nothing else understood the request (built-in skills only)',
  rules: 'Shared template rules, usable as `<name>` in this skill\'s templates',
  permissions: 'What the skill may touch; the user grants each at install and can revoke it (`agentos grants`)',
  'permissions[].kind': 'fs.read, fs.write, exec, net, clipboard, notifications, microphone, gpu or llm',
  'permissions[].scope': 'fs.*: paths from `~`, `$HOME` or `$DATA` (its data folder); exec: `PROGRAM [ARGUMENT-PATTERN…]`; net: hosts (`*.example.com`)',
  'permissions[].reason': 'Why the skill needs it, shown in the consent prompt',
  settings: 'Settings the user can change (`agentos settings set skill.ID.KEY VALUE`)',
  'settings.*.type': 'string, number, boolean, enum or path',
  'settings.*.description': 'What the setting does',
  'settings.*.default': 'The value until the user sets one',
  'settings.*.values': 'The choices of an enum setting',
  'settings.*.secret': 'Shown masked (an API key)',
  keywords: 'Extra words for the recommender',
  contributes: 'What the skill adds to the hosts besides intents',
  'contributes.commands': '`agentos NAME …` commands; the handler gets `{ argv }` and returns `{ text, data: { exitCode } }`',
  'contributes.commands[].name': 'The command word',
  'contributes.commands[].summary': 'One line for `agentos --help`',
  'contributes.commands[].usage': 'The usage text its `--help` prints',
  'contributes.commands[].handler': 'Handler name in the entry module',
  'contributes.views': 'Portal views; the handler returns a result whose `data` is a SkillView',
  'contributes.views[].id': 'View id',
  'contributes.views[].title': 'Title in the sidebar',
  'contributes.views[].icon': 'Icon name of the portal\'s icon set',
  'contributes.views[].handler': 'Handler name in the entry module',
  'contributes.views[].description': 'One line under the title',
  homepage: 'Where to read more (an https URL)',
};

interface Row { path: string; type: string; presence: string; limits: string }
type Schema = Record<string, unknown> & { type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; additionalProperties?: Schema | boolean; anyOf?: Schema[] };

function typeOf(s: Schema): string {
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(' or ');
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return 'map';
  return String(s.type ?? 'any');
}

function limits(s: Schema): string {
  const out: string[] = [];
  if (s.pattern) out.push(`matches \`${String(s.pattern)}\``);
  if (s.minLength !== undefined || s.maxLength !== undefined) out.push(`${s.minLength ?? 0}–${s.maxLength ?? '∞'} characters`);
  if (s.maxItems !== undefined) out.push(`at most ${String(s.maxItems)} items`);
  if (s.format) out.push(String(s.format));
  return out.join(', ');
}

function walk(s: Schema, prefix: string, rows: Row[]): void {
  if (s.anyOf) {
    for (const alt of s.anyOf) walk(alt, prefix, rows);
    return;
  }
  if (s.type === 'object' && s.properties) {
    for (const [k, v] of Object.entries(s.properties)) {
      const p = `${prefix}${prefix ? '.' : ''}${k}`;
      if (!rows.some((r) => r.path === p)) rows.push({ path: p, type: typeOf(v), presence: v.default !== undefined ? `default \`${JSON.stringify(v.default)}\`` : s.required?.includes(k) ? 'required' : 'optional', limits: limits(v) });
      walk(v, p, rows);
    }
  }
  if (s.type === 'object' && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${prefix}.*`, rows);
  if (s.type === 'array' && s.items) walk(s.items, `${prefix}[]`, rows);
}

export function manifestRows(): Row[] {
  const rows: Row[] = [];
  walk(z.toJSONSchema(SkillManifestSchema, { io: 'input', unrepresentable: 'any' }) as Schema, '', rows);
  return rows;
}

export function manifestTable(): string {
  const cell = (s: string) => s.replace(/\|(?!\s)/g, '\\|');
  const rows = manifestRows().map((r) => `| \`${r.path}\` | ${cell(r.type)} | ${r.presence} | ${cell(r.limits)} | ${MEANING[r.path] ?? '**undocumented**'} |`);
  return section.wrap(['| field | type | presence | limits | meaning |', '|---|---|---|---|---|', ...rows]);
}

/** The reference as docs/skills.md has it now. */
export const documentedManifest = (): string => section.current();

if (process.argv.includes('--write')) {
  section.write(manifestTable());
  process.stdout.write(`wrote the manifest reference of ${DOC}\n`);
}
