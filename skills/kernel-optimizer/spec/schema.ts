/**
 * The problem spec of a C problem: `problem.json` beside a reference and candidate templates,
 * validated with zod, plus semantic checks (expressions parse and use only known names, files
 * exist, shapes bind every variable, the parameter space is not empty). Every error names the
 * field, so a user can fix their file.
 */
import path from 'node:path';
import { z } from 'zod';
import { describeIssues, ValidationError, type FsCapability } from '../../../kernel/contracts/index.js';
import { exprNames, type ExprError } from './expr.js';

/** What loading a problem needs of the file system. */
export type SpecFs = Pick<FsCapability, 'readFile' | 'exists'>;

export const DTYPES = ['f32', 'f64', 'i32', 'i64'] as const;
export type Dtype = (typeof DTYPES)[number];
export const BACKENDS = ['cpu', 'cuda', 'triton', 'torch'] as const;
export type BackendName = (typeof BACKENDS)[number];

export const ident = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a C identifier (letters, digits, "_")');
export const expr = z.union([z.number(), z.string().min(1).max(500)]);
export const fileName = z
  .string()
  .min(1)
  .max(255)
  .refine((p) => !path.isAbsolute(p) && !p.split(/[\\/]/).includes('..'), 'must be a file inside the problem folder');

const ArgSchema = z
  .object({
    name: ident,
    type: z.enum(DTYPES),
    role: z.enum(['in', 'out', 'inout', 'scalar']),
    /** Arrays: element count as an expression of the shape variables. */
    size: expr.optional(),
    /** Scalars: the value passed, an expression of the shape variables. */
    value: expr.optional(),
    /** Inputs: uniform random values in [low, high). */
    init: z.object({ low: z.number().default(-1), high: z.number().default(1) }).default({ low: -1, high: 1 }),
  })
  .superRefine((a, ctx) => {
    if (a.role === 'scalar' && a.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: 'a scalar needs a "value" expression (e.g. "N" or 1e-6)' });
    if (a.role !== 'scalar' && a.size === undefined) ctx.addIssue({ code: 'custom', path: ['size'], message: 'an array needs a "size" expression (e.g. "M*N")' });
  });
export type Arg = z.infer<typeof ArgSchema>;

export const ParamSchema = z.union([
  z.object({ values: z.array(z.number()).min(1).max(1000), default: z.number().optional() }),
  z.object({
    range: z.tuple([z.number(), z.number()]).describe('[first, last]'),
    step: z.number().positive().default(1),
    /** "mul": first, first*step … (powers of two with step 2). */
    scale: z.enum(['add', 'mul']).default('add'),
    default: z.number().optional(),
  }),
]);

export const ToleranceSchema = z.object({ atol: z.number().nonnegative(), rtol: z.number().nonnegative() });

export const ProblemSchema = z.object({
  name: z.string().min(1).max(100),
  /** What kind of kernel this is ("reduction", "rmsnorm" …): the knowledge base is keyed by it. */
  kind: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, "_" or "-"'),
  description: z.string().max(2000).default(''),
  /** The C function name both the reference and the candidate define. */
  entry: ident.default('kernel'),
  signature: z.array(ArgSchema).min(1).max(32),
  shapes: z.array(z.record(ident, z.number().int().positive())).min(1).max(32),
  /** The shape timed (index into shapes); default the largest. */
  timingShape: z.number().int().nonnegative().optional(),
  /** Non-power-of-two shapes for stage 5; derived from the smallest shape when absent. */
  edgeShapes: z.array(z.record(ident, z.number().int().positive())).max(32).optional(),
  /** Conditions every shape must meet (derived edge shapes that fail them are skipped). */
  shapeRestrictions: z.array(z.string().min(1).max(500)).max(32).default([]),
  params: z.record(ident, ParamSchema).default({}),
  restrictions: z.array(z.string().min(1).max(500)).max(64).default([]),
  /** Per-backend params and restrictions that replace the top-level ones (a CUDA template tunes BLOCK, not VEC). */
  backends: z.partialRecord(z.enum(BACKENDS), z.object({ params: z.record(ident, ParamSchema).default({}), restrictions: z.array(z.string().min(1).max(500)).max(64).default([]) })).default({}),
  tolerance: z.partialRecord(z.enum(DTYPES), ToleranceSchema).default({}),
  /** Bitwise-equal repeated runs required (false for atomics or dynamic scheduling). */
  deterministic: z.boolean().default(true),
  stability: z.object({ large: z.number().positive().default(1e15), small: z.number().positive().default(1e-30) }).default({ large: 1e15, small: 1e-30 }),
  flops: expr,
  bytes: expr,
  reference: fileName,
  templates: z.partialRecord(z.enum(BACKENDS), fileName).default({}),
  /** Extra compiler flags per backend (e.g. "-ffast-math" is NOT added unless you list it). */
  flags: z.partialRecord(z.enum(BACKENDS), z.array(z.string().max(200)).max(32)).default({}),
});
export type ProblemFields = z.infer<typeof ProblemSchema>;

