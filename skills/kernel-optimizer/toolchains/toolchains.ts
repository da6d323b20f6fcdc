/**
 * What this machine offers: C compilers (with OpenMP), nvcc and the GPU it sees, Python with
 * torch/triton, and the CPU (model, cores, SIMD, last-level cache). Used by `doctor`, by the
 * backends to pick a compiler, and recorded with every result as the environment. Everything is
 * found through the granted capabilities: programs through exec, /proc and /sys through fs.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { pathForPrograms } from '../../../kernel/sdk/index.js';
import type { ExecCapability } from '../../../kernel/contracts/index.js';
import { withTempDir, type Caps } from '../caps.js';

export interface CompilerInfo { name: string; path: string; version: string; openmp: boolean }
export interface GpuInfo { name: string; computeCap: string; driver: string; memoryMiB: number }
/**
 * llcBytes: the last-level cache of one core group (cpu0's L3, else L2). cacheBytes: what the
 * cores this process runs on can hold together — each distinct L3 group once, plus every core's
 * L2 (on AMD the L3 is a victim cache: the two add up) — with how it was found, for the report.
 */
export interface CpuInfo { model: string; cores: number; simd: string[]; llcBytes: number; cacheBytes?: number; cacheNote?: string }
export interface PythonInfo { path: string; version: string; torch?: string; torchCuda?: boolean; triton?: string; problem?: string }
export interface Toolchains {
  cpu: CpuInfo;
  cc: CompilerInfo[];
  nvcc?: { path: string; version: string };
  gpus: GpuInfo[];
  gpuProblem?: string;
  python?: PythonInfo;
}

const OMP_CHECK = pathForPrograms(fileURLToPath(new URL('./omp_check.c', import.meta.url)));
const PYTHON_PROBE = pathForPrograms(fileURLToPath(new URL('./python_probe.py', import.meta.url)));

/** The first line of `program --version`, or undefined when it does not run. */
export async function versionOf(exec: ExecCapability, program: string, args: string[] = ['--version']): Promise<string | undefined> {
  const r = await exec.run(program, args, { timeoutMs: 15_000 });
  if (r.code !== 0) return undefined;
  return (r.stdout || r.stderr).split('\n').find((l) => l.trim())?.trim();
}

/** Where a program is, or undefined when it is not installed or not granted. */
async function which(exec: ExecCapability, program: string): Promise<string | undefined> {
  try {
    return await exec.which(program);
  } catch {
    return undefined; // not granted: as good as not installed
  }
}

/** A file's text, or '' when it cannot be read (not Linux, or not granted). */
async function readOr(caps: Caps, file: string): Promise<string> {
  try {
    return await caps.fs.readFile(file);
  } catch {
    return '';
  }
}

async function cpuInfo(caps: Caps): Promise<CpuInfo> {
  const text = await readOr(caps, '/proc/cpuinfo');
  const flags = new Set((text.match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
  const simd = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'asimd', 'sve'].filter((f) => flags.has(f));
  const cores = os.availableParallelism();
  const cache = await cacheInfo(caps, cores);
  return { model: os.cpus()[0]?.model.trim() ?? 'unknown CPU', cores, simd, ...cache };
}

/** "0-7,64-71" → [0..7, 64..71]. */
export function parseCpuList(list: string): number[] {
  const out: number[] = [];
  for (const part of list.trim().split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || !Number.isInteger(a)) continue;
    for (let c = a; c <= (b ?? a) && out.length < 4096; c++) out.push(c);
  }
  return out;
}

const sizeOf = (text: string) => {
  const m = /^(\d+)([KMG]?)/.exec(text.trim());
  return m ? Number(m[1]) * ({ K: 1024, M: 1 << 20, G: 1 << 30 }[m[2] as 'K'] ?? 1) : 0;
};

/**
 * The caches of the first `cores` CPUs (where the harness pins its threads): cpu0's L3 (or L2) as
 * the last-level cache of one group, and the total the cores reach — each L3 group (shared_cpu_list)
 * counted once, plus each core's L2. Without /sys: 32 MiB, said so.
 */
async function cacheInfo(caps: Caps, cores: number): Promise<Pick<CpuInfo, 'llcBytes' | 'cacheBytes' | 'cacheNote'>> {
  const dir = (cpu: number, idx: string) => `/sys/devices/system/cpu/cpu${cpu}/cache/${idx}`;
  const l3 = sizeOf(await readOr(caps, `${dir(0, 'index3')}/size`));
  const l2 = sizeOf(await readOr(caps, `${dir(0, 'index2')}/size`));
  if (!l3 && !l2) return { llcBytes: 32 << 20, cacheBytes: 32 << 20, cacheNote: 'cache sizes unknown (no /sys/devices/system/cpu): 32 MiB assumed' };
  if (!l3) return { llcBytes: l2, cacheBytes: l2 * cores, cacheNote: `L2 ${l2 >> 10} KiB per core x ${cores} (no L3)` };
  const wanted = new Set(Array.from({ length: cores }, (_, i) => i));
  let groups = 0;
  for (let cpu = 0; cpu < cores && wanted.size > 0 && groups < 1024; cpu++) {
    if (!wanted.has(cpu)) continue;
    const shared = parseCpuList(await readOr(caps, `${dir(cpu, 'index3')}/shared_cpu_list`));
    groups++;
    wanted.delete(cpu);
    for (const c of shared) wanted.delete(c);
  }
  const cacheBytes = l3 * Math.max(1, groups) + l2 * cores;
  return { llcBytes: l3, cacheBytes, cacheNote: `L3 ${(l3 / 2 ** 20).toFixed(0)} MiB x ${Math.max(1, groups)} group(s) + L2 ${(l2 / 2 ** 20).toFixed(1)} MiB x ${cores} cores` };
}

