/**
 * CLI conventions (issue 21, item 5 and part of 9): every command's --help, "did you mean" for a
 * mistyped command, a JSON error object with --json, quiet exit on a closed pipe, FORCE_COLOR,
 * settings errors that name the setting and the expected value, missing files named by path.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../hosts/cli/io.js';
import { wantsColour } from '../../hosts/cli/io.js';
import { listCommands, main } from '../../hosts/cli/main.js';
import { commandWords, editDistance, suggestCommand } from '../../hosts/cli/names.js';
import { tempDir } from '../kernel/helpers.js';
import { commandTable, documentedTable } from './cli-docs.js';

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('CLI conventions', () => {
  const saved = process.env.AGENTOS_HOME;
  beforeEach(() => {
    process.env.AGENTOS_HOME = tempDir();
  });
  afterEach(() => {
    process.env.AGENTOS_HOME = saved;
  });

  it('every command prints its own help for --help and -h and exits 0', async () => {
    const commands = await listCommands();
    expect(commands.length).toBeGreaterThan(20);
    for (const c of commands) {
      for (const flag of ['--help', '-h']) {
        const io = capture();
        expect(await main([...c.name.split(' '), flag], io), `${c.name} ${flag}`).toBe(0);
        const text = io.stdout.join('\n');
        expect(text).toContain(`agentos ${c.name}`);
        expect(text).toContain(c.usage.split('\n')[0]!);
        expect(io.stderr).toEqual([]);
      }
    }
  });

  it('docs/cli.md lists every command with the usage its --help prints', async () => {
    expect(documentedTable(), 'docs/cli.md is out of date: run npx tsx tests/cli/cli-docs.ts --write').toBe(await commandTable());
  });

  it('suggests the command a mistyped word meant instead of running it as a request', async () => {
    for (const [typed, meant] of [['histroy', 'history'], ['setings', 'settings'], ['skils', 'skill'], ['grpah', 'graph']] as const) {
      const io = capture();
      expect(await main([typed], io), typed).toBe(2);
      expect(io.stderr.join('\n')).toContain(`Did you mean: agentos ${meant}`);
      expect(io.stdout).toEqual([]);
    }
    // nothing was run: the history is empty
    const h = capture();
    await main(['history', '--json'], h);
    expect(JSON.parse(h.stdout[0]!)).toEqual([]);
  });

  it('leaves one-word requests and sentences to the kernel', () => {
    const names = commandWords();
    for (const word of ['weather', 'notes', 'hello', 'timer', 'joke', 'undo']) expect(suggestCommand(word, names), word).toBeUndefined();
    expect(suggestCommand('show my history', names)).toBeUndefined();
    expect(editDistance('histroy', 'history')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('--json prints one JSON error object on stdout when a command fails', async () => {
    const io = capture();
    expect(await main(['history', '--bogus', '--json'], io)).toBe(1);
    expect(io.stdout).toHaveLength(1);
    const e = JSON.parse(io.stdout[0]!) as { ok: boolean; exitCode: number; error: string };
    expect(e).toMatchObject({ ok: false, exitCode: 1 });
    expect(e.error).toContain('--bogus');
    // a failing request already prints its response as JSON: no second object
    const r = capture();
    expect(await main(['zxqv blorp frobnicate', '--json'], r)).toBe(2);
    expect(r.stdout).toHaveLength(1);
    expect(JSON.parse(r.stdout[0]!)).toHaveProperty('status');
  });

  it('a settings error names the setting, the expected value and the default', async () => {
    const io = capture();
    expect(await main(['settings', 'set', 'llm.agentMaxSteps', 'banana'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/Setting "llm\.agentMaxSteps" must be a number .*"banana" is not valid.*default is 8/);
    const e = capture();
    expect(await main(['settings', 'set', 'voice.engine', 'telepathy'], e)).toBe(1);
    expect(e.stderr.join('\n')).toMatch(/must be one of auto, whisper-cpp, transformers, pocketsphinx/);
  });

  it('names a missing file or folder in graph import and export', async () => {
    const missing = path.join(tempDir(), 'no', 'such');
    const exp = capture();
    expect(await main(['graph', 'export', path.join(missing, 'g.jsonl')], exp)).toBe(1);
    expect(exp.stderr.join('\n')).toContain(`the folder ${missing} does not exist`);
    const imp = capture();
    expect(await main(['graph', 'import', path.join(missing, 'g.jsonl')], imp)).toBe(1);
    expect(imp.stderr.join('\n')).toMatch(/there is no such file/);
  });

  it('colours follow NO_COLOR and FORCE_COLOR', () => {
    expect(wantsColour({}, true)).toBe(true);
    expect(wantsColour({}, false)).toBe(false);
    expect(wantsColour({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(wantsColour({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(wantsColour({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('exits quietly when the reader of its output goes away (| head)', async () => {
    // the reader closes before the first write: without the EPIPE handler Node prints an error and exits 1
    const child = spawn(process.execPath, ['--import', 'tsx', 'hosts/cli/main.ts', 'settings'], { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  }, 60_000);
});
