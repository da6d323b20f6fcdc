/**
 * The installed skills over time: which load at start (a community skill whose files changed
 * since install is refused), which the intent engine is trained on (enabled skills only, community
 * skills without catch-alls), adding one at run time (install, update), removing, enabling and
 * disabling. It also keeps the registry in precedence order — built-ins first, then community
 * skills in the order they were first installed — which is what decides a phrase two skills
 * read (kernel/dispatch/precedence.ts).
 */
import { ValidationError, type IntentEngine, type KernelEvent } from '../contracts/index.js';
import { compileSkill } from '../intent/index.js';
import type { AuditLog } from '../audit/index.js';
import { checkInstalled, readLock, recognisedManifest } from '../packages/index.js';
import type { GrantStore } from '../permissions/index.js';
import type { Settings } from '../settings/index.js';
import type { LoadedSkill, SkillLoadProblem, SkillRegistry } from '../skills/index.js';

export interface LifecycleHost {
  profileDir: string;
  registry: SkillRegistry;
  engine: Pick<IntentEngine, 'addSkill' | 'removeSkill'>;
  grants: Pick<GrantStore, 'grantNewlyDeclared'>;
  settings: Pick<Settings, 'setRaw'>;
  audit: Pick<AuditLog, 'append'>;
  emit(event: KernelEvent): void;
}

export class SkillLifecycle {
  /** Skills whose manifest failed, whose files changed since install, or whose templates failed to compile. */
  readonly problems: SkillLoadProblem[];
  /** Disabled skills' templates, compiled on first need (never trained): to say "that skill is off" instead of misrouting. */
  private disabledTemplates?: { skill: LoadedSkill; regex: RegExp[]; examples: Set<string> }[];

  constructor(private readonly host: LifecycleHost) {
    this.problems = [...host.registry.problems];
    this.verifyCommunitySkills();
    this.orderByInstall();
    for (const skill of host.registry.all()) this.admit(skill);
  }

  /**
   * The disabled skill a request is phrased for, word for word (one of its templates or examples),
   * or undefined. The intent engine knows enabled skills only; without this, such a request would be
   * matched to the closest enabled skill, which might then act.
   */
  disabledSkillFor(text: string): LoadedSkill | undefined {
    const norm = text.trim().replace(/[.!?]+$/, '').trim();
    const lower = norm.toLowerCase();
    this.disabledTemplates ??= this.host.registry
      .all()
      .filter((s) => !this.host.registry.isEnabled(s.manifest.id))
      .map((skill) => ({
        skill,
        regex: compiledOrNone(skill),
        examples: new Set(skill.manifest.intents.flatMap((i) => i.examples.map((e) => e.toLowerCase()))),
      }));
    return this.disabledTemplates.find((d) => d.examples.has(lower) || d.regex.some((r) => r.test(norm)))?.skill;
  }

  /** Adds or replaces a skill at run time (install, update). */
  add(skill: LoadedSkill): void {
    this.disabledTemplates = undefined;
    this.host.registry.upsert(skill);
    this.admit(skill);
    this.host.emit({ type: 'skills.changed' });
  }

  remove(id: string): void {
    this.disabledTemplates = undefined;
    this.host.registry.remove(id);
    this.host.engine.removeSkill(id);
    this.host.emit({ type: 'skills.changed' });
  }

  setEnabled(id: string, enabled: boolean): void {
    const { registry, engine, settings } = this.host;
    this.disabledTemplates = undefined;
    settings.setRaw('skills.disabled', registry.setEnabled(id, enabled));
    const skill = registry.get(id);
    if (enabled && skill) this.train(skill);
    else engine.removeSkill(id);
    this.host.emit({ type: 'skills.changed' });
  }

  /**
   * Built-ins hold their declared permissions from the start, and a permission a newer version
   * declares is granted when it arrives (one the user revoked stays revoked); enabled skills join
   * the intent engine.
   */
  private admit(skill: LoadedSkill): void {
    const { grants, registry } = this.host;
    if (skill.builtin) grants.grantNewlyDeclared(skill.manifest.id, skill.manifest.permissions);
    if (registry.isEnabled(skill.manifest.id)) this.train(skill);
  }

  /**
   * A skill whose templates do not compile is left out and reported. A catch-all — a `fallback`
   * intent, or a template with no words of its own ("{text}", "please {x}") — would hand a community
   * skill requests meant for other skills, so only built-in skills keep theirs; a community skill's
   * are left out of recognition and reported.
   */
  private train(skill: LoadedSkill): void {
    try {
      const { manifest, fallbacks, broad } = recognisedManifest(skill.manifest, skill.builtin);
      const id = skill.manifest.id;
      for (let i = this.problems.length - 1; i >= 0; i--) if (this.problems[i]!.skill === id && this.problems[i]!.errors.every((e) => e.startsWith('catch-all'))) this.problems.splice(i, 1);
      const left: string[] = [];
      if (fallbacks.length) left.push(`catch-all intents (${fallbacks.join(', ')}, "fallback": true) are for built-in skills only; they were left out`);
      if (broad.length) left.push(`catch-all templates (${broad.map((b) => `"${b.template}"`).join(', ')}) have no words of their own; they were left out`);
      if (left.length) this.problems.push({ skill: id, dir: skill.dir, errors: left });
      this.host.engine.addSkill(manifest);
    } catch (error) {
      this.host.registry.remove(skill.manifest.id);
      const errors = error instanceof ValidationError ? [error.message] : [(error as Error).message];
      this.problems.push({ skill: skill.manifest.id, dir: skill.dir, errors });
    }
  }

  /**
   * Community skills in the order they were first installed (the lock's `firstInstalledAt`), after
   * the built-ins the registry loads first; a skill installed later is added at the end (add()).
   */
  private orderByInstall(): void {
    const { registry, profileDir } = this.host;
    const community = registry.all().filter((s) => !s.builtin);
    if (community.length < 2) return;
    let lock: ReturnType<typeof readLock>;
    try {
      lock = readLock(profileDir);
    } catch {
      return;
    }
    const when = (id: string) => lock.skills[id]?.firstInstalledAt ?? lock.skills[id]?.installedAt ?? '';
    const sorted = [...community].sort((a, b) => when(a.manifest.id).localeCompare(when(b.manifest.id)) || a.manifest.id.localeCompare(b.manifest.id));
    for (const s of sorted) registry.remove(s.manifest.id);
    for (const s of sorted) registry.upsert(s);
  }

  /** Every community skill's files are checked against the lock before it loads; a changed one is refused. */
  private verifyCommunitySkills(): void {
    const { registry, profileDir, audit } = this.host;
    const community = registry.all().filter((s) => !s.builtin);
    if (community.length === 0) return;
    let lock: ReturnType<typeof readLock> | undefined;
    try {
      lock = readLock(profileDir);
    } catch {
      lock = undefined;
    }
    for (const skill of community) {
      const check = checkInstalled(profileDir, skill.manifest.id, skill.dir, lock);
      if (check.ok) continue;
      registry.remove(skill.manifest.id);
      this.problems.push({ skill: skill.manifest.id, dir: skill.dir, errors: [`refused: ${check.reason}`] });
      audit.append('skill.refused', skill.manifest.id, { reason: check.reason, ...(check.diff ? { diff: check.diff } : {}) });
    }
  }
}

/** A disabled skill's templates; one whose templates do not compile simply matches nothing (it is reported when enabled). */
function compiledOrNone(skill: LoadedSkill): RegExp[] {
  try {
    return compileSkill(skill.manifest).map((t) => t.regex);
  } catch {
    return [];
  }
}
