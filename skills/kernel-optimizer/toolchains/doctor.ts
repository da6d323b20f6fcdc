/** `agentos kernel-opt doctor`: the toolchains and devices found, and what each backend can do here. */
import type { Caps } from '../caps.js';
import { detectToolchains, type Toolchains } from './toolchains.js';

export async function doctorReport(caps: Caps, options: { python?: string | null } = {}): Promise<{ text: string; data: Toolchains }> {
  const t = await detectToolchains(caps, options);
  const lines = ['Kernel optimizer: toolchains and devices', ''];
  lines.push(`CPU      ${t.cpu.model}, ${t.cpu.cores} cores, SIMD ${t.cpu.simd.join(' ') || 'none'}, last-level cache ${(t.cpu.llcBytes / 2 ** 20).toFixed(0)} MiB per core group${t.cpu.cacheNote ? `; the cores reach ${((t.cpu.cacheBytes ?? t.cpu.llcBytes) / 2 ** 20).toFixed(1)} MiB (${t.cpu.cacheNote})` : ''}`);
  for (const c of t.cc) lines.push(`${c.name.padEnd(8)} ${c.version}${c.openmp ? ' · OpenMP ok' : ' · no OpenMP (apt-get install libomp-dev for clang)'}  ${c.path}`);
  if (t.cc.length === 0) lines.push('cc       none found: install gcc or clang');
  lines.push(t.nvcc ? `nvcc     ${t.nvcc.version}  ${t.nvcc.path}` : 'nvcc     not found (CUDA toolkit)');
  if (t.gpus.length) for (const g of t.gpus) lines.push(`GPU      ${g.name}, compute ${g.computeCap}, driver ${g.driver}, ${g.memoryMiB} MiB`);
  else lines.push(`GPU      none (${t.gpuProblem ?? 'not found'})`);
  if (t.python) lines.push(`python   ${t.python.version}${t.python.torch ? ` · torch ${t.python.torch}${t.python.torchCuda ? ' (CUDA)' : ' (CPU only)'}` : ` · ${t.python.problem}`}${t.python.triton ? ` · triton ${t.python.triton}` : ' · triton not installed'}`);
  else lines.push('python   not found');
  lines.push('', 'Backends');
  lines.push(`  cpu     ${t.cc.length ? 'ready' : 'unavailable: no C compiler'}`);
  lines.push(`  cuda    ${!t.nvcc ? 'unavailable: nvcc not found' : t.gpus.length ? 'ready' : 'compile-only: nvcc found but no GPU (candidates are compiled and checked for compile errors only)'}`);
  const torch = t.python?.torch ? 'ready' : `unavailable: ${t.python ? 'torch is not installed (pip install torch)' : 'no python3'}`;
  lines.push(`  torch   ${torch}`);
  lines.push(`  triton  ${t.python?.triton && t.python.torchCuda ? 'ready' : `unavailable: ${!t.python?.triton ? 'triton is not installed (pip install triton)' : 'needs a CUDA GPU visible to torch'}`}`);
  return { text: lines.join('\n'), data: t };
}
