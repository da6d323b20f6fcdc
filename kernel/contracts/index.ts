/** The contracts every part of AgentOS shares: schemas and types only, importing nothing of ours. */
export * from './manifest.js';
export * from './validation.js';
export * from './card.js';
export * from './skill.js';
export * from './request.js';
export * from './intent.js';
export * from './events.js';
export * from './bridge.js';
export * from './graph.js';
export * from './rules.js';
