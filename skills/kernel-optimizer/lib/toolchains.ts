/**
 * What this machine offers: C compilers (with OpenMP), nvcc and the GPU it sees, Python with
 * torch/triton, and the CPU (model, cores, SIMD, last-level cache). Used by `doctor`, by the
 * backends to pick a compiler, and recorded with every result as the environment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execProgram, versionOf } from './exec.js';

export interface CompilerInfo { name: string; path: string; version: string; openmp: boolean }
export interface GpuInfo { name: string; computeCap: string; driver: string; memoryMiB: number }
export interface CpuInfo { model: string; cores: number; simd: string[]; llcBytes: number }
export interface Toolchains {
  cpu: CpuInfo;
  cc: CompilerInfo[];
  nvcc?: { path: string; version: string };
  gpus: GpuInfo[];
  gpuProblem?: string;
  python?: { path: string; version: string; torch?: string; torchCuda?: boolean; triton?: string; problem?: string };
}

function cpuInfo(): CpuInfo {
  let text = '';
  try {
    text = fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    /* not Linux: fall back to os.cpus() */
  }
  const flags = new Set((text.match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
  const simd = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'asimd', 'sve'].filter((f) => flags.has(f));
  let llcBytes = 32 << 20;
  for (const idx of ['index3', 'index2']) {
    try {
      const s = fs.readFileSync(`/sys/devices/system/cpu/cpu0/cache/${idx}/size`, 'utf8').trim();
      const m = /^(\d+)([KMG]?)/.exec(s);
      if (m) {
        llcBytes = Number(m[1]) * ({ K: 1024, M: 1 << 20, G: 1 << 30 }[m[2] as 'K'] ?? 1);
        break;
      }
    } catch {
      /* no such level */
    }
  }
  return { model: os.cpus()[0]?.model.trim() ?? 'unknown CPU', cores: os.availableParallelism(), simd, llcBytes };
}

async function which(program: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const f = path.join(dir, program);
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return f;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

async function openmpWorks(cc: string): Promise<boolean> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ko-omp-'));
  try {
    const src = path.join(dir, 't.c');
    fs.writeFileSync(src, '#include <omp.h>\nint main(void){int n=0;\n#pragma omp parallel reduction(+:n)\nn+=1;\nreturn n>0?0:1;}\n');
    const r = await execProgram(cc, ['-fopenmp', src, '-o', path.join(dir, 't')], { timeoutMs: 30_000 });
    return r.code === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function gpus(): Promise<{ gpus: GpuInfo[]; problem?: string }> {
  if (!(await which('nvidia-smi'))) return { gpus: [], problem: 'nvidia-smi not found: no NVIDIA driver on this machine' };
  const r = await execProgram('nvidia-smi', ['--query-gpu=name,compute_cap,driver_version,memory.total', '--format=csv,noheader,nounits'], { timeoutMs: 15_000 });
  if (r.code !== 0) return { gpus: [], problem: `nvidia-smi failed: ${(r.stderr || r.stdout).trim().slice(0, 200)}` };
  const list = r.stdout.trim().split('\n').filter(Boolean).map((l) => {
    const [name = '', cap = '', driver = '', mem = '0'] = l.split(',').map((x) => x.trim());
    return { name, computeCap: cap, driver, memoryMiB: Number(mem) };
  });
  return list.length ? { gpus: list } : { gpus: [], problem: 'nvidia-smi lists no GPU' };
}

const PY_PROBE = 'import json, sys\nout={"version": sys.version.split()[0]}\ntry:\n import torch; out["torch"]=torch.__version__; out["cuda"]=bool(torch.cuda.is_available())\nexcept Exception as e: out["err"]=str(e)\ntry:\n import triton; out["triton"]=triton.__version__\nexcept Exception: pass\nprint(json.dumps(out))';

async function probePython(py: string): Promise<NonNullable<Toolchains['python']>> {
  const probe = await execProgram(py, ['-c', PY_PROBE], { timeoutMs: 60_000 });
  let info: { version?: string; torch?: string; cuda?: boolean; triton?: string; err?: string } = {};
  try {
    info = JSON.parse(probe.stdout.trim().split('\n').at(-1) ?? '{}') as typeof info;
  } catch {
    info = { err: probe.stderr.trim().slice(0, 200) || 'it does not run' };
  }
  return {
    path: py,
    version: info.version ? `Python ${info.version}` : ((await versionOf(py)) ?? 'unknown'),
    ...(info.torch ? { torch: info.torch, torchCuda: info.cuda ?? false } : { problem: `torch is not importable (${info.err ?? 'unknown error'}); install it with: pip install torch (Debian: apt-get install python3-torch)` }),
    ...(info.triton ? { triton: info.triton } : {}),
  };
}

/**
 * The Python the torch/triton backends use: $AGENTOS_PYTHON when set, else the first of python3 on
 * PATH and the system's /usr/bin/python3 that has torch (a pyenv or venv python3 often shadows the
 * Debian one that apt-get install python3-torch fills), else the first found.
 */
async function python(): Promise<Toolchains['python']> {
  const forced = process.env.AGENTOS_PYTHON;
  if (forced) return probePython(forced);
  const found = [await which('python3'), await which('python'), '/usr/bin/python3'].filter((p): p is string => p !== undefined && fs.existsSync(p));
  let first: Toolchains['python'];
  for (const py of new Set(found)) {
    const info = await probePython(py);
    if (info.torch) return info;
    first ??= info;
  }
  return first;
}

let cached: Promise<Toolchains> | undefined;
export function detectToolchains(): Promise<Toolchains> {
  cached ??= (async () => {
    const cc: CompilerInfo[] = [];
    for (const name of ['gcc', 'clang']) {
      const p = await which(name);
      if (!p) continue;
      cc.push({ name, path: p, version: (await versionOf(p)) ?? 'unknown', openmp: await openmpWorks(p) });
    }
    const nvccPath = (await which('nvcc')) ?? (fs.existsSync('/usr/local/cuda/bin/nvcc') ? '/usr/local/cuda/bin/nvcc' : undefined);
    let nvcc: Toolchains['nvcc'];
    if (nvccPath) {
      const r = await execProgram(nvccPath, ['--version'], { timeoutMs: 15_000 });
      nvcc = { path: nvccPath, version: /release [\d.]+, V[\d.]+/.exec(r.stdout)?.[0] ?? r.stdout.trim().split('\n').at(-1) ?? 'unknown' };
    }
    const g = await gpus();
    return { cpu: cpuInfo(), cc, ...(nvcc ? { nvcc } : {}), gpus: g.gpus, ...(g.problem ? { gpuProblem: g.problem } : {}), python: await python() };
  })();
  return cached;
}

/** The compiler to use: the one asked for, else gcc, else clang. */
export function pickCompiler(t: Toolchains, wanted?: string): CompilerInfo {
  const cc = wanted ? t.cc.find((c) => c.name === wanted || c.path === wanted) : t.cc[0];
  if (!cc) throw new Error(wanted ? `compiler "${wanted}" is not installed (found: ${t.cc.map((c) => c.name).join(', ') || 'none'})` : 'no C compiler found: install gcc or clang (Debian: apt-get install gcc)');
  return cc;
}
