/**
 * The shapes every bridge handler file shares: a handler per BridgeApi method, the context it
 * runs in, and the error value it rejects with. Domain files (kernel.ts, skills.ts, voice.ts …)
 * each export `handlers` for their methods; index.ts joins them into one map that serves both
 * Electron IPC and browser mode's WebSocket.
 */
import type { z } from 'zod';
import type { BridgeErrorShape, BridgeInputSchemas, BridgeMethod, BridgeOutputs } from '../../kernel/contracts/index.js';
import type { Kernel } from '../../kernel/index.js';

/** What a handler may use: the kernel it serves. */
export interface BridgeContext {
  kernel: Kernel;
}

/** A method's input after its schema ran (defaults applied). */
type BridgeParsed<M extends BridgeMethod> = z.output<(typeof BridgeInputSchemas)[M]>;

export type BridgeHandler<M extends BridgeMethod> = (input: BridgeParsed<M>, ctx: BridgeContext) => Promise<BridgeOutputs[M]>;

/** Handlers for a subset of the bridge's methods (one domain). */
export type Handlers<M extends BridgeMethod> = { [K in M]: BridgeHandler<K> };

/** Rejection with a message the user can act on; carried to the renderer as BridgeErrorShape. */
export class BridgeError extends Error {
  readonly code: BridgeErrorShape['code'];
  readonly fix: string | undefined;
  constructor(code: BridgeErrorShape['code'], message: string, fix?: string) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.fix = fix;
  }

  toShape(): BridgeErrorShape {
    return { code: this.code, message: this.message, ...(this.fix ? { fix: this.fix } : {}) };
  }
}

/** For domains whose owner has not installed their handlers yet. */
export function unavailable(what: string): never {
  throw new BridgeError('unavailable', `${what} is not installed yet`, 'Update AgentOS; this part of the kernel ships in a later build.');
}
