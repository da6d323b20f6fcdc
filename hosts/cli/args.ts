/**
 * Command-line parsing on Node's `util.parseArgs`, with errors that name the bad flag and the fix.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const msg = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${msg}\nUsage: ${usage}`);
  }
}

/** A number flag, checked: `--budget 40`. */
export function numberFlag(value: string | undefined, name: string, { min = -Infinity, max = Infinity, integer = false } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'}${Number.isFinite(min) ? ` ≥ ${min}` : ''}${Number.isFinite(max) ? ` and ≤ ${max}` : ''}, not "${value}"`);
  }
  return n;
}
