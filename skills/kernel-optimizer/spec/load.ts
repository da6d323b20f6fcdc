/**
 * Loading a problem: a folder with problem.json and a C reference, a KernelBench-style folder
 * (model.py, problem.json optional), or one KernelBench single-file problem (`19_ReLU.py`: a .py
 * file defining Model, get_inputs, get_init_inputs, as in KernelBench's level folders).
 */
import path from 'node:path';
import { parseProblem, SpecError, type BackendName, type Problem, type SpecFs } from './schema.js';
import { parseTorchProblem } from './torch.js';

async function readJson(fs: SpecFs, file: string, dir: string): Promise<unknown> {
  const text = await fs.readFile(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SpecError(`${path.basename(file)} in ${dir} is not valid JSON`, [(e as Error).message]);
  }
}

/** problem.json's content, or undefined when the folder has none. */
async function problemJson(fs: SpecFs, dir: string): Promise<unknown> {
  const file = path.join(dir, 'problem.json');
  return (await fs.exists(file)) ? readJson(fs, file, dir) : undefined;
}

/** A KernelBench-style folder: its model file (model.py, or problem.json's "model") exists and problem.json declares no C signature. */
async function isPythonProblem(fs: SpecFs, dir: string, json: unknown): Promise<boolean> {
  const o = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  return !('signature' in o) && (await fs.exists(path.join(dir, typeof o.model === 'string' ? o.model : 'model.py')));
}

/** A path naming one KernelBench problem file rather than a folder. */
export const isSingleFileProblem = (p: string): boolean => /\.py$/i.test(p);

/** "19_ReLU.py" → "relu": the kind (the knowledge-base key) of a single-file problem, from its name without KernelBench's number. */
export function kindFromName(name: string): string {
  const kind = name.replace(/^\d+_/, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+|[-_]+$/g, '').slice(0, 40);
  return kind || 'model';
}

/**
 * One KernelBench problem file. The model is the file itself and its name the file's name; a
 * sidecar `<name>.json` beside it, if any, holds problem.json's fields (shapes, tolerance, params).
 * Candidate templates are never taken from the folder (a level folder holds many problems): the
 * file's own `ModelNew`, when it defines one, is its torch candidate; otherwise it has none, and
 * the run generates candidates or says that it cannot. `dir` is the folder, `reference` the file
 * name, as for a model.py folder; `singleFileProblem` finds the file again from a run's record.
 */
async function loadSingleFile(fs: SpecFs, file: string): Promise<Problem> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const name = base.replace(/\.py$/i, '');
  const sidecar = path.join(dir, `${name}.json`);
  // only the file may be readable (a file named on the command line is granted alone): no sidecar then
  const extra = (await fs.exists(sidecar).catch(() => false)) ? await readJson(fs, sidecar, dir) : {};
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) throw new SpecError(`${name}.json in ${dir} is invalid`, ['(root): must be an object of problem.json fields']);
  const source = await fs.readFile(file);
  const ownCandidate = /^class\s+ModelNew\b/m.test(source);
  const json = { name, kind: kindFromName(name), ...extra, model: base, ...(ownCandidate ? { templates: { torch: base } } : {}) };
  // the parser sees the file alone, so it finds no kernel.py or kernel_triton.py of the folder (nor asks to read one outside the grant)
  const only: SpecFs = { readFile: fs.readFile.bind(fs), exists: async (f) => path.resolve(f) === file };
  return parseTorchProblem(only, json, dir);
}

/**
 * The single-file problem a run was made from: a run records the problem's folder and name, and a
 * KernelBench level folder holds many problems, so the file is `<folder>/<name>.py` when the folder
 * is not itself a problem folder. Undefined otherwise.
 */
export async function singleFileProblem(fs: SpecFs, dir: string, name: string): Promise<string | undefined> {
  const abs = path.resolve(dir);
  // a path outside the grant is not an error here: the run that follows says what it cannot read
  const exists = (f: string) => fs.exists(f).catch(() => false);
  if (isSingleFileProblem(abs) || (await exists(path.join(abs, 'problem.json'))) || (await exists(path.join(abs, 'model.py')))) return undefined;
  const file = path.join(abs, `${name}.py`);
  return /^[^/\\]+$/.test(name) && (await exists(file)) ? file : undefined;
}

export async function loadProblem(fs: SpecFs, dir: string): Promise<Problem> {
  const abs = path.resolve(dir);
  if (isSingleFileProblem(abs)) {
    if (!(await fs.exists(abs))) throw new SpecError(`no problem at ${abs}`, [`${path.basename(abs)}: not found`]);
    return loadSingleFile(fs, abs);
  }
  const json = await problemJson(fs, abs);
  if (await isPythonProblem(fs, abs, json)) return parseTorchProblem(fs, json ?? {}, abs);
  if (json === undefined) throw new SpecError(`no problem in ${abs}`, ['problem.json: not found, and no model.py (see skills/kernel-optimizer/README.md for both formats)']);
  return parseProblem(fs, json, abs);
}

/** The backend a problem runs on when none is asked for: torch for model.py folders and single-file problems, else cpu. */
export async function defaultBackend(fs: SpecFs, dir: string): Promise<BackendName> {
  const abs = path.resolve(dir);
  if (isSingleFileProblem(abs)) return 'torch';
  try {
    return (await isPythonProblem(fs, abs, await problemJson(fs, abs))) ? 'torch' : 'cpu';
  } catch {
    return 'cpu'; // unreadable problem.json: the run itself reports it
  }
}