async function openmpWorks(caps: Caps, cc: string): Promise<boolean> {
  return withTempDir(caps, 'ko-omp-', async (dir) => (await caps.exec.run(cc, ['-fopenmp', OMP_CHECK, '-o', `${dir}/omp_check`], { cwd: dir, timeoutMs: 30_000 })).code === 0);
}

async function gpus(exec: ExecCapability): Promise<{ gpus: GpuInfo[]; problem?: string }> {
  if (!(await which(exec, 'nvidia-smi'))) return { gpus: [], problem: 'nvidia-smi not found: no NVIDIA driver on this machine' };
  const r = await exec.run('nvidia-smi', ['--query-gpu=name,compute_cap,driver_version,memory.total', '--format=csv,noheader,nounits'], { timeoutMs: 15_000 });
  if (r.code !== 0) return { gpus: [], problem: `nvidia-smi failed: ${(r.stderr || r.stdout).trim().slice(0, 200)}` };
  const list = r.stdout.trim().split('\n').filter(Boolean).map((l) => {
    const [name = '', cap = '', driver = '', mem = '0'] = l.split(',').map((x) => x.trim());
    return { name, computeCap: cap, driver, memoryMiB: Number(mem) };
  });
  return list.length ? { gpus: list } : { gpus: [], problem: 'nvidia-smi lists no GPU' };
}

async function probePython(exec: ExecCapability, py: string): Promise<PythonInfo> {
  const probe = await exec.run(py, [PYTHON_PROBE], { timeoutMs: 60_000 });
  let info: { version?: string; torch?: string; cuda?: boolean; triton?: string; err?: string } = {};
  try {
    info = JSON.parse(probe.stdout.trim().split('\n').at(-1) ?? '{}') as typeof info;
  } catch {
    info = { err: probe.stderr.trim().slice(0, 200) || 'it does not run' };
  }
  return {
    path: py,
    version: info.version ? `Python ${info.version}` : ((await versionOf(exec, py)) ?? 'unknown'),
    ...(info.torch ? { torch: info.torch, torchCuda: info.cuda ?? false } : { problem: `torch is not importable (${info.err ?? 'unknown error'}); install it with: pip install torch (Debian: apt-get install python3-torch)` }),
    ...(info.triton ? { triton: info.triton } : {}),
  };
}

/**
 * The Python the torch/triton backends use: the `python` setting when set, else the first of
 * python3 on PATH and the system's /usr/bin/python3 that has torch (a pyenv or venv python3 often
 * shadows the Debian one that apt-get install python3-torch fills), else the first found.
 */
async function python(exec: ExecCapability, forced?: string | null): Promise<PythonInfo | undefined> {
  if (forced) return probePython(exec, forced);
  const found = [await which(exec, 'python3'), await which(exec, '/usr/bin/python3')].filter((p): p is string => p !== undefined);
  let first: PythonInfo | undefined;
  for (const py of new Set(found)) {
    const info = await probePython(exec, py);
    if (info.torch) return info;
    first ??= info;
  }
  return first;
}

async function detect(caps: Caps, forcedPython?: string | null): Promise<Toolchains> {
  const { exec } = caps;
  const cc: CompilerInfo[] = [];
  for (const name of ['gcc', 'clang']) {
    const p = await which(exec, name);
    if (p) cc.push({ name, path: p, version: (await versionOf(exec, p)) ?? 'unknown', openmp: await openmpWorks(caps, p) });
  }
  const nvccPath = (await which(exec, 'nvcc')) ?? (await which(exec, '/usr/local/cuda/bin/nvcc'));
  let nvcc: Toolchains['nvcc'];
  if (nvccPath) {
    const r = await exec.run(nvccPath, ['--version'], { timeoutMs: 15_000 });
    nvcc = { path: nvccPath, version: /release [\d.]+, V[\d.]+/.exec(r.stdout)?.[0] ?? r.stdout.trim().split('\n').at(-1) ?? 'unknown' };
  }
  const g = await gpus(exec);
  const py = await python(exec, forcedPython);
  return { cpu: await cpuInfo(caps), cc, ...(nvcc ? { nvcc } : {}), gpus: g.gpus, ...(g.problem ? { gpuProblem: g.problem } : {}), ...(py ? { python: py } : {}) };
}

/** Detection takes a second or two (compilers run): done once per process for the same grants and Python setting. */
const detected = new Map<string, Promise<Toolchains>>();

export function detectToolchains(caps: Caps, options: { python?: string | null } = {}): Promise<Toolchains> {
  const key = JSON.stringify([caps.exec.programs, caps.fs.roots, options.python ?? null]);
  let found = detected.get(key);
  if (!found) {
    found = detect(caps, options.python);
    detected.set(key, found);
    found.catch(() => detected.delete(key));
  }
  return found;
}

/** The compiler to use: the one asked for, else gcc, else clang. */
export function pickCompiler(t: Toolchains, wanted?: string): CompilerInfo {
  const cc = wanted ? t.cc.find((c) => c.name === wanted || c.path === wanted) : t.cc[0];
  if (!cc) throw new Error(wanted ? `compiler "${wanted}" is not installed (found: ${t.cc.map((c) => c.name).join(', ') || 'none'})` : 'no C compiler found: install gcc or clang (Debian: apt-get install gcc)');
  return cc;
}
