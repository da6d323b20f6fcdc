/**
 * Loading a problem for a run that may have no candidate template of its own: a model.py folder
 * without kernel.py, a problem.json + reference.c folder without kernel.c. The spec rejects those
 * (a template is what a run used to need); when the template is all that is missing and the
 * generator can supply candidates for the backend, the problem is loaded as if an empty template
 * were there and returned without one.
 */
import path from 'node:path';
import { loadProblem, SpecError, type BackendName, type Problem, type SpecFs } from '../spec/index.js';

/** The backends the generator has templates for. */
export const GENERATED_BACKENDS: readonly BackendName[] = ['cpu', 'torch'];

const PLACEHOLDER = { torch: 'kernel.py', cpu: '.ko-generated-template.c' } as const;

function onlyTemplatesMissing(e: unknown): boolean {
  return e instanceof SpecError && e.issues.length > 0 && e.issues.every((i) => /^templates\b/.test(i));
}

/** The problem, and whether problem.json declared its kind (else the generator's detected kind is used). */
export async function loadForRun(fs: SpecFs, dir: string, backend: BackendName): Promise<{ problem: Problem; kindDeclared: boolean }> {
  const abs = path.resolve(dir);
  const jsonFile = path.join(abs, 'problem.json');
  let json: Record<string, unknown> | undefined;
  try {
    json = (await fs.exists(jsonFile)) ? (JSON.parse(await fs.readFile(jsonFile)) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined; // loadProblem reports it
  }
  const kindDeclared = typeof json?.kind === 'string';
  try {
    return { problem: await loadProblem(fs, abs), kindDeclared };
  } catch (e) {
    if (!onlyTemplatesMissing(e) || !(backend === 'torch' || backend === 'cpu')) throw e;
  }
  const placeholder = path.join(abs, PLACEHOLDER[backend]);
  const overlay: SpecFs = {
    exists: async (f) => path.resolve(f) === placeholder || fs.exists(f),
    readFile: (async (f: string, ...rest: unknown[]) => {
      if (path.resolve(f) === placeholder) return '';
      if (backend === 'cpu' && path.resolve(f) === jsonFile && json) return JSON.stringify({ ...json, templates: { cpu: PLACEHOLDER.cpu } });
      return (fs.readFile as (f: string, ...r: unknown[]) => Promise<string>)(f, ...rest);
    }) as SpecFs['readFile'],
  };
  // something else wrong too is reported from here: with the template supplied, the errors left are the real ones
  const problem: Problem = await loadProblem(overlay, abs);
  const templates = { ...problem.templates };
  const sources = { ...problem.sources.templates };
  delete templates[backend];
  delete sources[backend];
  return { problem: { ...problem, templates, sources: { ...problem.sources, templates: sources } }, kindDeclared };
}
