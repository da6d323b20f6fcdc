// A run that is stopped — by the user (the signal) or by its process being killed — says so: its
// status is "stopped" with a note naming --resume, not "done" or forever "running".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuns, readRun } from '../../skills/kernel-optimizer/report/runs.js';
import { runOptimization } from '../../skills/kernel-optimizer/run.js';
import { capsFor, smallSum, storeIn, tempDir, writeProblem } from './helpers.js';

describe('stopped runs', () => {
  it('a run stopped by its signal is recorded as stopped, with how to resume it', async () => {
    const root = tempDir();
    const dir = writeProblem(path.join(root, 'sum'), smallSum);
    const controller = new AbortController();
    const r = await runOptimization({
      caps: capsFor(root), problemDir: dir, backend: 'cpu', budget: 6, strategy: 'exhaustive', runsDir: path.join(root, 'runs'), store: storeIn(root), generate: false, knowledge: false, cache: false,
      signal: controller.signal,
      // stop after the first judged candidate
      onEvaluation: () => controller.abort(),
    });
    expect(r.status).toBe('stopped');
    expect(r.evaluations.length).toBeLessThan(6);
    expect(r.notes.at(-1)).toMatch(/stopped by the user; resume with --resume /);
    expect((await readRun(capsFor(root).fs, path.join(root, 'runs'), r.id))?.status).toBe('stopped');
  }, 240_000);

  it('a run left "running" by a process that no longer exists reads as stopped', async () => {
    const root = tempDir();
    const runs = path.join(root, 'runs');
    // the pid of a process that has ended
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const base = { problem: 'sum', problemDir: root, kind: 'reduction', backend: 'cpu', strategy: 'model', startedAt: '2026-12-05T10:00:00.000Z', budget: 4, evaluations: [], trajectory: [], notes: [], sources: {} };
    for (const [id, owner] of [['killed', { pid: Number(gone), host: os.hostname() }], ['live', { pid: process.pid, host: os.hostname() }], ['elsewhere', { pid: Number(gone), host: 'another-machine' }]] as const) {
      fs.mkdirSync(path.join(runs, id), { recursive: true });
      fs.writeFileSync(path.join(runs, id, 'run.json'), JSON.stringify({ ...base, id, status: 'running', owner }));
    }
    const fsCap = capsFor(root).fs;
    const byId = Object.fromEntries((await listRuns(fsCap, runs)).map((s) => [s.id, s.status]));
    expect(byId).toEqual({ killed: 'stopped', live: 'running', elsewhere: 'running' });
    expect((await readRun(fsCap, runs, 'killed'))?.notes.at(-1)).toMatch(/ended before it finished .*--resume killed/);
  });
});
