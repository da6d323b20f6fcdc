/**
 * Builds the context one call of skill code receives: its settings, data folder, store, and only
 * the capabilities the user granted it (no grant, no `ctx.exec`). Built-in and community skills
 * get the same context; the sandbox forwards a community skill's calls to it over IPC.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GraphCapability, KernelEvent, LlmCapability, PermissionKind, ScheduledTimer, SkillContext, SkillResult, SkillStore, SkillSummary } from '../contracts/index.js';
import { protectedFolders } from '../permissions/index.js';
import { createExecCapability } from './exec.js';
import { createFsCapability } from './fs.js';
import { createNetCapability } from './net.js';

/** The skill as far as its context is concerned. */
export interface ContextSkill {
  builtin: boolean;
  /** The skill's installed folder (`$SKILL` in exec patterns). */
  dir?: string;
  manifest: { id: string; settings: Record<string, { default?: string | number | boolean | null | undefined }> };
}

export interface ContextScope {
  requestId: string;
  text: string;
  now: Date;
  timezone: string;
  signal: AbortSignal;
  input?: SkillResult;
  /** Files or folders the user named for this one call (a path typed on the command line): readable for it. */
  readPaths?: readonly string[];
}

export interface ContextHost {
  profileDir: string;
  /** The granted scope of one permission kind (undefined: not granted). */
  scope(skillId: string, kind: PermissionKind): string[] | undefined;
  storedSettings(skillId: string): Record<string, unknown>;
  store(skillId: string): SkillStore;
  summaries(): SkillSummary[];
  emit(event: KernelEvent): void;
  timers: {
    schedule(skillId: string, t: { kind: 'reminder' | 'timer'; title: string; dueAt: string }): ScheduledTimer;
    list(o: { skill: string; includeDone?: boolean }): ScheduledTimer[];
    cancel(id: string, skillId: string): ScheduledTimer | undefined;
  };
  llm(): LlmCapability | undefined;
  /** The knowledge graph, for built-in skills. */
  graph(): GraphCapability | undefined;
  /** Skill folders outside the profile (the built-in skills' folder): no grant reaches them, nor the profile. */
  skillDirs?(): readonly string[];
  /** Records a change a built-in skill made through a grant (community skills' calls are audited by the sandbox). */
  audit?(kind: 'call.privileged', skill: string, detail: Record<string, unknown>): void;
}

export class ContextFactory {
  constructor(private readonly host: ContextHost) {}

  contextFor(skill: ContextSkill, scope: ContextScope): SkillContext {
    const { host } = this;
    const id = skill.manifest.id;
    const dataDir = path.join(host.profileDir, 'data', id);
    const granted = (kind: PermissionKind) => host.scope(id, kind);
    const readRoots = scope.readPaths?.length ? [...(granted('fs.read') ?? []), ...scope.readPaths] : granted('fs.read');
    const writeRoots = granted('fs.write');
    const programs = granted('exec');
    const hosts = granted('net');
    const llm = granted('llm') ? host.llm() : undefined;
    const graph = skill.builtin ? host.graph() : undefined;
    const community = !skill.builtin;
    const vars = { data: dataDir, excluded: protectedFolders(host.profileDir, host.skillDirs?.()), community, ...(skill.dir ? { skill: skill.dir } : {}) };
    // a community skill's calls are audited where the sandbox serves them, with the grant that covered them
    const onWrite = community || !host.audit ? undefined : (w: object) => host.audit!('call.privileged', id, { ...w, requestId: scope.requestId, via: 'fs' });
    return {
      skillId: id,
      requestId: scope.requestId,
      text: scope.text,
      now: scope.now,
      timezone: scope.timezone,
      settings: this.settings(skill),
      get dataDir() {
        fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        return dataDir;
      },
      ...(scope.input ? { input: scope.input } : {}),
      store: host.store(id),
      skills: { list: async () => host.summaries() },
      log: (message: string) => process.env.AGENTOS_DEBUG && process.stderr.write(`[${id}] ${message}\n`),
      progress: (fraction: number, message?: string) =>
        host.emit({ type: 'progress', requestId: scope.requestId, skill: id, fraction: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) }),
      signal: scope.signal,
      ...(readRoots || writeRoots ? { fs: createFsCapability([...(readRoots ?? []), ...(writeRoots ?? [])], writeRoots ?? [], vars, onWrite ? { onWrite } : {}) } : {}),
      ...(programs ? { exec: createExecCapability(programs, vars, { community, readRoots: readRoots ?? [], writeRoots: writeRoots ?? [] }) } : {}),
      ...(hosts ? { net: createNetCapability(hosts) } : {}),
      ...(granted('notifications') ? this.notifications(id) : {}),
      ...(llm ? { llm } : {}),
      ...(graph ? { graph } : {}),
    };
  }

  /** The skill's settings with the manifest's defaults applied. */
  private settings(skill: ContextSkill): Record<string, unknown> {
    const stored = this.host.storedSettings(skill.manifest.id);
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(skill.manifest.settings)) out[key] = stored[key] ?? spec.default ?? null;
    return out;
  }

  private notifications(id: string): Pick<SkillContext, 'notify' | 'scheduler'> {
    const { host } = this;
    return {
      notify: { notify: async (title: string, body?: string) => host.emit({ type: 'notification', title, ...(body ? { body } : {}), skill: id }) },
      scheduler: {
        schedule: async (t) => host.timers.schedule(id, t),
        list: async (o) => host.timers.list({ skill: id, ...(o?.includeDone ? { includeDone: true } : {}) }),
        cancel: async (timerId) => host.timers.cancel(timerId, id),
      },
    };
  }
}
