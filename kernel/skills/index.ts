export { SkillRegistry, type LoadedSkill, type SkillLoadProblem, type RegistrySources } from './registry.js';
export { loadManifest, discoverSkillDirs, resolveEntry, MANIFEST_FILE, type ManifestLoad } from './manifest-loader.js';
export { SqliteSkillStore, ftsQuery } from './store.js';
