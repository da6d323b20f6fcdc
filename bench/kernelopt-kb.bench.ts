/**
 * The kernel optimizer on a KernelBench level-1 style set for the CPU (bench/kernelbench-cpu: one
 * .py file per problem, shapes reduced to fit): `agentos kernel-opt bench` run through the skill's
 * command handler with a CI-sized budget per problem, no hand-written candidates (what the run
 * generates from each model is what is judged). Prints the Markdown table with fast_1.0, fast_1.5,
 * fast_2.0 and the wall seconds per evaluation (per candidate judged), and writes
 * bench/results/kernelopt-kb.json.
 *   npx tsx bench/kernelopt-kb.bench.ts [--budget N] [--seconds S] [--problems 1,6,10] [--python PATH] [--no-llm]
 * The skill runs on capabilities built as the kernel builds them: a fresh temporary data folder,
 * read access to the problem set and the CPU facts, and the toolchain and what it builds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createExecCapability, createFsCapability } from '../kernel/capabilities/index.js';
import type { SkillContext } from '../kernel/contracts/index.js';
import { SqliteSkillStore } from '../kernel/skills/index.js';
import { openDatabase } from '../kernel/store/index.js';
import skill from '../skills/kernel-optimizer/index.js';
import type { BenchReport } from '../skills/kernel-optimizer/report/bench.js';

const argv = process.argv.slice(2);
if (argv.includes('--help')) {
  console.log('npx tsx bench/kernelopt-kb.bench.ts [--budget N (default 4)] [--seconds S (per problem)] [--problems 1,6,10 (numbers or names)] [--python PATH]');
  process.exit(0);
}
const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const budget = flag('--budget') ?? '4';
const python = flag('--python') ?? process.env.AGENTOS_PYTHON ?? null;
const set = path.resolve('bench/kernelbench-cpu');
const wanted = flag('--problems')?.split(',').map((s) => s.trim().toLowerCase());
const files = fs
  .readdirSync(set)
  .filter((f) => f.endsWith('.py'))
  .filter((f) => !wanted || wanted.some((w) => (/^\d+$/.test(w) ? f.startsWith(`${w}_`) : f.toLowerCase().includes(w))))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  .map((f) => path.join(set, f));
if (files.length === 0) {
  console.error(`No problem in ${set} matches --problems ${flag('--problems')}`);
  process.exit(1);
}
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ko-kb-'));
const caps = {
  fs: createFsCapability([set, '/proc/cpuinfo', '/sys/devices/system/cpu'], ['$DATA'], { data: root }),
  exec: createExecCapability(['gcc', 'clang', 'nvcc', 'nvidia-smi', 'python3', 'python', '$DATA/**'], { data: root }),
};
const started = performance.now();
// Ctrl-C stops the bench as the CLI host would: the rows so far are kept and printed
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
const ctx: SkillContext = {
  skillId: 'kernel-optimizer',
  requestId: 'kb-bench',
  text: 'kernel-opt bench',
  now: new Date(),
  timezone: 'UTC',
  settings: { backend: 'cpu', budget: Number(budget), strategy: 'model', python },
  dataDir: root,
  store: new SqliteSkillStore(openDatabase(path.join(root, 'profile'))).forSkill('kernel-optimizer'),
  skills: { list: async () => [] },
  log: () => undefined,
  // one line per problem and per evaluation, with the time since the start
  progress: (_fraction, message) => {
    if (message) console.log(`${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s  ${message}`);
  },
  signal: controller.signal,
  fs: caps.fs,
  exec: caps.exec,
};
const out = path.join(root, 'bench');
const args = ['bench', ...(wanted ? files : [set]), '--out', out, '--budget', budget, ...(flag('--seconds') ? ['--seconds', flag('--seconds')!] : []), '--no-llm'];
const result = await skill['kernelopt.command']!({ argv: args }, ctx);
const data = result.data as { exitCode: number; stderr?: string };
if (!fs.existsSync(path.join(out, 'bench.json'))) {
  console.error(`kernel-opt bench failed (exit ${data.exitCode}): ${data.stderr ?? ''}`);
  process.exit(1);
}
const report = JSON.parse(fs.readFileSync(path.join(out, 'bench.json'), 'utf8')) as BenchReport;
console.log(`\n${fs.readFileSync(path.join(out, 'bench.md'), 'utf8')}`);
const perEval = report.seconds_per_evaluation;
console.log(`fast_1.0 ${report.fast_p['1.0']}  fast_1.5 ${report.fast_p['1.5']}  fast_2.0 ${report.fast_p['2.0']}  correct ${report.correct}/${report.count}  per-candidate time ${perEval === null ? '—' : `${perEval.toFixed(1)} s`}  total ${((performance.now() - started) / 1000).toFixed(0)} s`);
const results = {
  machine: `${os.cpus()[0]?.model} x${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  loadavg: os.loadavg(),
  // the command as typed from the repository root (the output folder was a temporary one)
  command: `agentos kernel-opt ${args.filter((a, i) => a !== '--out' && args[i - 1] !== '--out').map((a) => (path.isAbsolute(a) ? path.relative(process.cwd(), a) : a)).join(' ')}`,
  seconds: (performance.now() - started) / 1000,
  ...report,
};
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/kernelopt-kb.json', JSON.stringify(results, null, 2) + '\n');
console.log('wrote bench/results/kernelopt-kb.json');
fs.rmSync(root, { recursive: true, force: true });
