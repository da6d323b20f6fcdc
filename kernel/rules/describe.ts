/**
 * Rules in words: the confirmation shown before a rule is saved (trigger, conditions, actions,
 * the permissions it will use), a rule's one-line summary, and its details with its history.
 */
import { formatDateTime } from '../sdk/index.js';
import type { Rule, RuleDraft, RuleGrant, RuleRun } from '../contracts/index.js';

export type SkillName = (id: string) => string;

const STATE: Record<Rule['state'], string> = { active: 'on', paused: 'paused', stopped: 'stopped', awaiting_approval: 'waiting for your approval' };

/** "Reminders and timers: notifications · Files: read ~" */
export function describeGrants(grants: readonly RuleGrant[], name: SkillName): string {
  if (grants.length === 0) return 'none (its skills need no permission)';
  const bySkill = new Map<string, string[]>();
  for (const g of grants) bySkill.set(g.skill, [...(bySkill.get(g.skill) ?? []), g.scope.length ? `${g.kind} (${g.scope.join(', ')})` : g.kind]);
  return [...bySkill].map(([skill, kinds]) => `${name(skill)}: ${kinds.join(', ')}`).join(' · ');
}

export function describeAction(a: RuleDraft['actions'][number]): string {
  const steps = a.steps.map((s) => s.description).join(', then ');
  return `"${a.text}" (${steps}${a.fillTime ? '; the time is when the rule runs' : ''})`;
}

/** What the user confirms: every part of the rule, and how to answer. */
export function confirmation(draft: RuleDraft, name: SkillName): string {
  const t = draft.trigger;
  const lines = [`Save this automation?`, `- When: ${t.description}${t.kind === 'schedule' ? ` (time zone ${t.timezone})` : ''}`];
  if (t.kind === 'event') lines.push(`- Watches: ${'kernel' in t.on ? 'reminders and timers going off' : `${t.on.intent} (${name(t.on.skill)})`}${t.mentions.length ? `, only when it mentions ${t.mentions.map((m) => `"${m}"`).join(' and ')}` : ''}`);
  if (t.kind === 'file') lines.push(`- Only files whose name matches: ${t.glob} (new files directly in ${t.folder}; "it" is the file)`);
  lines.push(`- Do: ${draft.actions.map((a, i) => `${draft.actions.length > 1 ? `${i + 1}. ` : ''}${describeAction(a)}`).join(' ')}`);
  lines.push(`- Permissions it will use: ${describeGrants(draft.grants, name)}`);
  if (draft.origin.kind === 'skill') lines.push(`- Proposed by the skill ${name(draft.origin.skill)}, not by you`);
  lines.push('Say yes to save it, or no to drop it.');
  return lines.join('\n');
}

const when = (iso: string | undefined, timezone?: string) => (iso ? formatDateTime(new Date(iso), timezone ? { timeZone: timezone } : {}) : 'never');

/** "Rule 3 (on): every day at 18:00 → remind me to stretch · next Fri 5 Dec, 18:00" */
export function summary(rule: Rule): string {
  const next = rule.nextRunAt ? ` · next ${when(rule.nextRunAt, rule.trigger.kind === 'schedule' ? rule.trigger.timezone : undefined)}` : '';
  const why = rule.reason && rule.state !== 'active' ? ` — ${rule.reason}` : '';
  return `Rule ${rule.id} (${STATE[rule.state]}): ${rule.trigger.description} → ${rule.actions.map((a) => a.text).join('; ')}${next}${why}`;
}

export function details(rule: Rule, runs: readonly RuleRun[], name: SkillName): string {
  const lines = [
    summary(rule),
    `- You said: "${rule.source}"`,
    `- Permissions it runs with: ${describeGrants(rule.grants, name)}`,
    `- Runs so far: ${rule.runs}; last ${when(rule.lastRunAt)}`,
  ];
  if (runs.length) lines.push('- History:', ...runs.map((r) => `  ${when(r.at)} ${r.status}: ${r.cause} — ${r.detail.split('\n')[0]}`));
  return lines.join('\n');
}
