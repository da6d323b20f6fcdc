/** Picks and constructs the backend a run asked for, with a clear message when it cannot run here. */
import type { Caps } from '../caps.js';
import type { BackendName, Problem } from '../spec/index.js';
import { pickCompiler, type Toolchains } from '../toolchains/toolchains.js';
import type { Backend } from './backend.js';
import { CpuBackend } from './cpu.js';
import { CudaBackend } from './cuda.js';
import { TorchBackend } from './torch.js';

export type { Backend, BuildResult, CheckResult, TimeResult } from './backend.js';
export { CpuBackend } from './cpu.js';
export { CudaBackend } from './cuda.js';
export { TorchBackend } from './torch.js';

export async function createBackend(
  caps: Caps,
  name: BackendName,
  problem: Problem,
  workDir: string,
  tools: Toolchains,
  options: { compiler?: string | undefined; threads?: number | undefined; cudaArch?: string | undefined },
): Promise<Backend> {
  if (problem.language === 'python' && (name === 'cpu' || name === 'cuda')) throw new Error(`${problem.name} is a KernelBench-style PyTorch problem (model.py): use --backend torch (or triton with a GPU)`);
  switch (name) {
    case 'cpu':
      return new CpuBackend(caps, problem, workDir, tools, pickCompiler(tools, options.compiler), options.threads ? { threads: options.threads } : {});
    case 'cuda':
      return new CudaBackend(caps, problem, workDir, tools, options.cudaArch ? { arch: options.cudaArch } : {});
    case 'torch':
    case 'triton':
      if (problem.language !== 'python') throw new Error(`the ${name} backend runs KernelBench-style PyTorch problems (a folder with model.py); ${problem.name} is a C problem: use --backend cpu or cuda`);
      return new TorchBackend(caps, problem, workDir, tools, { backend: name, ...(options.threads ? { threads: options.threads } : {}) });
  }
}
