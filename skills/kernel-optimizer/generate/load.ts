/**
 * Loading a problem for a run: the problem (which may have no candidate template of its own — the
 * run then generates candidates, or says it cannot), and whether problem.json declared its kind
 * (else the generator's detected kind is used).
 */
import path from 'node:path';
import { loadProblem, type BackendName, type Problem, type SpecFs } from '../spec/index.js';

/** The backends the generator has templates for. */
export const GENERATED_BACKENDS: readonly BackendName[] = ['cpu', 'torch'];

export async function loadForRun(fs: SpecFs, dir: string): Promise<{ problem: Problem; kindDeclared: boolean }> {
  const problem = await loadProblem(fs, path.resolve(dir));
  const jsonFile = path.join(problem.dir, 'problem.json');
  let kindDeclared = false;
  try {
    kindDeclared = (await fs.exists(jsonFile)) && typeof (JSON.parse(await fs.readFile(jsonFile)) as { kind?: unknown }).kind === 'string';
  } catch {
    /* loadProblem read it already; a single-file problem may have no readable folder */
  }
  return { problem, kindDeclared };
}
