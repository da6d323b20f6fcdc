/**
 * The installed skills: built-ins shipped with AgentOS and community skills installed into the
 * profile. Manifests are read at start (declarative, no code runs); entry modules are imported on
 * first use. A skill whose manifest is bad is reported and left out; the others load.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SkillManifest, SkillModule, SkillSummary } from '../contracts/index.js';
import { discoverSkillDirs, loadManifest, resolveEntry } from './manifest-loader.js';

export interface LoadedSkill {
  manifest: SkillManifest;
  dir: string;
  builtin: boolean;
}

export interface SkillLoadProblem {
  skill: string;
  dir: string;
  errors: string[];
}

export interface RegistrySources {
  builtinDir: string;
  /** Folder of installed community skills (one sub-folder each). */
  communityDir?: string;
}

export class SkillRegistry {
  private readonly skills = new Map<string, LoadedSkill>();
  private readonly modules = new Map<string, Promise<SkillModule>>();
  readonly problems: SkillLoadProblem[] = [];
  private readonly disabled: Set<string>;

  constructor(sources: RegistrySources, disabled: Iterable<string> = []) {
    this.disabled = new Set(disabled);
    this.loadFrom(sources.builtinDir, true);
    if (sources.communityDir) this.loadFrom(sources.communityDir, false);
  }

  private loadFrom(root: string, builtin: boolean): void {
    for (const dir of discoverSkillDirs(root)) {
      const loaded = loadManifest(dir);
      if (!loaded.ok) {
        this.problems.push({ skill: loaded.skill, dir, errors: loaded.errors });
        continue;
      }
      const id = loaded.manifest.id;
      if (this.skills.has(id)) {
        this.problems.push({ skill: id, dir, errors: [`id "${id}" is already used by ${this.skills.get(id)!.dir}`] });
        continue;
      }
      this.skills.set(id, { manifest: loaded.manifest, dir, builtin });
    }
  }

  /** Adds or replaces one skill (after an install or update). */
  upsert(skill: LoadedSkill): void {
    this.skills.set(skill.manifest.id, skill);
    this.modules.delete(skill.manifest.id);
  }

  remove(id: string): boolean {
    this.modules.delete(id);
    return this.skills.delete(id);
  }

  get(id: string): LoadedSkill | undefined {
    return this.skills.get(id);
  }

  all(): LoadedSkill[] {
    return [...this.skills.values()];
  }

  enabled(): LoadedSkill[] {
    return this.all().filter((s) => !this.disabled.has(s.manifest.id));
  }

  isEnabled(id: string): boolean {
    return this.skills.has(id) && !this.disabled.has(id);
  }

  setEnabled(id: string, enabled: boolean): string[] {
    if (!this.skills.has(id)) throw new Error(`no installed skill has the id "${id}"`);
    if (enabled) this.disabled.delete(id);
    else this.disabled.add(id);
    return [...this.disabled];
  }

  summaries(): SkillSummary[] {
    return this.all().map(({ manifest, builtin }) => ({
      id: manifest.id,
      name: manifest.name,
      description: manifest.description,
      enabled: !this.disabled.has(manifest.id),
      builtin,
      intents: manifest.intents.map((i) => ({ id: i.id, description: i.description, examples: i.examples.slice(0, 5) })),
    }));
  }

  /** Imports a built-in (trusted, in-process) skill's entry module once. */
  module(id: string): Promise<SkillModule> {
    const skill = this.skills.get(id);
    if (!skill) return Promise.reject(new Error(`no installed skill has the id "${id}"`));
    let pending = this.modules.get(id);
    if (!pending) {
      const file = resolveEntry(skill.dir, skill.manifest.entry);
      pending = import(pathToFileURL(path.resolve(file)).href).then((mod: { default?: unknown }) => {
        const handlers = mod.default;
        if (!handlers || typeof handlers !== 'object') {
          throw new Error(`${skill.manifest.id}: ${skill.manifest.entry} has no default export mapping intent ids to handlers`);
        }
        for (const intent of skill.manifest.intents) {
          if (typeof (handlers as Record<string, unknown>)[intent.id] !== 'function') {
            throw new Error(`${skill.manifest.id}: ${skill.manifest.entry} has no handler for intent "${intent.id}"`);
          }
        }
        return handlers as SkillModule;
      });
      pending.catch(() => this.modules.delete(id));
      this.modules.set(id, pending);
    }
    return pending;
  }
}
