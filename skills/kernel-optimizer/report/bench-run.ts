/**
 * Running a bench: the problems named (a problem folder, a folder of problem folders, a
 * KernelBench level folder of single-file problems, or one such file), each optimized by
 * runOptimization with the same options, one row each whatever happens to it, and bench.json and
 * bench.md rewritten in the output folder after every problem, so a stopped bench keeps its rows.
 */
import path from 'node:path';
import type { FsCapability } from '../../../kernel/contracts/index.js';
import type { Caps } from '../caps.js';
import { fmtMs } from '../evaluation/stats.js';
import { runOptimization, type RunOptions } from '../run.js';
import { defaultBackend, SpecError, type BackendName } from '../spec/index.js';
import { isSingleFileProblem } from '../spec/load.js';
import { benchMarkdown, benchReport, rowFromError, rowFromRecord, type BenchReport, type BenchRow } from './bench.js';

type ReadFs = Pick<FsCapability, 'readFile' | 'readDir' | 'exists' | 'stat'>;

export interface BenchEntry { name: string; path: string }

const isProblemFolder = async (fs: ReadFs, dir: string) => (await fs.exists(path.join(dir, 'problem.json'))) || (await fs.exists(path.join(dir, 'model.py')));

/** A KernelBench problem file: it defines the reference Model and its inputs. */
async function isProblemFile(fs: ReadFs, file: string): Promise<boolean> {
  if (!isSingleFileProblem(file)) return false;
  const text = await fs.readFile(file, { maxBytes: 1_000_000 }).catch(() => '');
  return /^class\s+Model\b/m.test(text) && /^def\s+get_inputs\s*\(/m.test(text);
}

/** KernelBench's order: by the leading number ("2_" before "10_"), then by name. */
const natural = (a: BenchEntry, b: BenchEntry) => a.name.localeCompare(b.name, 'en', { numeric: true });

const entryName = (p: string) => path.basename(p).replace(/\.py$/i, '');

/**
 * The problems the targets name, in order, without duplicates. A target that does not exist or
 * holds no problem is an error (a typo should not cost a whole bench).
 */
export async function discoverProblems(fs: ReadFs, targets: readonly string[]): Promise<{ entries: BenchEntry[]; errors: string[] }> {
  const entries: BenchEntry[] = [];
  const errors: string[] = [];
  for (const target of targets.map((t) => path.resolve(t))) {
    const exists = await fs.exists(target).catch((e: Error) => e);
    if (exists !== true) {
      errors.push(exists === false ? `${target}: there is no such file or folder` : `${target}: cannot be read (${exists.message})`);
      continue;
    }
    const info = await fs.stat(target);
    if (!info.isDirectory) {
      if (await isProblemFile(fs, target)) entries.push({ name: entryName(target), path: target });
      else errors.push(`${target}: not a KernelBench problem file (a .py defining class Model and get_inputs)`);
      continue;
    }
    if (await isProblemFolder(fs, target)) {
      entries.push({ name: entryName(target), path: target });
      continue;
    }
    const found: BenchEntry[] = [];
    for (const e of await fs.readDir(target)) {
      if (e.isDirectory ? await isProblemFolder(fs, e.path) : await isProblemFile(fs, e.path)) found.push({ name: entryName(e.path), path: e.path });
    }
    if (found.length === 0) errors.push(`${target}: holds no problems (problem folders with a problem.json or model.py, or KernelBench .py files defining Model and get_inputs)`);
    entries.push(...found.sort(natural));
  }
  const seen = new Set<string>();
  return { entries: entries.filter((e) => !seen.has(e.path) && seen.add(e.path)), errors };
}

/** The run options every problem shares; problemDir and the callbacks are the bench's, backend defaults per problem. */
export type SharedRunOptions = Omit<RunOptions, 'problemDir' | 'backend' | 'onEvaluation' | 'onStatus' | 'resume' | 'caps'> & { backend?: BackendName };

export interface BenchOptions {
  caps: Caps;
  entries: BenchEntry[];
  /** Where bench.json and bench.md go. */
  outDir: string;
  run: SharedRunOptions;
  /** Progress: the fraction of the set done, and a line for each step (absent when quiet). */
  progress(fraction: number, message: string): void;
  /** The optimizer for one problem (runOptimization; a test may wrap it). */
  optimize?: typeof runOptimization;
}

/** The report, its Markdown, and the paths of bench.json and bench.md. */
export interface BenchResult { report: BenchReport; markdown: string; jsonFile: string; markdownFile: string }

const errorText = (e: unknown) => (e instanceof SpecError ? `${e.message}: ${e.issues.join('; ')}` : (e as Error).message ?? String(e));

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const { caps, entries } = o;
  const optimize = o.optimize ?? runOptimization;
  const date = new Date().toISOString();
  const options = { budget: o.run.budget, seconds: o.run.seconds ?? null, backend: o.run.backend ?? null, strategy: o.run.strategy ?? 'model' };
  const files = { jsonFile: path.join(o.outDir, 'bench.json'), markdownFile: path.join(o.outDir, 'bench.md') };
  const rows: BenchRow[] = [];
  const write = async (complete: boolean) => {
    const report = benchReport(rows, options, date, complete);
    await caps.fs.writeFile(files.jsonFile, JSON.stringify(report, null, 2) + '\n');
    await caps.fs.writeFile(files.markdownFile, benchMarkdown(report));
    return report;
  };
  await caps.fs.mkdir(o.outDir);
  await write(false);
  const n = entries.length;
  for (const [i, entry] of entries.entries()) {
    const tag = `[${i + 1}/${n}] ${entry.name}`;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    if (o.run.signal?.aborted) {
      rows.push(rowFromError(entry.name, entry.path, null, 'not run: the bench was stopped', 0, true));
      continue;
    }
    let backend: BackendName | null = null;
    // the bar only moves forward: a status line after the last evaluation keeps its place
    let fraction = i / n;
    o.progress(fraction, `${tag}: starting`);
    try {
      backend = o.run.backend ?? (await defaultBackend(caps.fs, entry.path));
      const record = await optimize({
        ...o.run,
        caps,
        problemDir: entry.path,
        backend,
        onStatus: (m) => o.progress(fraction, `${tag}: ${m}`),
        onEvaluation: (e, r) => {
          const best = r.best ? `${r.best.speedup.toFixed(2)}x` : '—';
          fraction = Math.max(fraction, (i + Math.min(1, r.evaluations.length / r.budget)) / n);
          o.progress(fraction, `${tag} [${r.evaluations.length}/${r.budget}] #${e.n} ${e.status}${e.timing ? ` ${fmtMs(e.timing.medianNs)}` : ''}${e.stage ? ` (${e.stage})` : ''} · best ${best}`);
        },
      });
      rows.push(rowFromRecord(record, entry.path, seconds()));
    } catch (e) {
      rows.push(rowFromError(entry.name, entry.path, backend, errorText(e), seconds(), o.run.signal?.aborted === true));
    }
    const row = rows.at(-1)!;
    o.progress((i + 1) / n, `${tag}: ${row.correctness ? `correct, ${row.speedup.toFixed(2)}x` : `not correct: ${row.reason ?? ''}`}`.slice(0, 300));
    await write(false);
  }
  const report = await write(true);
  return { report, markdown: benchMarkdown(report), ...files };
}
