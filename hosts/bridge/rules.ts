/**
 * Bridge handlers for automations (the portal's Rules view): the rules with their latest run and
 * next run, one rule's history, pause, resume (which also approves a skill's proposal), delete,
 * run now, and a dry run that says what running it now would do without running it. Every change
 * goes through the rule service, which writes it to the audit log.
 */
import type { Rule, RuleListItem } from '../../kernel/contracts/index.js';
import { dryRun, RuleNotFound, type Rules } from '../../kernel/rules/index.js';
import { BridgeError, type Handlers } from './types.js';

const listItem = (rules: Rules, rule: Rule): RuleListItem => ({ ...rule, summary: rules.summary(rule), lastRun: rules.store.lastRun(rule.id) ?? null });

/** The rule, or a not_found error that says how to see the rules there are. */
function existing(rules: Rules, id: number): Rule {
  const rule = rules.get(id);
  if (!rule) throw new BridgeError('not_found', `There is no rule ${id}.`, 'It may have been deleted meanwhile: refresh the Rules view.');
  return rule;
}

/** Runs a rule change, turning a rule deleted meanwhile into not_found. */
function change(rules: Rules, id: number, op: (id: number) => { rule: Rule; message: string }, ok: (rule: Rule) => boolean) {
  existing(rules, id);
  try {
    const { rule, message } = op(id);
    return { ok: ok(rule), message, rule: listItem(rules, rule) };
  } catch (error) {
    if (error instanceof RuleNotFound) throw new BridgeError('not_found', error.message);
    throw error;
  }
}

export const handlers: Handlers<'rules.list' | 'rules.history' | 'rules.pause' | 'rules.resume' | 'rules.delete' | 'rules.run' | 'rules.dryRun'> = {
  async 'rules.list'(_input, { kernel }) {
    return kernel.rules.list().map((r) => listItem(kernel.rules, r));
  },
  async 'rules.history'({ id, limit }, { kernel }) {
    existing(kernel.rules, id);
    return kernel.rules.store.runs(id, limit);
  },
  async 'rules.pause'({ id }, { kernel }) {
    return change(kernel.rules, id, (i) => kernel.rules.pause(i), (r) => r.state === 'paused');
  },
  async 'rules.resume'({ id }, { kernel }) {
    return change(kernel.rules, id, (i) => kernel.rules.resume(i), (r) => r.state === 'active');
  },
  async 'rules.delete'({ id }, { kernel }) {
    return change(kernel.rules, id, (i) => kernel.rules.delete(i), () => true);
  },
  async 'rules.run'({ id }, { kernel }) {
    existing(kernel.rules, id);
    const fired = await kernel.rules.run(id);
    const rule = kernel.rules.get(id);
    return {
      ok: fired.every((f) => f.run.status === 'ok'),
      runs: fired.map((f) => f.run),
      answers: fired.flatMap((f) => f.responses.map((r) => r.text)),
      rule: rule ? listItem(kernel.rules, rule) : null,
    };
  },
  async 'rules.dryRun'({ id }, { kernel }) {
    const plan = dryRun(kernel.rules, id);
    if (!plan) throw new BridgeError('not_found', `There is no rule ${id}.`, 'It may have been deleted meanwhile: refresh the Rules view.');
    return plan;
  },
};
