/**
 * `agentos NAME …` for a command a skill contributes (manifest `contributes.commands`), run
 * through the kernel with the skill's own grants. The skill reports progress with
 * `ctx.progress`: a bar on a terminal, status lines on stderr otherwise. Ctrl-C cancels it.
 * Existing files and folders the user typed as arguments are readable by the command for this
 * run, as if picked in a file dialog (`agentos NAME run ./my-folder` works outside ~).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Kernel } from '../../kernel/index.js';
import { dim, one, type Io } from './io.js';

export async function runSkillCommand(kernel: Kernel, skill: string, name: string, argv: string[], io: Io): Promise<number> {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 16);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  // Ctrl-C and a polite kill (SIGTERM) both stop the command cleanly, so it can record that it was stopped
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: `${one(name, 40)} |{bar}| {percentage}% · {message}`, hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  const off = kernel.onEvent((event) => {
    if (event.type !== 'progress' || event.requestId !== requestId) return;
    if (!bar) {
      if (event.message) io.err(dim(one(event.message, 300)));
      return;
    }
    if (!started) bar.start(100, 0, { message: '' });
    started = true;
    // The bar writes to the terminal itself, past Io: the skill's message is cleaned here.
    bar.update(Math.round(event.fraction * 100), { message: one(event.message ?? '', 200) });
  });
  try {
    const readPaths = namedPaths(argv);
    const result = await kernel.contribution({ skill, kind: 'command', name, args: argv, requestId, signal: controller.signal, timeoutMs: Infinity, readPaths });
    if (started) bar?.stop();
    started = false;
    if (result.text) io.out(result.text);
    if (result.stderr) io.err(result.stderr);
    return result.exitCode;
  } finally {
    if (started) bar?.stop();
    off();
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
  }
}

/** The arguments that name an existing file or folder, absolute. */
function namedPaths(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && a.length < 4096 && fs.existsSync(a)).map((a) => fs.realpathSync(path.resolve(a)));
}
