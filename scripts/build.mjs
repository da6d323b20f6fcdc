// Builds AgentOS: TypeScript (kernel, hosts, skills, main, bench) to dist/, the kernel's plain
// JavaScript programs (the sandbox's child runner) and skill manifests and assets beside their
// compiled code, and the renderer bundle (Vite) to dist/renderer.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const step = (what) => process.stdout.write(`build: ${what}\n`);

step('TypeScript → dist/');
execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

// Every file tsc does not compile (and `keep` accepts) is copied to the same place under dist/.
const copyAssets = (from, to, keep = () => true) => {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      copyAssets(src, dst, keep);
    } else if ((!/\.(ts|tsx)$/.test(entry.name) || entry.name.endsWith('.d.ts')) && keep(entry.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(src, dst);
    }
  }
};

step('kernel programs and assets → dist/kernel/');
// e.g. kernel/sandbox/child/runner.mjs, which the sandbox runner finds beside its compiled module.
// A tsconfig.json there only type-checks the plain JavaScript; tests stay out of the build.
copyAssets(path.join(root, 'kernel'), path.join(root, 'dist', 'kernel'), (name) => name !== 'tsconfig.json' && !/\.test\.[cm]?[jt]sx?$/.test(name));

step('skill manifests and assets → dist/skills/');
copyAssets(path.join(root, 'skills'), path.join(root, 'dist', 'skills'));

if (fs.existsSync(path.join(root, 'renderer', 'index.html'))) {
  step('renderer → dist/renderer/');
  execFileSync(bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
step('done');
