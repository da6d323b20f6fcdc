/** Picks and constructs the backend a run asked for, with a clear message when it cannot run here. */
import type { Backend } from './backend.js';
import { CpuBackend } from './backend-cpu.js';
import { CudaBackend } from './backend-cuda.js';
import { TorchBackend } from './backend-torch.js';
import type { BackendName, Problem } from './spec.js';
import { pickCompiler, type Toolchains } from './toolchains.js';

export async function createBackend(
  name: BackendName,
  problem: Problem,
  workDir: string,
  tools: Toolchains,
  options: { compiler?: string | undefined; threads?: number | undefined; cudaArch?: string | undefined },
): Promise<Backend> {
  if (problem.language === 'python' && (name === 'cpu' || name === 'cuda')) throw new Error(`${problem.name} is a KernelBench-style PyTorch problem (model.py): use --backend torch (or triton with a GPU)`);
  switch (name) {
    case 'cpu':
      return new CpuBackend(problem, workDir, tools, pickCompiler(tools, options.compiler), options.threads ? { threads: options.threads } : {});
    case 'cuda':
      return new CudaBackend(problem, workDir, tools, options.cudaArch ? { arch: options.cudaArch } : {});
    case 'torch':
    case 'triton':
      if (problem.language !== 'python') throw new Error(`the ${name} backend runs KernelBench-style PyTorch problems (a folder with model.py); ${problem.name} is a C problem: use --backend cpu or cuda`);
      return new TorchBackend(problem, workDir, tools, { backend: name, ...(options.threads ? { threads: options.threads } : {}) });
  }
}
