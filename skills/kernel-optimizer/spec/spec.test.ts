// Problem specs: valid starter problems load; invalid ones fail with errors that name the field.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { capsFor, PROBLEMS, smallSum, tempDir, writeProblem } from '../../../tests/kernel-optimizer/helpers.js';
import { enumerateSpace } from '../search/strategy.js';
import { defaultBackend, edgeShapes, loadProblem, SpecError } from './index.js';

async function specErrors(json: object, extra: Record<string, string> = {}): Promise<string[]> {
  const root = tempDir();
  const dir = writeProblem(path.join(root, 'p'), { ...smallSum, 'problem.json': json, ...extra });
  const e = await loadProblem(capsFor(root).fs, dir).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SpecError);
  return [...(e as SpecError).issues];
}

describe('problem spec', () => {
  const { fs: capFs } = capsFor(tempDir());

  it('loads every starter problem, with a space and edge shapes', async () => {
    for (const name of ['vector_add', 'sum', 'softmax', 'rmsnorm', 'matmul']) {
      const p = await loadProblem(capFs, path.join(PROBLEMS, name));
      expect(p.sources.templates.cpu).toContain('void kernel');
      expect(fs.existsSync(path.join(PROBLEMS, name, p.templates.cuda!))).toBe(true);
      expect(enumerateSpace(p).length).toBeGreaterThan(1);
      expect(edgeShapes(p).length).toBeGreaterThan(0);
    }
    expect(enumerateSpace(await loadProblem(capFs, path.join(PROBLEMS, 'matmul'))).length).toBeGreaterThanOrEqual(100);
  });

  it('reads a KernelBench-style folder as a python problem, and picks its default backend', async () => {
    const p = await loadProblem(capFs, path.join(PROBLEMS, 'torch_rmsnorm'));
    expect(p).toMatchObject({ language: 'python', entry: 'Model' });
    expect(p.sources.templates.torch).toMatch(/class ModelNew/);
    expect(await defaultBackend(capFs, path.join(PROBLEMS, 'torch_rmsnorm'))).toBe('torch');
    expect(await defaultBackend(capFs, path.join(PROBLEMS, 'sum'))).toBe('cpu');
  });

  it('names the field of a schema error', async () => {
    const base = smallSum['problem.json'];
    expect((await specErrors({ ...base, signature: [{ ...base.signature[0], type: 'f16x' }, ...base.signature.slice(1)] })).join('\n')).toMatch(/^signature\[0\]\.type:/m);
    expect((await specErrors({ ...base, shapes: [] })).join('\n')).toMatch(/^shapes:/m);
    expect((await specErrors({ ...base, flops: undefined })).join('\n')).toMatch(/^flops:/m);
    expect((await specErrors({ ...base, signature: [base.signature[0], base.signature[1], { name: 'N', type: 'i64', role: 'scalar' }] })).join('\n')).toMatch(/signature\[2\]\.value: a scalar needs a "value"/);
  });

  it('names the field of a semantic error: unknown names, bad expressions, missing files', async () => {
    const base = smallSum['problem.json'];
    expect((await specErrors({ ...base, signature: [{ ...base.signature[0], size: 'N*Q' }, ...base.signature.slice(1)] })).join('\n')).toMatch(/signature\[0\]\.size: "N\*Q" uses "Q"/);
    expect((await specErrors({ ...base, restrictions: ['ACC %% 2'] })).join('\n')).toMatch(/^restrictions\[0\]:/m);
    expect((await specErrors({ ...base, bytes: 'log(N)' })).join('\n')).toMatch(/^bytes: unknown function "log"/m);
    expect((await specErrors({ ...base, templates: { cpu: 'missing.c' } })).join('\n')).toMatch(/templates\.cpu: file "missing.c" does not exist/);
    expect((await specErrors({ ...base, reference: '../etc/passwd' })).join('\n')).toMatch(/^reference:/m);
  });

  it('says what is wrong with a folder that is not a problem, or outside what was granted', async () => {
    const root = tempDir();
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    const err = await loadProblem(capsFor(root).fs, empty).catch((e: unknown) => e);
    expect((err as SpecError).issues.join('\n')).toMatch(/problem.json: not found, and no model.py/);
    const bad = writeProblem(path.join(root, 'bad'), { 'problem.json': '{ "name": ' });
    expect(((await loadProblem(capsFor(root).fs, bad).catch((e: unknown) => e)) as SpecError).message).toMatch(/not valid JSON/);
    const elsewhere = writeProblem(path.join(tempDir(), 'sum'), smallSum);
    await expect(loadProblem(capsFor(root).fs, elsewhere)).rejects.toThrow(/outside the granted folders/);
  });
});
