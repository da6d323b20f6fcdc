/** Skill lifecycle: load checks, training the intent engine on enabled skills, install/remove/enable at run time. */
export { SkillLifecycle, type LifecycleHost } from './skills.js';
export { SkillSettings, type SettingDescription } from './skill-settings.js';
