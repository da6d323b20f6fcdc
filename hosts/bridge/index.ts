/**
 * The bridge's server side: one handler map implementing BridgeApi over a Kernel, served by both
 * Electron IPC (main/ via the kernel host process) and browser mode's WebSocket (hosts/server).
 * `dispatch` is the one entry: it checks the method name, validates the input with its schema,
 * takes in what other processes changed in the profile, runs the handler, makes every string it
 * returns safe to show (untrusted.ts) and turns every failure into a BridgeErrorShape a user can act on.
 */
import { BridgeInputSchemas, describeIssues, isBridgeMethod, type BridgeErrorShape, type BridgeMethod } from '../../kernel/contracts/index.js';
import { BridgeError, type BridgeContext, type BridgeHandler, type Handlers } from './types.js';
import { safeForRenderer } from './untrusted.js';
import { handlers as kernelHandlers } from './kernel.js';
import { handlers as skillsHandlers } from './skills.js';
import { handlers as historyHandlers } from './history.js';
import { handlers as timersHandlers } from './timers.js';
import { handlers as settingsHandlers } from './settings.js';
import { handlers as llmHandlers } from './llm.js';
import { handlers as voiceHandlers } from './voice.js';
import { handlers as grantsHandlers } from './grants.js';
import { handlers as patternsHandlers } from './patterns.js';
import { handlers as installHandlers } from './install.js';
import { handlers as phrasingsHandlers } from './phrasings.js';
import { handlers as rulesHandlers } from './rules.js';

export { BridgeError, type BridgeContext, type Handlers, type BridgeHandler } from './types.js';
export { safeForRenderer } from './untrusted.js';

/** Every BridgeApi method; a missing one is a compile error. */
export const bridgeHandlers: Handlers<BridgeMethod> = {
  ...kernelHandlers,
  ...skillsHandlers,
  ...historyHandlers,
  ...timersHandlers,
  ...settingsHandlers,
  ...llmHandlers,
  ...voiceHandlers,
  ...grantsHandlers,
  ...patternsHandlers,
  ...installHandlers,
  ...phrasingsHandlers,
  ...rulesHandlers,
};

type DispatchResult = { ok: true; value: unknown } | { ok: false; error: BridgeErrorShape };

/** Runs one bridge call from an untrusted caller (the renderer). Never throws; what it returns is safe to show. */
export async function dispatch(ctx: BridgeContext, method: string, input: unknown, handlers: Handlers<BridgeMethod> = bridgeHandlers): Promise<DispatchResult> {
  return safeForRenderer(await run(ctx, method, input, handlers));
}

async function run(ctx: BridgeContext, method: string, input: unknown, handlers: Handlers<BridgeMethod>): Promise<DispatchResult> {
  if (typeof method !== 'string' || !isBridgeMethod(method)) {
    return { ok: false, error: { code: 'not_found', message: `"${String(method).slice(0, 64)}" is not a bridge method`, fix: 'The portal and the kernel may be different versions: restart AgentOS.' } };
  }
  const parsed = BridgeInputSchemas[method].safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'bad_input', message: `${method}: ${describeIssues(parsed.error).join('; ')}` } };
  }
  try {
    // Installs, removals and grant changes made by the CLI or another window count from this call on.
    ctx.kernel.refresh();
    const handler = handlers[method] as BridgeHandler<BridgeMethod>;
    const value = await handler(parsed.data as never, ctx);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof BridgeError) return { ok: false, error: error.toShape() };
    return { ok: false, error: { code: 'internal', message: `${method} failed: ${(error as Error).message ?? String(error)}`, fix: 'Try again; if it keeps failing, run AgentOS with AGENTOS_DEBUG=1 and look at the log.' } };
  }
}
