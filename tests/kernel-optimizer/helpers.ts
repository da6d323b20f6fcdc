/** Shared fixtures for the kernel-optimizer tests: temp folders, a file store, small problems. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileStore } from '../../skills/kernel-optimizer/lib/file-store.js';

export function tempDir(prefix = 'ko-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeProblem(dir: string, files: Record<string, string | object>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}

export const storeIn = (dir: string) => fileStore(path.join(dir, 'store'));

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
