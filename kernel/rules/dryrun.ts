/**
 * A rule's dry run ("what would happen now"): each action read again by the intent engine, as
 * the rule would run it, with the steps it would take, and whether its state and permissions let
 * it run — without running anything. The portal's Rules view shows it before the user runs a rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Rule, RuleDryRun, RuleGrant } from '../contracts/index.js';
import type { Checked } from './check.js';
import { globRegExp, withSubject } from './clauses.js';
import type { Parsed } from './parse.js';

/** What a dry run needs of the rule service (Rules): the rule and a fresh check of its actions. */
export interface DryRunRules {
  get(id: number): Rule | undefined;
  check(source: string, parsed: Extract<Parsed, { kind: 'rule' }>, origin?: Rule['origin']): Checked;
}

const grantWords = (g: RuleGrant) => `${g.kind}${g.scope.length ? ` (${g.scope.join(', ')})` : ''} of ${g.skill}`;

/** The file a file rule would act on now (the first match in its folder, as "run now" takes them). */
function fileSubject(rule: Rule): string | undefined {
  if (rule.trigger.kind !== 'file') return undefined;
  const { folder, glob } = rule.trigger;
  const match = globRegExp(glob);
  if (!fs.existsSync(folder)) return undefined;
  const file = fs.readdirSync(folder).find((f) => match.test(f) && fs.statSync(path.join(folder, f)).isFile());
  return file ? path.join(folder, file) : undefined;
}

/** Why the rule would not run now, from its state; undefined when it would (a paused rule still runs when run by hand). */
function stateProblem(rule: Rule): string | undefined {
  if (rule.state === 'stopped') return `Rule ${rule.id} is stopped${rule.reason ? `: ${rule.reason}` : ''}. Resume it to turn it back on.`;
  if (rule.state === 'awaiting_approval') return `Rule ${rule.id} waits for your approval, so it does nothing yet. Resume it to approve it.`;
  return undefined;
}

export function dryRun(rules: DryRunRules, id: number): RuleDryRun | undefined {
  const rule = rules.get(id);
  if (!rule) return undefined;
  const problems: string[] = [];
  const state = stateProblem(rule);
  if (state) problems.push(state);
  const notes: string[] = [];
  if (rule.state === 'paused') notes.push(`It is paused, so its trigger does nothing; running it by hand still would.`);

  const subject = fileSubject(rule);
  if (rule.trigger.kind === 'file' && !subject) notes.push(`No file in ${rule.trigger.folder} matches ${rule.trigger.glob} now, so "it" would stay unfilled.`);
  const checked = rules.check(rule.source, { kind: 'rule', trigger: rule.trigger, actions: rule.actions.map((a) => a.text) }, rule.origin);
  const source = checked.ok ? checked.draft.actions : rule.actions;
  if (!checked.ok) problems.push(checked.message.replace(/ Nothing was saved\.$/, ''));
  else {
    const now = checked.draft.grants;
    const gone = rule.grants.filter((g) => !now.some((n) => n.id === g.id));
    const more = now.filter((n) => !rule.grants.some((g) => g.id === n.id));
    if (gone.length) problems.push(`It would stop: the ${gone.map(grantWords).join(', ')} permission it was confirmed with was revoked or has ended. Grant it again, then resume the rule.`);
    if (more.length) problems.push(`It would be held: its skills now also have ${more.map(grantWords).join(', ')}, more than when you confirmed it. Resume it to confirm it with what they have now.`);
  }
  const actions = source.map((a) => ({ text: subject ? withSubject(a.text, subject) : a.text, steps: a.steps, fillsTime: a.fillTime !== undefined }));
  const wouldRun = problems.length === 0;
  const did = actions.map((a) => `"${a.text}" (${a.steps.map((s) => s.description).join(', then ')}${a.fillsTime ? ', for the moment it runs' : ''})`).join(', then ');
  const summary = wouldRun ? `Run now, rule ${id} would do ${did}. Nothing was run.` : `Run now, rule ${id} would not do its actions: ${problems[0]} Nothing was run.`;
  return { ruleId: id, wouldRun, summary, actions, problems, notes, ...(subject ? { subject } : {}) };
}
