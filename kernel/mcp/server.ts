/**
 * MCP servers (stdio) as skills: the server named by the manifest's `entry` is started with the
 * same confinement as any community skill (Node's permission model, bubblewrap, prlimit, a minimal
 * environment), through the SDK's stdio client. Its tools become the skill's intents at install;
 * each call starts the server, calls one tool with the request's arguments and stops it.
 * A server may rely on the SDK shipped with AgentOS: the host's node_modules is readable and on
 * NODE_PATH (for `require`); anything else it needs it ships itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildCommand, DEFAULT_LIMITS, sandboxSupport, type SandboxLimits } from '../sandbox/index.js';

export interface McpTool {
  name: string;
  description?: string;
  inputSchema: { type?: string; properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
}

export function hostNodeModules(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const nm = path.join(dir, 'node_modules');
    if (fs.existsSync(path.join(nm, '@modelcontextprotocol', 'sdk'))) return nm;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export interface McpServerSpec {
  skillId: string;
  skillDir: string;
  entry: string;
  dataDir: string;
  profileDir: string;
  readPaths?: string[];
  writePaths?: string[];
  allowExec?: boolean;
  limits?: Partial<SandboxLimits>;
}

/** Connects to the confined server; the caller closes the client. */
export async function connectMcp(spec: McpServerSpec): Promise<{ client: Client; close: () => Promise<void>; stderr: () => string }> {
  const nm = hostNodeModules();
  fs.mkdirSync(spec.dataDir, { recursive: true, mode: 0o700 });
  const limits = { ...DEFAULT_LIMITS, ...spec.limits };
  const cmd = buildCommand({
    skillId: spec.skillId,
    runnerFile: path.join(spec.skillDir, spec.entry),
    entryFile: path.join(spec.skillDir, spec.entry),
    skillDir: spec.skillDir,
    dataDir: spec.dataDir,
    profileDir: spec.profileDir,
    readPaths: spec.readPaths ?? [],
    writePaths: spec.writePaths ?? [],
    allowExec: spec.allowExec ?? false,
    extraRead: nm ? [nm] : [],
    command: { args: [path.join(spec.skillDir, spec.entry)], env: nm ? { NODE_PATH: nm } : {} },
    support: sandboxSupport(),
    limits,
  });
  const transport = new StdioClientTransport({ command: cmd.file, args: cmd.args, env: cmd.env, stderr: 'pipe', cwd: spec.dataDir, maxBufferSize: limits.maxMessageBytes });
  let tail = '';
  transport.stderr?.on('data', (c: Buffer) => {
    tail = (tail + c.toString('utf8')).slice(-2000);
  });
  const client = new Client({ name: 'agentos', version: '0.1.0' });
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the MCP server did not start within ${limits.startTimeoutMs} ms${tail ? `: ${tail.trim().split('\n').slice(-2).join(' | ')}` : ''}`)), limits.startTimeoutMs).unref());
  try {
    await Promise.race([client.connect(transport), timeout]);
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw new Error(`${(error as Error).message}${tail && !(error as Error).message.includes(tail.slice(-50)) ? ` (${tail.trim().split('\n').slice(-2).join(' | ')})` : ''}`);
  }
  return { client, close: () => client.close().catch(() => undefined), stderr: () => tail };
}

export async function listMcpTools(spec: McpServerSpec): Promise<McpTool[]> {
  const { client, close } = await connectMcp(spec);
  try {
    const { tools } = await client.listTools();
    return tools as McpTool[];
  } finally {
    await close();
  }
}
