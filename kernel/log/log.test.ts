import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Log } from './log.js';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-log-'));

describe('Log', () => {
  it('writes JSON lines at or above its level', () => {
    const file = path.join(dir(), 'logs', 'agentos.log');
    const log = new Log(file, { level: 'info', clock: () => new Date('2026-12-05T10:00:00Z') });
    log.debug('noise');
    log.info('rule.fire', { rule: 3 });
    log.error('sandbox.killed', { skill: 'x', reason: 'cpu' });
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { at: '2026-12-05T10:00:00.000Z', level: 'info', event: 'rule.fire', rule: 3 },
      { at: '2026-12-05T10:00:00.000Z', level: 'error', event: 'sandbox.killed', skill: 'x', reason: 'cpu' },
    ]);
    expect(log.tail(10, 'error').map((l) => l.event)).toEqual(['sandbox.killed']);
  });

  it('rotates by size, keeping the newest files, and tail reads across them', () => {
    const file = path.join(dir(), 'agentos.log');
    const log = new Log(file, { maxBytes: 300, keep: 2 });
    for (let i = 0; i < 40; i++) log.info('tick', { i });
    expect(fs.existsSync(`${file}.1`)).toBe(true);
    expect(fs.existsSync(`${file}.2`)).toBe(true);
    expect(fs.existsSync(`${file}.3`)).toBe(false);
    for (const f of [file, `${file}.1`, `${file}.2`]) expect(fs.statSync(f).size).toBeLessThanOrEqual(300);
    const tail = log.tail(5).map((l) => l.i);
    expect(tail).toEqual([35, 36, 37, 38, 39]);
  });

  it('drops and counts what it cannot write, never throwing (read-only or full disk)', () => {
    const ro = dir();
    fs.writeFileSync(path.join(ro, 'logs'), 'a file where the folder should be');
    const log = new Log(path.join(ro, 'logs', 'agentos.log'));
    expect(() => log.error('cli.error', { message: 'x' })).not.toThrow();
    expect(log.dropped).toBe(1);
    expect(log.tail()).toEqual([]);
  });
});
