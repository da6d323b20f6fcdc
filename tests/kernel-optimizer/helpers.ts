/**
 * Shared fixtures for the kernel-optimizer tests: temp folders, the skill's capabilities built the
 * way the kernel builds them (createFsCapability, createExecCapability), a SQLite skill store, a
 * skill context, and small problems.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createExecCapability, createFsCapability } from '../../kernel/capabilities/index.js';
import type { LlmCapability, SkillContext, SkillStore } from '../../kernel/contracts/index.js';
import { SqliteSkillStore } from '../../kernel/skills/index.js';
import { openDatabase } from '../../kernel/store/index.js';
import type { Caps, Fs } from '../../skills/kernel-optimizer/caps.js';

export const PROBLEMS = path.resolve('skills/kernel-optimizer/problems');

/** The programs the manifest grants by name. */
const PROGRAMS = ['gcc', 'clang', 'nvcc', 'nvidia-smi', 'python3', 'python'];

export function tempDir(prefix = 'ko-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeProblem(dir: string, files: Record<string, string | object>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}

/**
 * The skill's capabilities with `data` as its data folder ($DATA: written, and programs built there
 * run): read also the starter problems, the CPU facts and `read`; write also `write`.
 */
export function capsFor(data: string, options: { read?: string[]; write?: string[] } = {}): Caps {
  fs.mkdirSync(data, { recursive: true });
  const read = [...(options.read ?? []), PROBLEMS, '/proc/cpuinfo', '/sys/devices/system/cpu'];
  return {
    fs: createFsCapability(read, ['$DATA', ...(options.write ?? [])], { data }) as Fs,
    exec: createExecCapability([...PROGRAMS, '$DATA/**'], { data }),
  };
}

const stores = new Map<string, SkillStore>();
/** The skill's store in a SQLite profile database under `dir` (one per folder). */
export function storeIn(dir: string): SkillStore {
  let store = stores.get(dir);
  if (!store) {
    store = new SqliteSkillStore(openDatabase(path.join(dir, 'profile'))).forSkill('kernel-optimizer');
    stores.set(dir, store);
  }
  return store;
}

/** A skill context as the kernel builds one, with the capabilities of capsFor; progress reports are collected. */
export function contextFor(data: string, options: { settings?: Record<string, unknown>; read?: string[]; llm?: LlmCapability; text?: string } = {}) {
  const caps = capsFor(data, options);
  const progress: { fraction: number; message?: string }[] = [];
  const ctx: SkillContext = {
    skillId: 'kernel-optimizer',
    requestId: 'r1',
    text: options.text ?? '',
    now: new Date(),
    timezone: 'UTC',
    settings: { backend: 'cpu', budget: 40, strategy: 'model', python: null, ...options.settings },
    dataDir: data,
    store: storeIn(data),
    skills: { list: async () => [] },
    log: () => undefined,
    progress: (fraction, message) => progress.push({ fraction, ...(message !== undefined ? { message } : {}) }),
    signal: new AbortController().signal,
    fs: caps.fs,
    exec: caps.exec,
    ...(options.llm ? { llm: options.llm } : {}),
  };
  return { ctx, progress };
}

/** A small sum problem: the naive reference is bound by the add latency, so a vectorized candidate is clearly faster. */
export const smallSum = {
  'problem.json': {
    name: 'small-sum',
    kind: 'reduction',
    signature: [
      { name: 'x', type: 'f32', role: 'in', size: 'N', init: { low: 0, high: 1 } },
      { name: 'out', type: 'f32', role: 'out', size: '1' },
      { name: 'N', type: 'i64', role: 'scalar', value: 'N' },
    ],
    shapes: [{ N: 2000000 }, { N: 4097 }, { N: 5 }],
    timingShape: 0,
    params: { ACC: { values: [1, 4, 8] }, VEC: { values: [1, 8, 16] } },
    tolerance: { f32: { atol: 1e-5, rtol: 1e-5 } },
    flops: 'N',
    bytes: '4*N',
    reference: 'reference.c',
    templates: { cpu: 'kernel.c' },
  },
  'reference.c': 'void kernel(const float* x, float* out, long long N) { double s = 0; for (long long i = 0; i < N; i++) s += x[i]; out[0] = (float)s; }\n',
  'kernel.c': `#ifndef ACC
#define ACC 1
#endif
#ifndef VEC
#define VEC 1
#endif
typedef float vf __attribute__((vector_size(VEC * 4), aligned(4)));
void kernel(const float* x, float* out, long long N) {
  double total = 0;
  for (long long b = 0; b < N; b += 4096) {
    long long n = N - b < 4096 ? N - b : 4096, i = 0;
    vf acc[ACC];
    for (int a = 0; a < ACC; a++) acc[a] = (vf){0};
    for (; i + VEC * ACC <= n; i += VEC * ACC)
      for (int a = 0; a < ACC; a++) { vf v; __builtin_memcpy(&v, x + b + i + a * VEC, sizeof v); acc[a] += v; }
    double s = 0;
    for (int a = 0; a < ACC; a++) for (int k = 0; k < VEC; k++) s += acc[a][k];
    for (; i < n; i++) s += x[b + i];
    total += s;
  }
  out[0] = (float)total;
}
`,
};

/** A tiny elementwise problem used for the cheating candidates. */
export const tinyScale = {
  'problem.json': {
    name: 'tiny-scale',
    kind: 'elementwise',
    signature: [
      { name: 'x', type: 'f32', role: 'in', size: 'N' },
      { name: 'y', type: 'f32', role: 'out', size: 'N' },
      { name: 'N', type: 'i64', role: 'scalar', value: 'N' },
    ],
    shapes: [{ N: 10000 }, { N: 1023 }, { N: 7 }],
    params: {},
    flops: 'N',
    bytes: '8*N',
    reference: 'reference.c',
    templates: { cpu: 'kernel.c' },
  },
  'reference.c': 'void kernel(const float* x, float* y, long long N) { for (long long i = 0; i < N; i++) y[i] = 2.0f * x[i]; }\n',
  'kernel.c': 'void kernel(const float* x, float* y, long long N) { for (long long i = 0; i < N; i++) y[i] = 2.0f * x[i]; }\n',
};
