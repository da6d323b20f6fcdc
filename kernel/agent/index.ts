/** Agent mode: a configured language model plans with the installed skills as tools, under the kernel's dispatch rules. */
export { Agent, type AgentHost, type AgentSettings } from './agent.js';
export { runAgent, type AgentLimits, type AgentStep, type CallOutcome, type ChatClient, type LoopHost, type LoopResult } from './loop.js';
export { isLocalEndpoint, modelFailure } from './endpoint.js';
export { toolsFor, toolName, slotsFromArguments, type AgentTool } from './tools.js';
export { phrasingOf } from './render.js';
export { parseLooseObject, parseJsonReply } from './parse.js';
export { slotMessages, slotValue, type SlotAsk } from './slot.js';
