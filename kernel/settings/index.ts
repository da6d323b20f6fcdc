export { Settings } from './settings.js';
export { SETTINGS, type SettingKey, type SettingDefinition } from './schema.js';
