export { convertAgentSkill, manifestFromSkillMd, parseSkillMd, slug, SKILL_MD, AgentSkillError } from './convert.js';
export { runInstructionSkill } from './run.js';
