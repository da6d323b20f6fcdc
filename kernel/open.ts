/**
 * How a host opens a kernel: with its optional services (sandbox, language model, recommender,
 * knowledge graph) built in, each loading on first use — a one-shot CLI request that needs none of
 * them pays nothing for them (the CLI's cold start to the first answer is a measured target).
 * Long-running hosts (`serve`, the Electron kernel process) open the knowledge graph at once so
 * ingestion follows every request. Each service that holds resources registers its shutdown
 * with `kernel.onClose`.
 */
import type { GraphCapability, LlmCapability } from './contracts/index.js';
import type { SkillInvoker, Suggest } from './dispatch/index.js';
import { Kernel, type KernelOptions, type KernelParts, type KernelServices } from './kernel.js';

export interface OpenOptions extends Omit<KernelOptions, 'services'> {
  /** Extra wiring for the long-running hosts (serve, Electron): learners that follow every request. */
  longRunning?: boolean;
  /** Services to use instead of the defaults (tests hand in scripted ones). */
  services?: Partial<KernelServices>;
}

export async function openKernel(options: OpenOptions = {}): Promise<Kernel> {
  let graph: LazyGraph | undefined;
  const kernel = new Kernel({
    ...options,
    services: (parts) => {
      graph = options.services?.graph ? undefined : lazyGraph(parts, options.longRunning === true);
      const llm = options.services?.llm ?? llmFromSettings(parts);
      const sandbox = sandboxInvoker(parts, options.longRunning === true);
      return {
        invoker: options.services?.invoker ?? sandbox.invoke,
        stopSkill: options.services?.stopSkill ?? sandbox.stop,
        suggest: options.services?.suggest ?? recommenderSuggest(parts),
        ...(llm ? { llm } : {}),
        ...(options.services?.graph || graph ? { graph: options.services?.graph ?? graph!.capability } : {}),
      };
    },
  });
  // Every completed request becomes an episode in the knowledge graph; built-in skills get ctx.graph.
  if (options.longRunning && graph) await graph.open().catch(() => undefined);
  return kernel;
}

/**
 * The language model, when llm.endpoint is set. Its client loads on the first chat, so plain
 * requests start fast; a malformed endpoint fails that chat with the client's own message
 * (`agentos llm test` says what is wrong).
 */
function llmFromSettings(parts: KernelParts): LlmCapability | undefined {
  const { settings } = parts;
  const endpoint = settings.get('llm.endpoint');
  if (!endpoint) return undefined;
  let ready: Promise<LlmCapability> | undefined;
  const open = () =>
    (ready ??= import('./llm/index.js').then(({ clientFromSettings, createLlmCapability }) => {
      const client = clientFromSettings({ endpoint, model: settings.get('llm.model'), apiKey: settings.get('llm.apiKey'), timeoutMs: settings.get('llm.timeoutMs') });
      if (!client) throw new Error('the language model is not configured (set llm.endpoint)');
      return createLlmCapability(client);
    }));
  return { chat: async (messages, options) => (await open()).chat(messages, options) };
}

/** "Did you mean …" for requests no intent fits: the skill recommender over manifests + usage history (built on first use). */
function recommenderSuggest(parts: KernelParts): Suggest {
  return async (text, limit) => {
    const { recommenderFor } = await import('./recommender/index.js');
    return recommenderFor(parts).suggest(text, limit);
  };
}

interface LazyGraph {
  capability: GraphCapability;
  open(): Promise<GraphCapability>;
}

/**
 * The graph opens when a skill first uses `ctx.graph` (or at once in a long-running host); opening
 * it catches up ingestion of every request logged since the last time (the event log is the
 * source of truth).
 */
function lazyGraph(parts: KernelParts, longRunning: boolean): LazyGraph {
  let ready: Promise<GraphCapability> | undefined;
  const open = () =>
    (ready ??= import('./graph/index.js').then(async ({ wireGraph }) => {
      const wired = await wireGraph(parts, { longRunning });
      if (!wired) throw new Error('the knowledge graph is not available (see the warning above)');
      // Everything logged since the graph was last open is ingested before the first answer uses it.
      if (!longRunning) await wired.ingestor.catchUp(500, Infinity);
      return wired.capability;
    }));
  const capability = new Proxy({} as GraphCapability, {
    get: (_target, method: string) =>
      (...args: unknown[]) =>
        open().then((graph) => (graph[method as keyof GraphCapability] as (...a: unknown[]) => unknown)(...args)),
  });
  return { capability, open };
}

/** Community skills (modules, instruction skills, MCP servers) run through the sandbox runner, loaded when one is first called. */
function sandboxInvoker(parts: KernelParts, longRunning: boolean): { invoke: SkillInvoker; stop(id: string): void } {
  let runner: Promise<{ invoke: SkillInvoker; stop(id: string): void; close(): void }> | undefined;
  const start = () =>
    (runner ??= (async () => {
      const [{ SandboxRunner }, { runInstructionSkill }, { mcpInvoker }, { checkInstalled }] = await Promise.all([
        import('./sandbox/index.js'),
        import('./agentskills/index.js'),
        import('./mcp/index.js'),
        import('./packages/index.js'),
      ]);
      const { settings } = parts;
      const limits = {
        callTimeoutMs: settings.get('sandbox.callTimeoutMs'),
        memoryMb: settings.get('sandbox.memoryMb'),
        cpuSeconds: settings.get('sandbox.cpuSeconds'),
        maxOutputBytes: settings.get('sandbox.maxOutputBytes'),
      };
      // A community skill whose files changed since install is refused before it runs (the package lock).
      const verify = (skill: { manifest: { id: string }; dir: string }) => checkInstalled(parts.profileDir, skill.manifest.id, skill.dir);
      const deps = { profileDir: parts.profileDir, grants: parts.grants, audit: parts.audit, limits, verify };
      return new SandboxRunner({ ...deps, events: parts.events, idleMs: longRunning ? 60_000 : 0, kinds: { instructions: runInstructionSkill, mcp: mcpInvoker(deps) } });
    })());
  parts.onClose(() => void runner?.then((r) => r.close()));
  return {
    invoke: async (skill, handler, slots, ctx) => (await start()).invoke(skill, handler, slots, ctx),
    // Nothing runs before the runner was first needed; after, the stop is queued ahead of any later call's turn at the runner.
    stop: (id) => void runner?.then((r) => r.stop(id)),
  };
}
