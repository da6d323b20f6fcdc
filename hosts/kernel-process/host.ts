/**
 * Main's handle on the kernel process: forwards bridge calls, relays events, and restarts the
 * process when it dies unexpectedly (with back-off), telling the user through a
 * `kernel.restarted` event. Calls in flight when it dies fail with an error the user can act on.
 */
import { fork } from 'node:child_process';
import type { BridgeErrorShape, BridgeMethod, KernelEvent } from '../../kernel/contracts/index.js';
import type { HostFrame } from './entry.js';

/** What the host needs of a child: Node's ChildProcess and Electron's UtilityProcess both fit through an adapter. */
export interface KernelChild {
  /** OS process id, when known (tests kill it to simulate a crash). */
  pid?: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export type SpawnKernel = () => KernelChild;

/**
 * A Node child process running the entry (tests, hosts other than Electron, and Electron in
 * development, which names a real Node as `execPath`: the native modules are built for Node there).
 */
export function nodeSpawner(entry: string, options: { execArgv?: string[]; env?: NodeJS.ProcessEnv; execPath?: string } = {}): SpawnKernel {
  return () => {
    const child = fork(entry, [], { execArgv: options.execArgv ?? [], env: options.env ?? process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced', ...(options.execPath ? { execPath: options.execPath } : {}) });
    return {
      pid: child.pid,
      send: (m) => child.connected && child.send(m as never),
      onMessage: (l) => child.on('message', l),
      onExit: (l) => child.on('exit', (code) => l(code)),
      kill: () => void child.kill('SIGTERM'),
    };
  };
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: BridgeErrorShape): void;
}

export class KernelHost {
  private child: KernelChild | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: KernelEvent) => void>();
  private queue: string[] = [];
  private ready = false;
  private stopping = false;
  private crashes: number[] = [];
  restarts = 0;

  constructor(
    private readonly spawn: SpawnKernel,
    private readonly options: { maxCrashesPerMinute?: number; restartDelayMs?: number } = {},
  ) {}

  start(): void {
    this.ready = false;
    const child = this.spawn();
    this.child = child;
    child.onMessage((message) => this.receive(message as HostFrame));
    child.onExit((code) => this.exited(child, code));
  }

  onEvent(listener: (event: KernelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  call(method: BridgeMethod, input: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      const frame = { kind: 'call', id, method, input };
      if (this.ready && this.child) this.child.send(frame);
      else this.queue.push(JSON.stringify(frame));
    });
  }

  /** The running child, for tests that simulate a crash. */
  get current(): KernelChild | undefined {
    return this.child;
  }

  stop(): void {
    this.stopping = true;
    this.child?.kill();
  }

  private emit(event: KernelEvent): void {
    for (const l of this.listeners) l(event);
  }

  private receive(frame: HostFrame): void {
    if (frame.kind === 'ready') {
      this.ready = true;
      for (const f of this.queue.splice(0)) this.child?.send(JSON.parse(f));
      return;
    }
    if (frame.kind === 'event') {
      this.emit(frame.event);
      return;
    }
    const call = this.pending.get(frame.id);
    if (!call) return;
    this.pending.delete(frame.id);
    if (frame.ok) call.resolve(frame.value);
    else call.reject(frame.error);
  }

  private exited(child: KernelChild, code: number | null): void {
    if (child !== this.child) return;
    this.ready = false;
    for (const call of this.pending.values()) call.reject({ code: 'unavailable', message: 'The kernel stopped while working on this request.', fix: 'AgentOS restarted it: send the request again.' });
    this.pending.clear();
    if (this.stopping) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 60_000), now];
    if (this.crashes.length > (this.options.maxCrashesPerMinute ?? 5)) {
      this.emit({ type: 'notification', title: 'The kernel keeps crashing', body: 'AgentOS stopped restarting it. Quit and start AgentOS again; run with AGENTOS_DEBUG=1 to see why.' });
      return;
    }
    setTimeout(() => {
      if (this.stopping) return;
      this.restarts++;
      this.start();
      this.emit({ type: 'kernel.restarted', reason: `The kernel process stopped unexpectedly (exit code ${code ?? 'signal'}) and was restarted.` });
    }, this.options.restartDelayMs ?? 300);
  }
}
