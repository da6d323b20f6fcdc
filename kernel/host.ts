/**
 * The kernel with its optional services wired in (language model, recommender, sandbox,
 * knowledge graph): the one place the CLI, the browser-mode server and the Electron kernel host
 * get a ready kernel from.
 *
 * Every service loads on first use: a one-shot CLI request that needs none of them pays nothing
 * for them (the CLI's cold start to the first answer is a measured target). Long-running hosts
 * (`serve`, Electron) wire the knowledge graph eagerly so ingestion follows every request.
 */
import type { GraphCapability } from './contracts/index.js';
import { Kernel, type KernelOptions, type SkillInvoker } from './kernel.js';

export interface HostOptions extends KernelOptions {
  /** Extra wiring for the long-running hosts (serve, Electron): learners that follow every request. */
  longRunning?: boolean;
}

export async function openKernel(options: HostOptions = {}): Promise<Kernel> {
  const kernel = new Kernel(options);
  wireSandbox(kernel, options);
  await wireLlm(kernel);
  wireRecommender(kernel);
  if (options.longRunning) {
    // Every completed request becomes an episode in the knowledge graph; built-in skills get ctx.graph.
    const { wireGraph } = await import('./graph/index.js');
    await wireGraph(kernel, { longRunning: true });
  } else {
    wireGraphLazily(kernel);
  }
  return kernel;
}

/** "Did you mean …" for requests no intent fits: the skill recommender over manifests + usage history (built on first use). */
function wireRecommender(kernel: Kernel): void {
  if (kernel.services.suggest) return;
  kernel.services.suggest = async (text, limit) => {
    try {
      const { recommenderFor } = await import('./recommender/index.js');
      return recommenderFor(kernel).suggest(text, limit);
    } catch {
      return []; // suggestions are a courtesy: never fail a request over them
    }
  };
}

/** The language model as `services.llm`, when llm.endpoint is set (loaded only then, so plain requests start fast). */
async function wireLlm(kernel: Kernel): Promise<void> {
  if (kernel.services.llm) return;
  const endpoint = kernel.settings.get('llm.endpoint');
  if (!endpoint) return;
  const { clientFromSettings, createLlmCapability } = await import('./llm/index.js');
  try {
    const client = clientFromSettings({ endpoint, model: kernel.settings.get('llm.model'), apiKey: kernel.settings.get('llm.apiKey'), timeoutMs: kernel.settings.get('llm.timeoutMs') });
    if (client) kernel.services.llm = createLlmCapability(client);
  } catch {
    // A malformed endpoint leaves the kernel without a model; `agentos llm test` says what is wrong.
  }
}

/**
 * In a one-shot process the graph opens when a skill first uses `ctx.graph`; opening it catches up
 * ingestion of every request logged since the last time (the event log is the source of truth).
 */
function wireGraphLazily(kernel: Kernel): void {
  if (kernel.services.graph) return;
  let ready: Promise<GraphCapability> | undefined;
  const open = () =>
    (ready ??= import('./graph/index.js').then(async ({ wireGraph }) => {
      const lazy = kernel.services.graph;
      kernel.services.graph = undefined;
      const wired = await wireGraph(kernel, { longRunning: false });
      // Everything logged since the graph was last open is ingested before the first answer uses it.
      await wired?.ingestor.catchUp(500, Infinity);
      const real = kernel.services.graph as GraphCapability | undefined;
      kernel.services.graph = real ?? lazy;
      if (!real) throw new Error('the knowledge graph is not available (see the warning above)');
      return real;
    }));
  kernel.services.graph = new Proxy({} as GraphCapability, {
    get: (_target, method: string) =>
      (...args: unknown[]) =>
        open().then((graph) => (graph[method as keyof GraphCapability] as (...a: unknown[]) => unknown)(...args)),
  });
}

/** Community skills (modules, instruction skills, MCP servers) run through the sandbox runner, loaded when one is first called. */
function wireSandbox(kernel: Kernel, options: HostOptions): void {
  if (kernel.services.invoker) return;
  let runner: Promise<{ invoke: SkillInvoker; close(): void }> | undefined;
  const start = () =>
    (runner ??= (async () => {
      const [{ SandboxRunner }, { runInstructionSkill }, { mcpInvoker }] = await Promise.all([
        import('./sandbox/index.js'),
        import('./agentskills/index.js'),
        import('./mcp/index.js'),
      ]);
      const limits = {
        callTimeoutMs: kernel.settings.get('sandbox.callTimeoutMs'),
        memoryMb: kernel.settings.get('sandbox.memoryMb'),
        cpuSeconds: kernel.settings.get('sandbox.cpuSeconds'),
        maxOutputBytes: kernel.settings.get('sandbox.maxOutputBytes'),
      };
      const deps = { profileDir: kernel.profileDir, grants: kernel.grants, audit: kernel.audit, limits };
      return new SandboxRunner({ ...deps, events: kernel.events, idleMs: options.longRunning ? 60_000 : 0, kinds: { instructions: runInstructionSkill, mcp: mcpInvoker(deps) } });
    })());
  kernel.services.invoker = async (skill, intent, slots, ctx) => (await start()).invoke(skill, intent, slots, ctx);
  const close = kernel.close.bind(kernel);
  kernel.close = () => {
    void runner?.then((r) => r.close());
    close();
  };
}
