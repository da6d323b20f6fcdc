/**
 * `agentos`: the kernel headless. `agentos "<request>"` runs a request; `agentos NAME …` runs a
 * sub-command from hosts/cli/commands (loaded on demand, so a plain request starts fast).
 * Exit codes: 0 served, 2 not understood (or waiting on an answer), 1 error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ValidationError } from '../../kernel/contracts/index.js';
import { Log, logFile } from '../../kernel/log/index.js';
import { resolveProfileDir } from '../../kernel/profile/index.js';
import { CorruptDatabaseError, explainStorage, ProfileStorageError } from '../../kernel/store/index.js';
import { UsageError } from './args.js';
import { EXIT, type CliCommand } from './command.js';
import { bold, dim, one, red, safeIo, stdio, type Io } from './io.js';
import { commandFile, commandFiles } from './names.js';
import { jsonErrors } from './json-errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function loadCommand(file: string): Promise<CliCommand> {
  const mod = (await import(pathToFileURL(file).href)) as { command: CliCommand };
  return mod.command;
}

export async function listCommands(): Promise<CliCommand[]> {
  const cmds = await Promise.all(commandFiles().map((f) => loadCommand(f)));
  return cmds.sort((a, b) => a.name.localeCompare(b.name));
}

/** `agentos CMD --help`: the command's summary and usage. */
function commandHelp(command: CliCommand): string {
  return [`${bold(`agentos ${command.name}`)} — ${command.summary}`, '', `Usage: ${command.usage}`].join('\n');
}

/** Commands the enabled skills contribute (manifest `contributes.commands`); none when the profile cannot be opened. */
async function skillCommands(): Promise<{ name: string; summary: string }[]> {
  try {
    const { contributedCommands } = await import('../../kernel/index.js');
    const { withKernel } = await import('./kernel.js');
    return await withKernel(async (kernel) => [...contributedCommands(kernel.registry)].map(([name, c]) => ({ name: one(name, 40), summary: one(`${c.summary} (skill ${c.skill})`, 200) })));
  } catch {
    return [];
  }
}

async function printHelp(io: Io): Promise<void> {
  const builtin = await listCommands();
  const names = new Set(builtin.map((c) => c.name));
  const cmds = [...builtin, ...(await skillCommands()).filter((c) => !names.has(c.name))].sort((a, b) => a.name.localeCompare(b.name));
  const w = Math.max(...cmds.map((c) => c.name.length));
  io.out(
    [
      `${bold('agentos')} — your personal agent OS, headless.`,
      '',
      `  agentos "<request>" [--json] [--session ID] [--reply ID]   run a request, e.g. agentos "what is 15% of 240"`,
      '',
      ...cmds.map((c) => `  agentos ${c.name.padEnd(w)}  ${c.summary}`),
      '',
      dim('Exit codes: 0 served, 2 not understood or waiting on an answer, 1 error. AGENTOS_HOME sets the profile folder.'),
    ].join('\n'),
  );
}

export async function main(argv: string[], given: Io = stdio): Promise<number> {
  // Everything printed passes terminalSafe: skills, notes and errors may hold escape sequences.
  // With --json a failure that printed nothing on stdout still prints one JSON object there.
  const json = jsonErrors(safeIo(given), argv.includes('--json'));
  const code = await dispatch(argv, json.io);
  json.finish(code);
  return code;
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  try {
    const [first, second] = argv;
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      await printHelp(io);
      return first === undefined ? EXIT.error : EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      const pkg = JSON.parse(fs.readFileSync(path.resolve(here, '../../../package.json'), 'utf8')) as { version: string };
      io.out(pkg.version);
      return EXIT.ok;
    }
    const pair = second !== undefined ? commandFile(`${first}-${second}`) : undefined;
    const single = commandFile(first);
    const file = pair ?? single ?? commandFile('request')!;
    const rest = pair ? argv.slice(2) : single ? argv.slice(1) : argv;
    const command = await loadCommand(file);
    // every built-in command answers --help / -h with its own usage (a request or a skill's command handles its own)
    if ((pair || single) && (rest.includes('--help') || rest.includes('-h'))) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io, argv);
  }
}

function reportError(thrown: unknown, io: Io, argv: string[]): number {
  // A full disk or an unwritable profile, whichever write met it, is named with its fix.
  const error = explainStorage(thrown, resolveProfileDir(), 'your request');
  if (error instanceof UsageError || error instanceof ValidationError || error instanceof CorruptDatabaseError || error instanceof ProfileStorageError) {
    io.err(red(error.message));
  } else if (typeof (error as { describe?: unknown }).describe === 'function') {
    // Subsystem errors that carry their own what/why/fix text (e.g. VoiceError).
    io.err(red((error as { describe(): string }).describe()));
  } else {
    io.err(red(`Error: ${(error as Error).message ?? String(error)}`));
    if (process.env.AGENTOS_DEBUG) io.err(String((error as Error).stack));
    // an unexpected failure: its trace goes to the log, and the message says where
    const file = logFile(resolveProfileDir());
    const log = new Log(file);
    log.error('cli.error', { command: argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ').slice(0, 80), message: String((error as Error).message ?? error), stack: String((error as Error).stack ?? '') });
    if (log.dropped === 0) io.err(dim(`Details are in the log: ${file} (agentos log)`));
  }
  return EXIT.error;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  // `agentos history | head`: the reader went away; stop quietly instead of printing EPIPE traces
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
