/** Running granted programs (no shell), as skills get it in `ctx.exec`. */
import { execFile } from 'node:child_process';
import type { ExecCapability } from '../contracts/index.js';
import { CapabilityDenied } from './denied.js';

export function createExecCapability(programs: readonly string[]): ExecCapability {
  const allowed = new Set(programs);
  return {
    programs: [...allowed],
    run(program, args, options = {}) {
      if (!allowed.has(program)) {
        return Promise.reject(new CapabilityDenied(`running "${program}" is not granted (granted: ${[...allowed].join(', ') || 'none'})`));
      }
      if (options.detached) {
        return import('node:child_process').then(({ spawn }) => {
          const child = spawn(program, [...args], { cwd: options.cwd, detached: true, stdio: 'ignore' });
          return new Promise((resolve, reject) => {
            child.once('error', (e) => reject(new Error(`${program} could not start: ${e.message}`)));
            child.once('spawn', () => {
              child.unref();
              resolve({ code: 0, stdout: '', stderr: '' });
            });
          });
        });
      }
      return new Promise((resolve, reject) => {
        const child = execFile(
          program,
          [...args],
          { cwd: options.cwd, timeout: options.timeoutMs ?? 30_000, maxBuffer: 10_000_000, encoding: 'utf8' },
          (error, stdout, stderr) => {
            if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
              reject(new Error(`${program} could not run: ${(error as NodeJS.ErrnoException).code}`));
              return;
            }
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
          },
        );
        if (options.input !== undefined) child.stdin?.end(options.input);
      });
    },
  };
}
