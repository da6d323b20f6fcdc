export { connectMcp, listMcpTools, hostNodeModules, type McpTool, type McpServerSpec } from './server.js';
export { intentsFromTools, argumentsFor, toolWords, intentId } from './intents.js';
export { mcpInvoker } from './run.js';
