/**
 * The kernel's own process: Electron main starts this (utilityProcess, or a Node child process)
 * so a crashing skill or kernel never takes the window down. It answers bridge calls with the
 * same handler map as browser mode and forwards kernel events to the parent.
 */
import { openKernel } from '../../kernel/index.js';
import { dispatch, safeForRenderer } from '../bridge/index.js';
import type { BridgeServerFrame } from '../../kernel/contracts/index.js';
import { BridgeCallFrameSchema } from '../../kernel/contracts/index.js';

export type HostFrame = BridgeServerFrame | { kind: 'ready'; missed: number };

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

// utilityProcess gives process.parentPort; child_process.fork gives process.send.
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const post = (frame: HostFrame) => (parentPort ? parentPort.postMessage(frame) : process.send?.(frame));
const onMessage = (listener: (message: unknown) => void) => (parentPort ? parentPort.on('message', (e) => listener(e.data)) : process.on('message', listener));

const kernel = await openKernel({ startScheduler: true, longRunning: true });
// Events carry skills' text: cleaned of terminal and bidi control characters like every bridge result.
kernel.onEvent((event) => post({ kind: 'event', event: safeForRenderer(event) }));
// Tampering found at start-up is shown, as `agentos serve` shows it; the kernel keeps serving.
for (const p of kernel.auditProblems) post({ kind: 'event', event: safeForRenderer({ type: 'notification', title: 'The audit log was tampered with', body: `${p}. Run "agentos audit --verify" for the full report.` }) });
for (const m of kernel.missedRules) post({ kind: 'event', event: safeForRenderer({ type: 'notification', title: 'An automation was missed', body: m }) });
for (const t of kernel.missedTimers) post({ kind: 'event', event: { type: 'timer.fired', timer: { id: t.id, kind: t.kind, title: t.title, dueAt: t.dueAt }, missed: true } });

onMessage(async (message) => {
  const frame = BridgeCallFrameSchema.safeParse(message);
  if (!frame.success) return;
  const result = await dispatch({ kernel }, frame.data.method, frame.data.input);
  post(result.ok ? { kind: 'result', id: frame.data.id, ok: true, value: result.value } : { kind: 'result', id: frame.data.id, ok: false, error: result.error });
});

const shutdown = () => {
  kernel.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('disconnect', shutdown);
post({ kind: 'ready', missed: kernel.missedTimers.length });
