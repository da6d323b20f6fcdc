// `npm run bench [-- NAME …]`: runs the benchmarks under bench/ (each bench/NAME.bench.ts is a
// standalone script that prints its figures and writes bench/results/NAME.json), one after another.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const all = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length) {
  process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}\n`);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, 'dist', 'hosts', 'cli', 'main.js'))) {
  process.stderr.write('Build first: npm run build\n');
  process.exit(1);
}
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
let failures = 0;
for (const name of wanted.length ? wanted : all) {
  process.stdout.write(`\n=== bench: ${name}\n`);
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join('bench', `${name}.bench.ts`)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failures++;
    process.stdout.write(`bench ${name} failed (exit ${r.status})\n`);
  }
}
process.stdout.write(`\nResults: bench/results/*.json; figures and method: bench/README.md\n`);
process.exit(failures ? 1 : 0);
