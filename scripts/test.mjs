// The one test command (`npm test`): system packages, type-check, lint, build, unit and integration
// tests (Vitest), end-to-end tests in a real browser. Ends with one line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PACKAGES, ensurePackages } from './system-deps.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const started = Date.now();
const phase = (name) => process.stdout.write(`\n▶ ${name}\n`);
let passed = 0;
let failed = 0;
let skipped = 0;

function run(name, cmd, args, options = {}) {
  phase(name);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env } });
  if (r.status !== 0) {
    process.stdout.write(`\n✗ ${name} failed (exit ${r.status ?? r.signal}).\n`);
    return false;
  }
  return true;
}

function finish(ok) {
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(`\n${ok ? 'All checks passed' : 'Some checks failed'} in ${secs} s.\n`);
  process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exit(ok ? 0 : 1);
}

phase('setup: Debian packages');
const deps = ensurePackages(Object.keys(TEST_PACKAGES));
if (!deps.ok) {
  process.stdout.write(`Missing Debian packages: ${deps.missing.join(', ')}\nInstall them with:\n  ${deps.command}\nthen run npm test again.\n`);
  process.exit(1);
}

const steps = [
  () => run('type-check (kernel, skills, main, tests, bench)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']),
  () => run('type-check (sandbox child program, .mjs with JSDoc)', bin('tsc'), ['-p', 'kernel/sandbox/child/tsconfig.json']),
  () => !fs.existsSync(path.join(root, 'renderer', 'tsconfig.json')) || run('type-check (renderer)', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']),
  () => run('lint', bin('eslint'), ['.', '--max-warnings=0']),
  () => run('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]),
];
let ok = true;
for (const step of steps) {
  if (!step()) {
    ok = false;
    break;
  }
}
if (ok) {
  const report = path.join(os.tmpdir(), `agentos-vitest-${process.pid}.json`);
  const unit = run('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  try {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    fs.rmSync(report, { force: true });
  } catch {
    if (!unit) failed += 1;
  }
  ok = unit && ok;
  // The containment tests again without bubblewrap: every attack must be contained in that mode too.
  const nobwrap = path.join(os.tmpdir(), `agentos-vitest-nobwrap-${process.pid}.json`);
  const second = run('containment tests without bubblewrap (AGENTOS_SANDBOX_NO_BWRAP=1)', bin('vitest'), ['run', 'tests/security', 'kernel/sandbox', '--reporter=default', '--reporter=json', `--outputFile.json=${nobwrap}`], { env: { AGENTOS_SANDBOX_NO_BWRAP: '1' } });
  try {
    const r = JSON.parse(fs.readFileSync(nobwrap, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    fs.rmSync(nobwrap, { force: true });
  } catch {
    if (!second) failed += 1;
  }
  ok = second && ok;
  if (fs.existsSync(path.join(root, 'scripts', 'e2e.mjs'))) {
    const summary = path.join(os.tmpdir(), `agentos-e2e-${process.pid}.json`);
    const e2e = run('end-to-end tests (real Chromium)', process.execPath, [path.join(root, 'scripts', 'e2e.mjs')], { env: { AGENTOS_E2E_SUMMARY: summary } });
    try {
      const s = JSON.parse(fs.readFileSync(summary, 'utf8'));
      passed += s.passed;
      failed += s.failed;
      skipped += s.skipped ?? 0;
    } catch {
      if (!e2e) failed += 1;
    }
    ok = e2e && ok;
  }
} else {
  failed += 1;
}
finish(ok);
