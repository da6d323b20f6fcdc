// The Debian packages AgentOS's tests use (real browser, real speech engines, real compilers),
// checked and — when running as root — installed. Imported by scripts/test.mjs and scripts/start.mjs.
import { execFileSync, spawnSync } from 'node:child_process';

export const TEST_PACKAGES = {
  chromium: 'end-to-end tests drive a real browser (/usr/bin/chromium)',
  pocketsphinx: 'offline speech recognition',
  'pocketsphinx-en-us': 'the English acoustic model for PocketSphinx',
  'espeak-ng': 'spoken replies and the synthesized voice test set',
  sox: 'audio conversion in the voice tests',
  'libopenblas-dev': 'the matmul reference of the kernel-optimization benchmark',
  bubblewrap: 'network and filesystem isolation of community skills',
  gcc: 'the CPU backend of the kernel-optimization skill',
  clang: 'the second CPU compiler of the kernel-optimization skill',
  'libomp-dev': 'OpenMP for clang',
  'python3-torch': 'the torch backend of the kernel-optimization skill (KernelBench-style PyTorch problems)',
};

export function missingPackages(names = Object.keys(TEST_PACKAGES)) {
  return names.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

/** Installs what is missing when root; otherwise returns the command the user must run. */
export function ensurePackages(names = Object.keys(TEST_PACKAGES), log = (s) => process.stdout.write(`${s}\n`)) {
  const missing = missingPackages(names);
  if (missing.length === 0) return { ok: true };
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return { ok: false, missing, command: `sudo ${command}` };
  log(`setup: installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  const still = missingPackages(names);
  return still.length === 0 ? { ok: true } : { ok: false, missing: still, command };
}
