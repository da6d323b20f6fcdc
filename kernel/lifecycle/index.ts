/** Skill lifecycle: load checks, training the intent engine on enabled skills, install/remove/enable at run time, skills' settings. */
export { SkillLifecycle } from './skills.js';
export { SkillSettings } from './skill-settings.js';
export { ExternalChanges, type ExternalChangesHost } from './external-changes.js';
