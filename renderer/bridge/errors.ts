/** Bridge rejections are BridgeErrorShape; anything else is wrapped so the UI can always show message + fix. */
import type { BridgeErrorShape } from './contracts';

export function asBridgeError(error: unknown): BridgeErrorShape {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) return error as BridgeErrorShape;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
