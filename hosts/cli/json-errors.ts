/**
 * `--json` promises one JSON object on stdout, also when a command fails: scripts parse stdout and
 * must not get an empty string. A failing command that printed nothing on stdout gets
 * `{"ok": false, "exitCode": N, "error": "<what it printed on stderr>"}` there; stderr keeps the
 * human message. A command that printed its own JSON (a request's response) is left alone.
 */
import { plainText, type Io } from './io.js';

export function jsonErrors(io: Io, enabled: boolean): { io: Io; finish(code: number): void } {
  if (!enabled) return { io, finish: () => undefined };
  let printed = false;
  const errors: string[] = [];
  return {
    io: {
      out: (t) => {
        printed = true;
        io.out(t);
      },
      err: (t) => {
        errors.push(t);
        io.err(t);
      },
    },
    finish(code) {
      if (code === 0 || printed) return;
      const error = plainText(errors.join('\n')).trim() || `the command failed with exit code ${code}`;
      io.out(JSON.stringify({ ok: false, exitCode: code, error }));
    },
  };
}
