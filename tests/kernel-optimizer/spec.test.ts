// Problem specs: valid starter problems load; invalid ones fail with errors that name the field.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalExpr, exprNames } from '../../skills/kernel-optimizer/lib/expr.js';
import { enumerateSpace } from '../../skills/kernel-optimizer/lib/search.js';
import { edgeShapes, loadProblem, SpecError } from '../../skills/kernel-optimizer/lib/spec.js';
import { smallSum, tempDir, writeProblem } from './helpers.js';

const problems = path.resolve('skills/kernel-optimizer/problems');

function specErrors(json: object, extra: Record<string, string> = {}): string[] {
  const dir = writeProblem(tempDir(), { ...smallSum, 'problem.json': json, ...extra });
  try {
    loadProblem(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return [...(e as SpecError).issues];
  }
  throw new Error('expected the spec to be rejected');
}

describe('problem spec', () => {
  it('loads every starter problem, with a space and edge shapes', () => {
    for (const name of ['vector_add', 'sum', 'softmax', 'rmsnorm', 'matmul']) {
      const p = loadProblem(path.join(problems, name));
      expect(p.sources.templates.cpu).toContain('void kernel');
      expect(fs.existsSync(path.join(problems, name, p.templates.cuda!))).toBe(true);
      expect(enumerateSpace(p).length).toBeGreaterThan(1);
      expect(edgeShapes(p).length).toBeGreaterThan(0);
    }
    expect(enumerateSpace(loadProblem(path.join(problems, 'matmul'))).length).toBeGreaterThanOrEqual(100);
  });

  it('names the field of a schema error', () => {
    const base = smallSum['problem.json'];
    expect(specErrors({ ...base, signature: [{ ...base.signature[0], type: 'f16x' }, ...base.signature.slice(1)] }).join('\n')).toMatch(/^signature\[0\]\.type:/m);
    expect(specErrors({ ...base, shapes: [] }).join('\n')).toMatch(/^shapes:/m);
    expect(specErrors({ ...base, flops: undefined }).join('\n')).toMatch(/^flops:/m);
    expect(specErrors({ ...base, signature: [base.signature[0], base.signature[1], { name: 'N', type: 'i64', role: 'scalar' }] }).join('\n')).toMatch(/signature\[2\]\.value: a scalar needs a "value"/);
  });

  it('names the field of a semantic error: unknown names, bad expressions, missing files', () => {
    const base = smallSum['problem.json'];
    expect(specErrors({ ...base, signature: [{ ...base.signature[0], size: 'N*Q' }, ...base.signature.slice(1)] }).join('\n')).toMatch(/signature\[0\]\.size: "N\*Q" uses "Q"/);
    expect(specErrors({ ...base, restrictions: ['ACC %% 2'] }).join('\n')).toMatch(/^restrictions\[0\]:/m);
    expect(specErrors({ ...base, bytes: 'log(N)' }).join('\n')).toMatch(/^bytes: unknown function "log"/m);
    expect(specErrors({ ...base, templates: { cpu: 'missing.c' } }).join('\n')).toMatch(/templates\.cpu: file "missing.c" does not exist/);
    expect(specErrors({ ...base, reference: '../etc/passwd' }).join('\n')).toMatch(/^reference:/m);
  });

  it('evaluates expressions safely', () => {
    expect(evalExpr('M*N + 1', { M: 3, N: 4 })).toBe(13);
    expect(evalExpr('BLOCK % (VEC * ACC) == 0 && VEC <= 16', { BLOCK: 64, VEC: 8, ACC: 2 })).toBe(1);
    expect(evalExpr('cdiv(N, 32) * 2 ** 3', { N: 33 })).toBe(16);
    expect(evalExpr('N > 4 ? max(N, 7) : -1', { N: 5 })).toBe(7);
    expect(exprNames('min(A, B) + C')).toEqual(['A', 'B', 'C']);
    expect(() => evalExpr('process.exit(1)', {})).toThrow(/unexpected/);
  });
});
