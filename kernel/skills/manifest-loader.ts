/**
 * Reading `skill.json` from a skill folder. A malformed manifest never stops the kernel: the
 * result names the skill folder and every bad field, and the other skills load as usual.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SkillManifestSchema, describeIssues, type SkillManifest } from '../contracts/index.js';

export type ManifestLoad =
  | { ok: true; dir: string; manifest: SkillManifest }
  | { ok: false; dir: string; skill: string; errors: string[] };

export const MANIFEST_FILE = 'skill.json';
const MAX_MANIFEST_BYTES = 2_000_000;

export function loadManifest(dir: string): ManifestLoad {
  const file = path.join(dir, MANIFEST_FILE);
  const skill = path.basename(dir);
  let raw: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_MANIFEST_BYTES) return { ok: false, dir, skill, errors: [`${MANIFEST_FILE} is ${size} bytes; the limit is ${MAX_MANIFEST_BYTES}`] };
    raw = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, dir, skill, errors: [`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, dir, skill, errors: [`${MANIFEST_FILE} is not valid JSON: ${(error as Error).message}`] };
  }
  const parsed = SkillManifestSchema.safeParse(json);
  if (!parsed.success) {
    const id = typeof (json as { id?: unknown })?.id === 'string' ? (json as { id: string }).id : skill;
    return { ok: false, dir, skill: id, errors: describeIssues(parsed.error) };
  }
  return { ok: true, dir, manifest: parsed.data };
}

/** Every sub-folder of `root` that holds a skill.json. */
export function discoverSkillDirs(root: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, e.name, MANIFEST_FILE)))
    .map((e) => path.join(root, e.name))
    .sort();
}

/**
 * The entry module's file. A built-in skill ships `index.js` after the build; when running from
 * sources (tests, development) the `.ts` beside it is used.
 */
export function resolveEntry(dir: string, entry: string): string {
  const file = path.join(dir, entry);
  if (fs.existsSync(file)) return file;
  if (file.endsWith('.js')) {
    const ts = file.slice(0, -3) + '.ts';
    if (fs.existsSync(ts)) return ts;
  }
  return file;
}
