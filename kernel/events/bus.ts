/**
 * A small typed event bus: the kernel publishes, the portal, CLI and learners subscribe.
 * A failing listener is isolated so it cannot break a request.
 */
import type { KernelEvent } from '../contracts/index.js';

export type KernelEventListener = (event: KernelEvent) => void;

export class EventBus {
  private readonly listeners = new Set<KernelEventListener>();

  on(listener: KernelEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: KernelEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(`An event listener failed on ${event.type}: ${(error as Error).message}`);
      }
    }
  }
}
