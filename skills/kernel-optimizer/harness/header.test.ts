import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsFor, PROBLEMS, tempDir } from '../../../tests/kernel-optimizer/helpers.js';
import { loadProblem } from '../spec/index.js';
import { planHeader, problemHeader, prototype } from './header.js';
import { buildPlan, timingArgs } from './plan.js';

const problem = await loadProblem(capsFor(tempDir()).fs, path.join(PROBLEMS, 'rmsnorm'));

describe('generated harness headers', () => {
  it('declares the signature for the reference and the candidate, C and C++ alike', () => {
    expect(prototype(problem, 'k')).toBe('void k(const float* x, const float* w, float* y, long long M, long long N, float eps)');
    const h = problemHeader(problem);
    expect(h).toContain('void kernel(const float* x, const float* w, float* y, long long M, long long N, float eps);');
    expect(h).toMatch(/#ifdef __cplusplus\nextern "C" \{/);
  });

  it('puts the signature, the call and the whole plan into plan.h as plain constants', () => {
    const cases = buildPlan(problem);
    const h = planHeader(problem, cases, timingArgs(problem));
    expect(h).toContain('#define KO_SIGNATURE(name) void name(const float* x, const float* w, float* y, long long M, long long N, float eps)');
    expect(h).toContain('#define KO_CALL(fn, b, sc) fn((float*)(b)[0], (float*)(b)[1], (float*)(b)[2], (long long)(sc)[3], (long long)(sc)[4], (float)(sc)[5])');
    expect(h).toContain(`#define NCASES ${cases.length}`);
    expect(h).toContain('#define NARGS 6');
    expect(h).toContain('#define KO_ROLE {0, 0, 1, 3, 3, 3}');
    expect(h).toContain('#define KO_STAGE_NAMES {"smoke", "shape-sweep", "stability", "determinism", "edge"}');
    // one initializer line per case, the shape as a C string holding JSON
    const rows = h.slice(h.indexOf('#define KO_CASES')).split('\n').filter((l) => l.startsWith('  {'));
    expect(rows).toHaveLength(cases.length);
    expect(rows[0]).toContain(`"${JSON.stringify(cases[0]!.shape).replace(/"/g, '\\"')}"`);
  });
});
