/**
 * The settings skills declare in their manifests (`settings`), as profile settings named
 * `skill.<skill id>.<key>`: described, listed and validated from the manifest, so the CLI's
 * `agentos settings` and the portal's settings view show and change them like the kernel's own.
 * Values live under the profile key `skill.<id>` that a skill's context reads.
 */
import { ValidationError, type SettingSpec } from '../contracts/index.js';
import type { Settings } from '../settings/index.js';
import type { SkillRegistry } from '../skills/index.js';

const KEY = /^skill\.([a-z0-9][a-z0-9-]{0,62}[a-z0-9])\.([a-zA-Z][a-zA-Z0-9_.]*)$/;

export interface SettingDescription {
  description: string;
  default: unknown;
  type: string;
  values?: string[];
  /** The skill's name: the section the portal shows it in. */
  group?: string;
}

export class SkillSettings {
  constructor(private readonly host: { registry: Pick<SkillRegistry, 'all' | 'get'>; settings: Pick<Settings, 'getRaw' | 'setRaw'> }) {}

  /** Is this a skill setting's name (whether or not the skill exists)? */
  static isSkillKey(key: string): boolean {
    return key.startsWith('skill.');
  }

  describe(): Record<string, SettingDescription> {
    const out: Record<string, SettingDescription> = {};
    for (const skill of this.host.registry.all()) {
      for (const [key, spec] of Object.entries(skill.manifest.settings)) {
        out[`skill.${skill.manifest.id}.${key}`] = {
          description: spec.description,
          group: skill.manifest.name,
          default: spec.default ?? null,
          type: spec.type === 'enum' || spec.type === 'path' ? 'string' : spec.type,
          ...(spec.values ? { values: spec.values } : {}),
        };
      }
    }
    return out;
  }

  /** Current values (secrets masked), defaults applied. */
  values(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const skill of this.host.registry.all()) {
      const stored = this.host.settings.getRaw<Record<string, unknown>>(`skill.${skill.manifest.id}`, {});
      for (const [key, spec] of Object.entries(skill.manifest.settings)) {
        const value = stored[key] ?? spec.default ?? null;
        out[`skill.${skill.manifest.id}.${key}`] = spec.secret && value ? '••••••' : value;
      }
    }
    return out;
  }

  /** Validates against the manifest and stores; `null` (or an emptied text field) goes back to the default. */
  set(key: string, raw: unknown): void {
    const m = KEY.exec(key);
    const skill = m ? this.host.registry.get(m[1]!) : undefined;
    const spec = skill && m ? skill.manifest.settings[m[2]!] : undefined;
    const value = raw === '' && spec && (spec.type === 'string' || spec.type === 'path') ? null : raw;
    if (!m || !skill || !spec) {
      const known = Object.keys(this.describe());
      throw new ValidationError(`Unknown setting "${key}"`, [known.length ? `skill settings: ${known.join(', ')}` : 'no installed skill declares settings']);
    }
    const problem = value === null ? undefined : check(spec, value);
    if (problem) throw new ValidationError(`Setting "${key}"`, [problem]);
    const id = `skill.${skill.manifest.id}`;
    const stored = { ...this.host.settings.getRaw<Record<string, unknown>>(id, {}) };
    if (value === null) delete stored[m[2]!];
    else stored[m[2]!] = value;
    this.host.settings.setRaw(id, stored);
  }
}

function check(spec: SettingSpec, value: unknown): string | undefined {
  switch (spec.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number, not ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, not ${JSON.stringify(value)}`;
    case 'enum':
      return typeof value === 'string' && (spec.values ?? []).includes(value) ? undefined : `must be one of ${(spec.values ?? []).join(', ')}, not ${JSON.stringify(value)}`;
    case 'path':
    case 'string':
      return typeof value === 'string' && value.length > 0 && value.length <= 4096 ? undefined : `must be a non-empty text of at most 4096 characters`;
  }
}
