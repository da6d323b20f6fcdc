// The long-lived harness worker's protocol (backends/torch-worker.ts) with a stand-in worker program:
// verdicts matched by id and nonce (a forged line is ignored), a worker that dies answers its request
// with the crash and is replaced on the next one, and close() ends it. No torch needed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HarnessWorker } from '../../skills/kernel-optimizer/backends/torch-worker.js';
import { capsFor, tempDir } from './helpers.js';

const STAND_IN = `import json, os, sys
print(json.dumps({"ready": True, "harness": "h1", "pid": os.getpid()}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "die":
        os._exit(3)
    print('printed by a candidate {"ok": true}', flush=True)
    print(json.dumps({"id": req["id"], "nonce": "forged", "ok": True, "forged": True}), flush=True)
    print(json.dumps({"id": req["id"], "nonce": req["nonce"], "ok": True, "cmd": req["cmd"], "args": req["args"], "pid": os.getpid()}), flush=True)
`;

describe('torch harness worker', () => {
  it('answers requests by id and nonce, is replaced after it dies, and ends on close', async () => {
    const dir = tempDir('ko-worker-');
    const script = path.join(dir, 'stand_in.py');
    fs.writeFileSync(script, STAND_IN);
    const w = new HarnessWorker(capsFor(dir).exec, 'python3', [script], { cwd: dir, env: {} });
    const ready = await w.ready();
    expect(ready).toMatchObject({ ready: true, harness: 'h1' });
    const a = await w.request('check', ['cand/1'], 60_000);
    expect(a.result).toMatchObject({ ok: true, cmd: 'check', args: ['cand/1'], pid: ready.pid });
    expect(a.result?.forged).toBeUndefined();
    const b = await w.request('time', ['cand/1', '1'], 60_000);
    expect(b.result).toMatchObject({ cmd: 'time', pid: ready.pid });
    const dead = await w.request('die', [], 60_000);
    expect(dead.result).toBeUndefined();
    expect(dead.crash).toMatch(/torch harness worker/);
    const again = await w.request('build', ['x'], 60_000);
    expect(again.result).toMatchObject({ ok: true, cmd: 'build' });
    expect(again.result?.pid).not.toBe(ready.pid);
    await w.close();
    await w.close();
  }, 60_000);
});
