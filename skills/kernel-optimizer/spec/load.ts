/** Loading a problem folder: problem.json with a C reference, or a KernelBench-style model.py (problem.json optional). */
import path from 'node:path';
import { parseProblem, SpecError, type BackendName, type Problem, type SpecFs } from './schema.js';
import { parseTorchProblem } from './torch.js';

async function readJson(fs: SpecFs, file: string, dir: string): Promise<unknown> {
  const text = await fs.readFile(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SpecError(`problem.json in ${dir} is not valid JSON`, [(e as Error).message]);
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

export async function loadProblem(fs: SpecFs, dir: string): Promise<Problem> {
  const abs = path.resolve(dir);
  const json = await problemJson(fs, abs);
  if (await isPythonProblem(fs, abs, json)) return parseTorchProblem(fs, json ?? {}, abs);
  if (json === undefined) throw new SpecError(`no problem in ${abs}`, ['problem.json: not found, and no model.py (see skills/kernel-optimizer/README.md for both formats)']);
  return parseProblem(fs, json, abs);
}

/** The backend a folder runs on when none is asked for: torch for model.py problems, else cpu. */
export async function defaultBackend(fs: SpecFs, dir: string): Promise<BackendName> {
  const abs = path.resolve(dir);
  try {
    return (await isPythonProblem(fs, abs, await problemJson(fs, abs))) ? 'torch' : 'cpu';
  } catch {
    return 'cpu'; // unreadable problem.json: the run itself reports it
  }
}
