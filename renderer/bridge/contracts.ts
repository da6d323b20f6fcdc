/**
 * The contracts the portal uses, as types only: the renderer never bundles kernel code, it only
 * speaks the BridgeApi shape (ARCHITECTURE.md: renderer → contracts (types) + its bridge).
 */
import type { BridgeMethod } from '../../kernel/contracts/bridge.js';

export type {
  BridgeApi,
  BridgeMethod,
  BridgeInput,
  BridgeOutputs,
  BridgeErrorShape,
  BridgeServerFrame,
  HistoryEntry,
  SettingsView,
  GrantView,
  ContributionResult,
  InstallPreview,
  InstallOutcome,
  LearnedPhrasingView,
  RuleListItem,
  RuleChangeView,
  RuleDryRun,
} from '../../kernel/contracts/bridge.js';
export type { Rule, RuleRun } from '../../kernel/contracts/rules.js';
export type { KernelEvent } from '../../kernel/contracts/events.js';
export type { Card } from '../../kernel/contracts/card.js';
export type { Response, Suggestion, StepResult } from '../../kernel/contracts/request.js';
export type { ScheduledTimer, SkillSummary, SkillView } from '../../kernel/contracts/skill.js';
export type { Contributes, Permission } from '../../kernel/contracts/manifest.js';

/** The method names of BridgeApi, listed once for the WebSocket client (the preload keeps its own allow-list). */
export const BRIDGE_METHODS = [
  'kernel.handle',
  'skills.list',
  'skills.setEnabled',
  'history.list',
  'timers.list',
  'timers.cancel',
  'timers.schedule',
  'settings.get',
  'settings.set',
  'llm.test',
  'voice.engines',
  'voice.transcribe',
  'voice.speak',
  'voice.answer',
  'grants.list',
  'grants.revoke',
  'patterns.suggest',
  'skills.contribution',
  'skills.previewInstall',
  'skills.install',
  'phrasings.list',
  'phrasings.remove',
  'rules.list',
  'rules.history',
  'rules.pause',
  'rules.resume',
  'rules.delete',
  'rules.run',
  'rules.dryRun',
] as const satisfies readonly BridgeMethod[];

/** Does not compile while a bridge method is missing from the list above (its name shows in the error). */
type _UnlistedBridgeMethods<Missing extends never = Exclude<BridgeMethod, (typeof BRIDGE_METHODS)[number]>> = Missing;
