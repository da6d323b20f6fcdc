/**
 * MCP servers (stdio) as skills: the server named by the manifest's `entry` is started in the same
 * confinement as any community skill's process (sandbox/confine.ts: namespaces where the machine
 * has them, Node's permission model reading only the server's folder, writing only its data
 * folder, prlimit CPU and memory limits, a minimal environment) with the sandbox's guards preloaded
 * (`--import`), through the SDK's stdio client. Without OS confinement it is refused unless the
 * user opted in. Its tools become the skill's intents at install; each call starts the server,
 * calls one tool with the request's arguments and stops it. A server may rely on the SDK shipped
 * with AgentOS: the host's node_modules is readable and on NODE_PATH (for `require`); anything else
 * it needs it ships itself. It gets no granted paths: an MCP server has no kernel-served `ctx.fs`.
 * In the packaged app the host's node_modules is inside app.asar, which the bundled Node running
 * the server cannot read, so the app carries the SDK outside it (scripts/bundle-mcp.mjs,
 * electron-builder `extraResources`): `<resources>/mcp/node_modules`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { buildCommand, DEFAULT_LIMITS, runnerFile, sandboxSupport, SkillRefused, unconfinedRefusal, type SandboxLimits, type SandboxSupport } from '../sandbox/index.js';

export interface McpTool {
  name: string;
  description?: string;
  inputSchema: { type?: string; properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
}

/** Where the packaged app's MCP runtime lies inside its resources folder. */
export function mcpRuntimePath(resourcesPath: string): string {
  return path.join(resourcesPath, 'mcp', 'node_modules');
}

export class McpRuntimeMissing extends Error {
  constructor(readonly folder: string, why: string) {
    super(`MCP servers of community skills cannot start: the MCP SDK that AgentOS ships for them (${folder}) ${why}. Reinstall AgentOS to restore it.`);
    this.name = 'McpRuntimeMissing';
  }
}

/** What decides the folder: the runtime and the values Electron gives it (injectable for tests). */
export interface McpModulesRuntime {
  /** `process.versions.electron`: set only inside Electron. */
  electron?: string | undefined;
  /** `process.resourcesPath`: set only inside Electron. */
  resourcesPath?: string | undefined;
  /** Where the walk up to node_modules starts under Node: this module's folder. */
  moduleDir: string;
}

const currentRuntime = (): McpModulesRuntime => ({
  electron: process.versions.electron,
  resourcesPath: (process as { resourcesPath?: string }).resourcesPath,
  moduleDir: path.dirname(fileURLToPath(import.meta.url)),
});

const hasSdk = (nm: string) => fs.existsSync(path.join(nm, '@modelcontextprotocol', 'sdk', 'package.json'));

/**
 * The node_modules folder that MCP servers may import the SDK from: under Node the one the kernel
 * loads it from; inside Electron the app's MCP runtime (a missing one is a broken install).
 */
export function hostNodeModules(runtime: McpModulesRuntime = currentRuntime()): string | undefined {
  if (runtime.electron) {
    if (!runtime.resourcesPath) throw new McpRuntimeMissing(path.join('<resources>', 'mcp', 'node_modules'), 'cannot be found because Electron gave no resources folder');
    const nm = mcpRuntimePath(runtime.resourcesPath);
    if (!hasSdk(nm)) throw new McpRuntimeMissing(nm, fs.existsSync(nm) ? 'does not hold @modelcontextprotocol/sdk' : 'is missing');
    return nm;
  }
  let dir = runtime.moduleDir;
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
  limits?: Partial<SandboxLimits>;
  /** The machine's sandbox (default: probed). */
  support?: SandboxSupport;
  /** A guard in the server reported a refused operation (one JSON line on its stderr). */
  onViolation?: (v: { kind: string; op: string; target: string; message: string }) => void;
}

/** A violation line the preloaded guards wrote on stderr (the server could forge one only against itself). */
function violationOf(line: string): { kind: string; op: string; target: string; message: string } | undefined {
  if (!line.startsWith('{"t":"violation"')) return undefined;
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    const str = (x: unknown, max: number) => String(x ?? '').slice(0, max);
    return { kind: str(v.kind, 32), op: str(v.op, 64), target: str(v.target, 400), message: str(v.message, 400) };
  } catch {
    return undefined;
  }
}

/** Connects to the confined server; the caller closes the client. */
export async function connectMcp(spec: McpServerSpec): Promise<{ client: Client; close: () => Promise<void>; stderr: () => string }> {
  const support = spec.support ?? sandboxSupport();
  const refusal = unconfinedRefusal(support, `MCP servers of community skills (${spec.skillId})`);
  if (refusal) throw new SkillRefused(refusal);
  const nm = hostNodeModules();
  fs.mkdirSync(spec.dataDir, { recursive: true, mode: 0o700 });
  const limits = { ...DEFAULT_LIMITS, ...spec.limits };
  const entry = path.join(spec.skillDir, spec.entry);
  const cmd = buildCommand({
    skillId: spec.skillId,
    runnerFile: runnerFile(spec.profileDir),
    entryFile: entry,
    skillDir: spec.skillDir,
    dataDir: spec.dataDir,
    profileDir: spec.profileDir,
    extraRead: nm ? [nm] : [],
    command: { args: [entry], env: nm ? { NODE_PATH: nm } : {} },
    support,
    limits,
  });
  const transport = new StdioClientTransport({ command: cmd.file, args: cmd.args, env: cmd.env, stderr: 'pipe', cwd: spec.dataDir, maxBufferSize: limits.maxMessageBytes });
  let tail = '';
  let partial = '';
  transport.stderr?.on('data', (c: Buffer) => {
    const chunk = c.toString('utf8');
    tail = (tail + chunk).slice(-2000);
    if (!spec.onViolation) return;
    partial = (partial + chunk).slice(-10_000);
    let i: number;
    while ((i = partial.indexOf('\n')) >= 0) {
      const v = violationOf(partial.slice(0, i));
      partial = partial.slice(i + 1);
      if (v) spec.onViolation(v);
    }
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
