/**
 * Agent Skills (a folder with `SKILL.md`: YAML front matter `name` and `description`, then
 * instructions in Markdown) as AgentOS instruction skills: the folder gets a generated `skill.json`
 * of kind "instructions" whose one intent carries the description, so the recommender and the
 * intent engine see it; the instructions run through the language model when one is configured.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { SkillManifestInput } from '../contracts/index.js';

export const SKILL_MD = 'SKILL.md';

const FrontMatterSchema = z.object({
  name: z.string().min(1).max(64),
  description: z.string().min(1).max(1024),
  license: z.string().max(200).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export class AgentSkillError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentSkillError';
  }
}

export function parseSkillMd(text: string): { front: z.infer<typeof FrontMatterSchema>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new AgentSkillError(`${SKILL_MD} must start with YAML front matter between "---" lines (name, description)`);
  let raw: unknown;
  try {
    raw = parseYaml(m[1]!);
  } catch (error) {
    throw new AgentSkillError(`${SKILL_MD} front matter is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = FrontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AgentSkillError(`${SKILL_MD} front matter: "${issue.path.join('.') || 'root'}" ${issue.message}`);
  }
  return { front: parsed.data, body: m[2]!.trim() };
}

export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const id = /^[a-z]/.test(s) ? s : `skill-${s}`;
  return id.length >= 2 ? id : `skill-${id}`;
}

/** The manifest an Agent Skills folder is installed with. */
export function manifestFromSkillMd(dir: string): SkillManifestInput {
  const { front } = parseSkillMd(fs.readFileSync(path.join(dir, SKILL_MD), 'utf8'));
  const id = slug(front.name);
  const words = front.name.replace(/[-_]+/g, ' ').toLowerCase().replace(/[^a-z0-9 ]/g, '').trim();
  const meta = front.metadata ?? {};
  const version = typeof meta.version === 'string' && /^\d+\.\d+\.\d+/.test(meta.version) ? meta.version : '1.0.0';
  return {
    id,
    name: front.name,
    version,
    description: front.description,
    publisher: typeof meta.author === 'string' ? meta.author : 'Agent Skills author',
    kind: 'instructions',
    entry: SKILL_MD,
    intents: [
      {
        id: `${id.replace(/^[^a-z]+/, '')}.run`.slice(0, 64),
        description: front.description.slice(0, 500),
        templates: [`[use] ${words} [to|for|on] {request}`, `[use] ${words}`],
        examples: [`use ${words}`],
        slots: { request: { type: 'text', required: false } },
      },
    ],
    permissions: [{ kind: 'llm', scope: [], reason: 'its instructions run through your language model' }],
    keywords: ['agent-skill'],
  };
}

/** Writes `skill.json` beside `SKILL.md` in a staged folder. */
export function convertAgentSkill(dir: string): SkillManifestInput {
  const manifest = manifestFromSkillMd(dir);
  fs.writeFileSync(path.join(dir, 'skill.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
