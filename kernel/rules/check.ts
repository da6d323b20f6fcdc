/**
 * From a parsed rule to a draft the user can confirm: each action is read by the intent engine
 * (every step must be understood, or the user is told which part was not), a time the action
 * leaves open is marked to be filled when the rule runs, a file trigger's folder must lie in a
 * folder the user granted, and the grants the rule will use are taken as a snapshot.
 */
import fs from 'node:fs';
import type { GrantView, PlanOutcome, RuleAction, RuleDraft, RuleGrant, RuleTrigger } from '../contracts/index.js';
import { pathCovered, type ScopeVars } from '../permissions/index.js';
import { sampleOf } from './parse.js';

export interface CheckHost {
  understand(text: string): PlanOutcome;
  /** A skill's name and its intents' descriptions and slot types. */
  skill(id: string): { name: string; intents: { id: string; description: string; slots?: Record<string, unknown> }[] } | undefined;
  /** Active grants of a skill; every active grant when no skill is named. */
  grants(skill?: string): GrantView[];
  /** Path variables for checking a skill's path scopes. */
  vars(skill: string): ScopeVars;
}

export type Checked = { ok: true; draft: RuleDraft } | { ok: false; message: string };

const TIME_SLOTS = new Set(['datetime', 'time', 'date']);

const toGrant = (g: GrantView): RuleGrant => ({ id: g.id, skill: g.skill, kind: g.permission.kind, scope: [...(g.permission.scope ?? [])] });

/** Reads one action: its steps, or why it cannot run unattended. */
function checkAction(text: string, trigger: RuleTrigger, host: CheckHost): RuleAction | string {
  const o = host.understand(sampleOf(text, trigger));
  const describe = (s: { skill: string; intent: string }) => {
    const skill = host.skill(s.skill);
    return { skill: s.skill, intent: s.intent, description: `${skill?.name ?? s.skill}: ${skill?.intents.find((i) => i.id === s.intent)?.description ?? s.intent}` };
  };
  switch (o.kind) {
    case 'plan':
      return { text, steps: o.plan.steps.filter((s) => !s.undo).map(describe) };
    case 'ask_slot': {
      const step = o.plan.steps.find((s) => s.id === o.stepId) ?? o.plan.steps[0]!;
      const spec = host.skill(step.skill)?.intents.find((i) => i.id === step.intent)?.slots?.[o.slot];
      const type = spec && typeof spec === 'object' && 'type' in spec ? String(spec.type) : undefined;
      // "remind me to stretch" on a schedule: the reminder is for the moment the rule runs
      if (type && TIME_SLOTS.has(type) && trigger.kind !== 'phrase') return { text, steps: o.plan.steps.map(describe), fillTime: o.slot };
      // a personal command runs while the user is there: the question is asked then
      if (trigger.kind === 'phrase') return { text, steps: o.plan.steps.map(describe) };
      return `"${text}" needs more before it can run on its own (${o.question.replace(/\?$/, '')}): say it in full, e.g. with the time or the words it needs`;
    }
    case 'clarify':
      return `"${text}" could mean ${o.choices.map((c) => `"${c.label}"`).join(' or ')}: say which`;
    case 'not_understood':
      return `I did not understand "${text}"`;
  }
}

/** The fs.read grant that lets the rule watch `folder`: one of the action skills' first, else any skill's. */
function watchGrant(folder: string, skills: string[], host: CheckHost): GrantView | undefined {
  const reads = host.grants().filter((g) => g.permission.kind === 'fs.read');
  const covers = (g: GrantView) => pathCovered(g.permission.scope ?? [], folder, host.vars(g.skill));
  return reads.filter((g) => skills.includes(g.skill)).find(covers) ?? reads.find(covers);
}

/** A short name to find the rule by ("the stretch rule"): the phrase of a personal command, else the first action. */
function nameOf(trigger: RuleTrigger, actions: string[]): string {
  if (trigger.kind === 'phrase') return trigger.phrase;
  return actions[0]!.slice(0, 100);
}

export function checkRule(source: string, trigger: RuleTrigger, actionTexts: string[], host: CheckHost, origin: RuleDraft['origin'] = { kind: 'user' }): Checked {
  const actions: RuleAction[] = [];
  const problems: string[] = [];
  for (const text of actionTexts) {
    const checked = checkAction(text, trigger, host);
    if (typeof checked === 'string') problems.push(checked);
    else actions.push(checked);
  }
  if (problems.length > 0) {
    return { ok: false, message: `I understood the trigger (${trigger.description}), but not everything it should do: ${problems.join('; ')}. Nothing was saved.` };
  }
  const skills = [...new Set(actions.flatMap((a) => a.steps.map((s) => s.skill)))];
  const grants = skills.flatMap((s) => host.grants(s)).map(toGrant);
  if (trigger.kind === 'file') {
    if (!fs.existsSync(trigger.folder) || !fs.statSync(trigger.folder).isDirectory()) return { ok: false, message: `The folder ${trigger.folder} does not exist, so there is nothing to watch. Create it first, or name another folder. Nothing was saved.` };
    const watch = watchGrant(trigger.folder, skills, host);
    if (!watch) return { ok: false, message: `No skill may read ${trigger.folder}, so a rule cannot watch it. Grant a skill access to that folder first (agentos grants), then ask again. Nothing was saved.` };
    if (!grants.some((g) => g.id === watch.id)) grants.push(toGrant(watch));
  }
  return { ok: true, draft: { source, name: nameOf(trigger, actionTexts), trigger, actions, grants, origin } };
}
