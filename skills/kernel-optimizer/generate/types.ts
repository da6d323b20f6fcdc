/** A generated candidate: a template instantiated for one problem, with its own tunable params. */
import type { Problem } from '../spec/index.js';

export interface Generated {
  /** The template's name ("torch-rows", "c-omp" …): the knowledge base keys seeds by it. */
  template: string;
  /** What it does, for the report. */
  note: string;
  source: string;
  /** In problem.json's params format; tuned by the Strategy like a hand-written template's. */
  params: Problem['params'];
  restrictions: string[];
}
