/**
 * `agentos watch`: keeps the kernel running in a terminal so reminders and timers fire on time —
 * printed, and shown as desktop notifications (notify-send on Linux, osascript on macOS) where
 * available. Reminders that came due while nothing ran are reported first. Reminders added by
 * other processes (another `agentos "remind me …"`) are picked up within a second.
 */
import { formatDateTime } from '../../../kernel/sdk/index.js';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { KernelEvent, ScheduledTimer } from '../../../kernel/contracts/index.js';
import { openKernel } from '../../../kernel/index.js';
import { numberFlag, parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { bold, dim, one, yellow } from '../io.js';

const usage = 'agentos watch [--json] [--no-desktop] [--for SECONDS]';
/** How often the database is checked for reminders other processes added. */
const POLL_MS = 1000;

/** The first of `names` found on PATH, as an absolute path. */
function findProgram(names: readonly string[], envPath = process.env.PATH ?? ''): string | undefined {
  for (const name of names) {
    for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Shows a desktop notification when the platform has a way to; never throws. */
function desktopNotifier(): ((title: string, body: string) => void) | undefined {
  if (process.platform === 'darwin') {
    const osascript = findProgram(['osascript']);
    if (!osascript) return undefined;
    const q = (s: string) => `"${one(s, 300).replace(/["\\]/g, '\\$&')}"`;
    return (title, body) => execFile(osascript, ['-e', `display notification ${q(body)} with title ${q(title)}`], () => undefined);
  }
  const notifySend = findProgram(['notify-send']);
  if (!notifySend) return undefined;
  // notify-send reads the body as markup (links, images): a reminder's words are shown as plain text.
  const plain = (s: string) => one(s, 300).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (title, body) => execFile(notifySend, ['--app-name=AgentOS', '--urgency=critical', '--', one(title, 120), plain(body)], { timeout: 5000 }, () => undefined);
}

const clock = (iso: string) => formatDateTime(new Date(iso));
const label = (kind: 'reminder' | 'timer') => (kind === 'timer' ? 'Timer done' : 'Reminder');

export const command: CliCommand = {
  name: 'watch',
  summary: 'stay running so reminders and timers fire (prints them, desktop notifications)',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'no-desktop': { type: 'boolean' }, for: { type: 'string' } }, usage);
    const seconds = numberFlag(values.for, 'for', { min: 0.1, max: 31 * 86400 });
    const notify = values['no-desktop'] ? undefined : desktopNotifier();
    const kernel = await openKernel({ startScheduler: true, longRunning: true });
    const json = Boolean(values.json);

    const announce = (timer: Pick<ScheduledTimer, 'id' | 'kind' | 'title' | 'dueAt'>, missed: boolean) => {
      if (json) io.out(JSON.stringify({ type: 'timer.fired', missed, timer }));
      else if (missed) io.out(`${yellow('Missed')} ${one(timer.kind)} ${bold(one(timer.title, 200))} ${dim(`(was due ${clock(timer.dueAt)})`)}`);
      else io.out(`${dim(`[${clock(new Date().toISOString())}]`)} ⏰ ${label(timer.kind)}: ${bold(one(timer.title, 200))}`);
    };

    const missed = kernel.missedTimers;
    for (const t of missed) announce(t, true);
    if (missed.length > 0 && notify) notify(`AgentOS: ${missed.length} missed`, missed.map((t) => t.title).join(', ').slice(0, 300));
    // Scheduled automations that came due while nothing ran: each ran once now (kernel/rules).
    for (const m of kernel.missedRules) io.out(json ? JSON.stringify({ type: 'rule.missed', message: m }) : `${yellow('Missed')} ${one(m, 500)}`);

    const pending = kernel.scheduler.list();
    if (!json) {
      io.out(`${bold('Watching')} ${pending.length} pending reminder${pending.length === 1 ? '' : 's'} and timer${pending.length === 1 ? '' : 's'}${notify ? '' : dim(' (no desktop notifications: install notify-send — apt-get install libnotify-bin)')}. Ctrl+C stops.`);
      for (const t of pending) io.out(dim(`  ${one(t.kind)} "${one(t.title, 200)}" at ${clock(t.dueAt)}`));
      for (const r of kernel.rules.list().filter((r) => r.state === 'active' && (r.trigger.kind === 'schedule' || r.trigger.kind === 'file'))) io.out(dim(`  ${one(kernel.rules.summary(r), 300)}`));
    }

    const off = kernel.onEvent((event: KernelEvent) => {
      if (event.type === 'timer.fired') {
        announce(event.timer, event.missed);
        notify?.(event.missed ? `Missed ${event.timer.kind}` : label(event.timer.kind), event.timer.title);
      } else if (event.type === 'notification') {
        if (json) io.out(JSON.stringify(event));
        else io.out(`${dim(`[${clock(new Date().toISOString())}]`)} ${bold(one(event.title, 200))}${event.body ? ` — ${one(event.body, 1000)}` : ''}`);
        notify?.(event.title, event.body ?? '');
      }
    });

    // Another process committing to the profile database bumps data_version; re-arm then.
    let version = kernel.db.pragma('data_version', { simple: true });
    const poll = setInterval(() => {
      const now = kernel.db.pragma('data_version', { simple: true });
      if (now !== version) {
        version = now;
        kernel.scheduler.stop();
        kernel.scheduler.start();
      }
    }, POLL_MS);

    return await new Promise<number>((resolve) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearInterval(poll);
        if (limit) clearTimeout(limit);
        process.off('SIGINT', finish);
        process.off('SIGTERM', finish);
        off();
        kernel.close();
        resolve(EXIT.ok);
      };
      const limit = seconds !== undefined ? setTimeout(finish, seconds * 1000) : undefined;
      process.once('SIGINT', finish);
      process.once('SIGTERM', finish);
    });
  },
};

