/**
 * `agentos serve [--port N]`: browser mode. Hosts the kernel (with reminders firing) and the
 * built portal on 127.0.0.1 and prints exactly one line with the URL holding the per-launch token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openKernel } from '../../../kernel/index.js';
import { startServer } from '../../server/index.js';
import { numberFlag, parseCommandArgs } from '../args.js';
import { EXIT, type CliCommand } from '../command.js';
import { one, red, yellow } from '../io.js';

const usage = 'agentos serve [--port N]';

/** dist/renderer, whether this runs from dist/ (built) or from the sources (tsx). */
export function rendererDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [process.env.AGENTOS_RENDERER_DIR, path.resolve(here, '../../../renderer'), path.resolve(here, '../../../dist/renderer')];
  for (const dir of candidates) {
    // The sources' renderer/index.html is not servable (it points at .tsx); a built one has assets/.
    if (dir && fs.existsSync(path.join(dir, 'index.html')) && fs.existsSync(path.join(dir, 'assets'))) return dir;
  }
  return undefined;
}

export const command: CliCommand = {
  name: 'serve',
  summary: 'browser mode: the portal and the kernel on 127.0.0.1 (prints the URL to open)',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string' } }, usage);
    const port = numberFlag(values.port, 'port', { min: 0, max: 65535, integer: true }) ?? 0;
    const staticDir = rendererDir();
    if (!staticDir) {
      io.err(red('The portal is not built (dist/renderer is missing). Run "npm run build" first.'));
      return EXIT.error;
    }
    const kernel = await openKernel({ startScheduler: true, longRunning: true });
    let server;
    try {
      server = await startServer({ kernel, staticDir, port });
    } catch (error) {
      kernel.close();
      const code = (error as NodeJS.ErrnoException).code;
      io.err(red(code === 'EADDRINUSE' ? `Port ${port} is in use. Pick another with --port, or --port 0 for any free port.` : `Could not start the server: ${(error as Error).message}`));
      return EXIT.error;
    }
    io.out(`AgentOS listening on ${server.url}`);
    for (const p of kernel.auditProblems) io.err(red(`⚠ The audit log was tampered with: ${one(p, 500)}. See: agentos audit --verify`));
    for (const m of kernel.missedRules) io.err(yellow(`Missed: ${one(m, 500)}`));
    // A promise a skill or handler forgot to handle is reported, not allowed to stop the server for every page.
    const unhandled = (reason: unknown) => io.err(red(`Unhandled error (the server keeps running): ${one((reason as Error)?.message ?? String(reason), 500)}`));
    process.on('unhandledRejection', unhandled);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    process.off('unhandledRejection', unhandled);
    await server.close();
    kernel.close();
    return EXIT.ok;
  },
};