/** Extra facts of a KernelBench-style PyTorch problem (model.py), used by the torch and triton backends. */
export interface PythonFacts {
  /** Tolerances per torch dtype name ("float32", "bfloat16" …). */
  tolerance: Record<string, { atol: number; rtol: number }>;
  /** The candidate class the template defines. */
  className: string;
  /** The module globals of model.py that shapes set (they are what get_inputs reads). */
  shapeVars: string[];
}
export type Problem = ProblemFields & {
  dir: string;
  sources: { reference: string; templates: Partial<Record<BackendName, string>> };
  /** "c" for problem.json + reference.c folders, "python" for KernelBench-style model.py folders. */
  language: 'c' | 'python';
  python?: PythonFacts;
};
export type Shape = Record<string, number>;
export type Config = Record<string, number>;

export class SpecError extends ValidationError {}

export function paramValues(p: z.infer<typeof ParamSchema>): number[] {
  if ('values' in p) return [...new Set(p.values)];
  const out: number[] = [];
  for (let v = p.range[0]; v <= p.range[1] && out.length < 10_000; v = p.scale === 'mul' ? v * p.step : v + p.step) {
    out.push(v);
    if (p.scale === 'mul' && p.step <= 1) break;
  }
  return out;
}

/** Semantic checks zod cannot express; each message starts with the field's path. */
export async function checkProblem(fs: SpecFs, p: ProblemFields, dir: string): Promise<string[]> {
  const errors: string[] = [];
  const shapeVars = Object.keys(p.shapes[0]!);
  const paramNames = Object.keys(p.params);
  const names = new Set(p.signature.map((a) => a.name));
  if (names.size !== p.signature.length) errors.push('signature: argument names must be unique');
  const uses = (field: string, src: string | number, allowed: string[]) => {
    if (typeof src === 'number') return;
    try {
      const unknown = exprNames(src).filter((n) => !allowed.includes(n));
      if (unknown.length) errors.push(`${field}: "${src}" uses ${unknown.map((u) => `"${u}"`).join(', ')}, which is not one of ${allowed.join(', ') || '(nothing)'}`);
    } catch (e) {
      errors.push(`${field}: ${(e as ExprError).message}`);
    }
  };
  p.shapes.forEach((s, i) => {
    const missing = shapeVars.filter((v) => !(v in s));
    if (missing.length || Object.keys(s).length !== shapeVars.length) errors.push(`shapes[${i}]: every shape binds the same variables (${shapeVars.join(', ')})`);
  });
  p.signature.forEach((a, i) => {
    if (a.size !== undefined) uses(`signature[${i}].size`, a.size, shapeVars);
    if (a.value !== undefined) uses(`signature[${i}].value`, a.value, shapeVars);
  });
  if (!p.signature.some((a) => a.role === 'out' || a.role === 'inout')) errors.push('signature: needs at least one "out" or "inout" argument to check');
  uses('flops', p.flops, shapeVars);
  uses('bytes', p.bytes, shapeVars);
  p.restrictions.forEach((r, i) => uses(`restrictions[${i}]`, r, [...paramNames, ...shapeVars]));
  for (const [b, o] of Object.entries(p.backends)) o!.restrictions.forEach((r, i) => uses(`backends.${b}.restrictions[${i}]`, r, [...Object.keys(o!.params), ...shapeVars]));
  p.shapeRestrictions.forEach((r, i) => uses(`shapeRestrictions[${i}]`, r, shapeVars));
  if (p.timingShape !== undefined && p.timingShape >= p.shapes.length) errors.push(`timingShape: ${p.timingShape} is not an index into shapes (0..${p.shapes.length - 1})`);
  for (const [k, v] of Object.entries(p.params)) if (paramValues(v).length === 0) errors.push(`params.${k}: declares no values`);
  const files: [string, string][] = [['reference', p.reference], ...Object.entries(p.templates).map(([b, f]) => [`templates.${b}`, f!] as [string, string])];
  for (const [field, f] of files) if (!(await fs.exists(path.join(dir, f)))) errors.push(`${field}: file "${f}" does not exist in ${dir}`);
  return errors;
}

/** A C problem from its parsed problem.json, with the reference and templates read. */
export async function parseProblem(fs: SpecFs, json: unknown, dir: string): Promise<Problem> {
  const parsed = ProblemSchema.safeParse(json);
  if (!parsed.success) throw new SpecError(`problem.json in ${dir} is invalid`, describeIssues(parsed.error));
  const errors = await checkProblem(fs, parsed.data, dir);
  if (errors.length) throw new SpecError(`problem.json in ${dir} is invalid`, errors);
  const p = parsed.data;
  const read = (f: string) => fs.readFile(path.join(dir, f));
  const templates: Partial<Record<BackendName, string>> = {};
  for (const [b, f] of Object.entries(p.templates)) templates[b as BackendName] = await read(f!);
  return { ...p, dir, sources: { reference: await read(p.reference), templates }, language: 'c' };
}
