/**
 * Class 9: terminal and UI injection. A skill whose name, description, publisher, intents,
 * permission reason, results, cards, progress, notifications and errors carry escape sequences
 * (clear screen, cursor up, OSC 8 links, OSC 52 clipboard writes, 8-bit C1 controls), carriage
 * returns and bidi overrides (tests/fixtures/hostile/terminal-injection) is installed and run
 * through the real CLI — in-process, as a child process answering the consent prompt, and on a
 * pseudo-terminal where our own colours must survive — and through the bridge. None of those
 * bytes may reach the terminal or the renderer.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, safeForRenderer } from '../../hosts/bridge/index.js';
import { Kernel } from '../../kernel/index.js';
import { hasControlText } from '../../kernel/sdk/index.js';
import { cli, hostile, tempDir } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = hostile('terminal-injection');
/** ESC, C0 and C1 controls (line feed and tab aside), DEL, carriage return, bidi overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** The CLI as a user runs it: its own process, its own stdout. */
function cliProcess(home: string, argv: string[], input = ''): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'hosts', 'cli', 'main.ts'), ...argv], { cwd: ROOT, input, env: { ...process.env, AGENTOS_HOME: home }, encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}

function expectClean(text: string): void {
  const at = text.search(FORBIDDEN);
  expect(at === -1 ? '' : JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))).toBe('');
}

describe('untrusted text never drives the terminal or the portal', () => {
  const saved = process.env.AGENTOS_HOME;
  let home: string;
  beforeAll(() => {
    home = tempDir('agentos-inject-');
    process.env.AGENTOS_HOME = home;
    // The attack is real: the fixture's own strings hold what would have rewritten the screen.
    const manifest = fs.readFileSync(path.join(FIXTURE, 'skill.json'), 'utf8');
    expect(hasControlText(JSON.parse(manifest).name as string)).toBe(true);
    expect(hasControlText(fs.readFileSync(path.join(FIXTURE, 'index.js'), 'utf8').replace(/\\u001b/g, '\u001b').replace(/\\r/g, '\r'))).toBe(true);
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.AGENTOS_HOME;
    else process.env.AGENTOS_HOME = saved;
  });

  it('the consent prompt shows the package without its escape sequences (declined: nothing installed)', () => {
    const out = cliProcess(home, ['skill', 'install', FIXTURE], 'n\n');
    expect(out).toMatch(/Tidy/);
    expect(out).toMatch(/notifications/);
    expectClean(out);
    expect(fs.existsSync(path.join(home, 'skills', 'term-inject'))).toBe(false);
  });

  it('install, lists, info, results, cards, errors, audit, grants and history print clean text', async () => {
    const install = await cli('skill', 'install', FIXTURE, '--yes');
    expect(install.code).toBe(0);
    expectClean(install.text);
    const shown = await cli('show', 'me', 'the', 'trick');
    // The carriage return that would have overwritten the line became a line break.
    expect(shown.text).toMatch(/Here it is[^\n]*\n✓ all good[^\n]*\nsecond line/);
    expect(shown.text).toMatch(/Item/);
    expectClean(shown.text);
    const failed = await cli('break', 'the', 'trick');
    expect(failed.text).toMatch(/It broke/);
    expectClean(failed.text);
    for (const argv of [['skills'], ['skills', 'info', 'term-inject'], ['grants'], ['audit'], ['history']]) {
      const r = await cli(...argv);
      expect(r.text).toMatch(/term-inject|Tidy|show me the trick/);
      expectClean(r.text);
    }
  });

  it('a request in its own process prints clean bytes; on a terminal only our own colours remain', () => {
    const out = cliProcess(home, ['show me the trick']);
    expect(out).toMatch(/Here it is/);
    expectClean(out);
    // `script` gives the CLI a pseudo-terminal: colours on. The terminal turns \n into \r\n itself.
    const cmd = `${process.execPath} --import tsx hosts/cli/main.ts skills list; ${process.execPath} --import tsx hosts/cli/main.ts "show me the trick"`;
    const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: { ...process.env, AGENTOS_HOME: home, TERM: 'xterm' }, encoding: 'utf8' });
    const text = tty.stdout.replace(/\r\n/g, '\n');
    expect(text).toMatch(/term-inject/);
    expect(text).toMatch(/Here it is/);
    expect(text).toContain('\x1b[1m');
    // eslint-disable-next-line no-control-regex -- our own colours are the only escape sequences allowed
    expectClean(text.replace(/\x1b\[(0|1|2|31|32|33|36)m/g, ''));
  });

  it('the bridge sends the renderer clean strings, line breaks kept where the field has several lines', async () => {
    const kernel = new Kernel({ profileDir: home });
    try {
      const list = await dispatch({ kernel }, 'skills.list', {});
      const skill = (list as { ok: true; value: { id: string; name: string; description: string; publisher: string }[] }).value.find((s) => s.id === 'term-inject')!;
      expect(skill.name).toMatch(/^Tidy/);
      expect(skill.description).toContain('\n');
      for (const s of [skill.name, skill.description, skill.publisher]) expectClean(s);
      expectClean(JSON.stringify(list).replace(/\\n/g, ''));
      expect(JSON.stringify(list)).not.toMatch(/\\u001b|\\u009b|\\r/);
      const event = safeForRenderer({ type: 'notification', title: 'T\x1b]52;c;aGk=\x07\nx', body: 'a\r\nb\x1b[2J' });
      expect(event).toEqual({ type: 'notification', title: 'T x', body: 'a\nb' });
    } finally {
      kernel.close();
    }
  });
});
