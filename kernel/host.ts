/**
 * The kernel with its optional services wired in (language model, recommender, sandbox,
 * knowledge graph, pattern suggestions): the one place the CLI, the browser-mode server and the
 * Electron kernel host get a ready kernel from.
 */
import { Kernel, type KernelOptions } from './kernel.js';
import { wireGraph } from './graph/index.js';
import { SandboxRunner } from './sandbox/index.js';
import { runInstructionSkill } from './agentskills/index.js';
import { mcpInvoker } from './mcp/index.js';
import { recommenderFor } from './recommender/index.js';

export interface HostOptions extends KernelOptions {
  /** Extra wiring for the long-running hosts (serve, Electron): learners that follow every request. */
  longRunning?: boolean;
}

export async function openKernel(options: HostOptions = {}): Promise<Kernel> {
  const kernel = new Kernel(options);
  wireSandbox(kernel, options);
  await wireLlm(kernel);
  wireRecommender(kernel);
  // The knowledge graph: every completed request becomes an episode; built-in skills get ctx.graph.
  await wireGraph(kernel, { longRunning: options.longRunning ?? false });
  return kernel;
}

/** "Did you mean …" for requests no intent fits: the skill recommender over manifests + usage history (built on first use). */
function wireRecommender(kernel: Kernel): void {
  if (kernel.services.suggest) return;
  kernel.services.suggest = (text, limit) => {
    try {
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

/** Community skills (modules, instruction skills, MCP servers) run through the sandbox runner. */
function wireSandbox(kernel: Kernel, options: HostOptions): void {
  if (kernel.services.invoker) return;
  const limits = {
    callTimeoutMs: kernel.settings.get('sandbox.callTimeoutMs'),
    memoryMb: kernel.settings.get('sandbox.memoryMb'),
    cpuSeconds: kernel.settings.get('sandbox.cpuSeconds'),
    maxOutputBytes: kernel.settings.get('sandbox.maxOutputBytes'),
  };
  const deps = { profileDir: kernel.profileDir, grants: kernel.grants, audit: kernel.audit, limits };
  const runner = new SandboxRunner({ ...deps, events: kernel.events, idleMs: options.longRunning ? 60_000 : 0, kinds: { instructions: runInstructionSkill, mcp: mcpInvoker(deps) } });
  kernel.services.invoker = runner.invoke;
  const close = kernel.close.bind(kernel);
  kernel.close = () => {
    runner.close();
    close();
  };
}
