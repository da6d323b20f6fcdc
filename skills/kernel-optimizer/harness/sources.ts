/**
 * The harness sources: fixed files of the skill, beside this module (the build copies them to
 * dist/ with the compiled code). Compilers and Python read them where they are — the skill writes
 * only the per-problem headers and plans into the run's work folder.
 */
import { fileURLToPath } from 'node:url';
import { pathForPrograms } from '../../../kernel/sdk/index.js';

const here = (file: string) => pathForPrograms(fileURLToPath(new URL(file, import.meta.url)));

export const HARNESS_C = here('./harness.c');
export const HARNESS_CUDA = here('./harness.cu');
export const HARNESS_TORCH = here('./torch/harness_torch.py');
