/**
 * The problem spec: `problem.json` in a problem folder, validated with zod, plus semantic checks
 * (expressions parse and use only known names, files exist, shapes bind every variable, the
 * parameter space is not empty). Every error names the field, so a user can fix their file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues, ValidationError } from '../../../kernel/contracts/index.js';
import { exprNames, evalExpr, type ExprError } from './expr.js';

export const DTYPES = ['f32', 'f64', 'i32', 'i64'] as const;
export type Dtype = (typeof DTYPES)[number];
export const BACKENDS = ['cpu', 'cuda', 'triton', 'torch'] as const;
export type BackendName = (typeof BACKENDS)[number];

const ident = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a C identifier (letters, digits, "_")');
const expr = z.union([z.number(), z.string().min(1).max(500)]);
const fileName = z
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

const ParamSchema = z.union([
  z.object({ values: z.array(z.number()).min(1).max(1000), default: z.number().optional() }),
  z.object({
    range: z.tuple([z.number(), z.number()]).describe('[first, last]'),
    step: z.number().positive().default(1),
    /** "mul": first, first*step … (powers of two with step 2). */
    scale: z.enum(['add', 'mul']).default('add'),
    default: z.number().optional(),
  }),
]);

const ToleranceSchema = z.object({ atol: z.number().nonnegative(), rtol: z.number().nonnegative() });

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
  templates: z.partialRecord(z.enum(BACKENDS), fileName),
  /** Extra compiler flags per backend (e.g. "-ffast-math" is NOT added unless you list it). */
  flags: z.partialRecord(z.enum(BACKENDS), z.array(z.string().max(200)).max(32)).default({}),
});
/** Extra facts of a KernelBench-style PyTorch problem (model.py), used by the torch and triton backends. */
export interface PythonFacts {
  /** Tolerances per torch dtype name ("float32", "bfloat16" …). */
  tolerance: Record<string, { atol: number; rtol: number }>;
  /** The candidate class the template defines. */
  className: string;
  /** The module globals of model.py that shapes set (they are what get_inputs reads). */
  shapeVars: string[];
}
export type Problem = z.infer<typeof ProblemSchema> & {
  dir: string;
  sources: { reference: string; templates: Partial<Record<BackendName, string>> };
  /** "c" for problem.json + reference.c folders, "python" for KernelBench-style model.py folders. */
  language: 'c' | 'python';
  python?: PythonFacts;
};

export const DEFAULT_TOLERANCE: Record<Dtype, { atol: number; rtol: number }> = {
  f32: { atol: 1e-5, rtol: 1e-4 },
  f64: { atol: 1e-10, rtol: 1e-9 },
  i32: { atol: 0, rtol: 0 },
  i64: { atol: 0, rtol: 0 },
};

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
function check(p: z.infer<typeof ProblemSchema>, dir: string): string[] {
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
  for (const [field, f] of files) if (!fs.existsSync(path.join(dir, f))) errors.push(`${field}: file "${f}" does not exist in ${dir}`);
  if (Object.keys(p.templates).length === 0) errors.push('templates: name at least one candidate template, e.g. {"cpu": "kernel.c"}');
  return errors;
}

export function parseProblem(json: unknown, dir: string): Problem {
  const parsed = ProblemSchema.safeParse(json);
  if (!parsed.success) throw new SpecError(`problem.json in ${dir} is invalid`, describeIssues(parsed.error));
  const errors = check(parsed.data, dir);
  if (errors.length) throw new SpecError(`problem.json in ${dir} is invalid`, errors);
  const p = parsed.data;
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  const templates: Partial<Record<BackendName, string>> = {};
  for (const [b, f] of Object.entries(p.templates)) templates[b as BackendName] = read(f!);
  return { ...p, dir, sources: { reference: read(p.reference), templates }, language: 'c' };
}

/**
 * problem.json of a KernelBench-style folder (model.py with Model, get_inputs, get_init_inputs):
 * every field optional. Shapes set model.py's module globals (batch_size, dim …), which
 * get_inputs and get_init_inputs read, so one file yields a shape sweep.
 */
const TorchProblemSchema = z.object({
  name: z.string().min(1).max(100).optional(),
  kind: ProblemSchema.shape.kind.optional(),
  description: z.string().max(2000).default(''),
  model: fileName.default('model.py'),
  className: ident.default('ModelNew'),
  shapes: z.array(z.record(ident, z.number().int().positive())).min(1).max(32).default([{}]),
  timingShape: z.number().int().nonnegative().optional(),
  edgeShapes: z.array(z.record(ident, z.number().int().positive())).max(32).optional(),
  shapeRestrictions: ProblemSchema.shape.shapeRestrictions,
  params: ProblemSchema.shape.params,
  restrictions: ProblemSchema.shape.restrictions,
  backends: ProblemSchema.shape.backends,
  tolerance: z.partialRecord(z.enum(['float64', 'float32', 'float16', 'bfloat16']), ToleranceSchema).default({}),
  deterministic: z.boolean().default(true),
  stability: ProblemSchema.shape.stability,
  flops: expr.default(0),
  bytes: expr.default(0),
  templates: z.partialRecord(z.enum(['torch', 'triton']), fileName).optional(),
});

export const TORCH_TOLERANCE: Record<string, { atol: number; rtol: number }> = {
  float64: { atol: 1e-10, rtol: 1e-9 },
  float32: { atol: 1e-5, rtol: 1e-4 },
  float16: { atol: 1e-3, rtol: 1e-2 },
  bfloat16: { atol: 1e-2, rtol: 2e-2 },
};

/** The candidate templates a KernelBench folder has when problem.json does not name them. */
const TORCH_TEMPLATES: Record<'torch' | 'triton', string[]> = { torch: ['kernel.py', 'model_new.py'], triton: ['kernel_triton.py'] };

export function parseTorchProblem(json: unknown, dir: string): Problem {
  const parsed = TorchProblemSchema.safeParse(json);
  if (!parsed.success) throw new SpecError(`problem.json in ${dir} is invalid`, describeIssues(parsed.error));
  const t = parsed.data;
  const templates: Partial<Record<BackendName, string>> = {};
  for (const b of ['torch', 'triton'] as const) {
    const file = t.templates?.[b] ?? TORCH_TEMPLATES[b].find((f) => fs.existsSync(path.join(dir, f)));
    if (file !== undefined) templates[b] = file;
  }
  const base = path.basename(dir).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, 40) || 'model';
  const p: z.infer<typeof ProblemSchema> = {
    name: t.name ?? path.basename(dir),
    kind: t.kind ?? base,
    description: t.description,
    entry: 'Model',
    signature: [],
    shapes: t.shapes,
    ...(t.timingShape !== undefined ? { timingShape: t.timingShape } : {}),
    ...(t.edgeShapes ? { edgeShapes: t.edgeShapes } : {}),
    shapeRestrictions: t.shapeRestrictions,
    params: t.params,
    restrictions: t.restrictions,
    backends: t.backends,
    tolerance: {},
    deterministic: t.deterministic,
    stability: t.stability,
    flops: t.flops,
    bytes: t.bytes,
    reference: t.model,
    templates,
    flags: {},
  };
  const errors = check(p, dir).filter((e) => !e.startsWith('signature') && !e.startsWith('templates: name'));
  if (Object.keys(templates).length === 0) errors.push(`templates: no candidate found: write ${TORCH_TEMPLATES.torch[0]} (class ${t.className}) beside ${t.model}, or name it in "templates"`);
  if (errors.length) throw new SpecError(`the PyTorch problem in ${dir} is invalid`, [...new Set(errors)]);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  const sources: Partial<Record<BackendName, string>> = {};
  for (const [b, f] of Object.entries(templates)) sources[b as BackendName] = read(f);
  return {
    ...p,
    dir,
    sources: { reference: read(t.model), templates: sources },
    language: 'python',
    python: { tolerance: { ...TORCH_TOLERANCE, ...t.tolerance }, className: t.className, shapeVars: Object.keys(t.shapes[0]!) },
  };
}

function readJson(file: string, dir: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SpecError(`problem.json in ${dir} is not valid JSON`, [(e as Error).message]);
  }
}

/** A KernelBench-style folder: its model file (model.py, or problem.json's "model") exists and problem.json declares no C signature. */
function isPythonProblem(dir: string, json: unknown): boolean {
  const o = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  return !('signature' in o) && fs.existsSync(path.join(dir, typeof o.model === 'string' ? o.model : 'model.py'));
}

/** A problem folder: problem.json with a C reference, or a KernelBench-style model.py (problem.json optional). */
export function loadProblem(dir: string): Problem {
  const abs = path.resolve(dir);
  const file = path.join(abs, 'problem.json');
  const json = fs.existsSync(file) ? readJson(file, abs) : undefined;
  if (isPythonProblem(abs, json)) return parseTorchProblem(json ?? {}, abs);
  if (json === undefined) throw new SpecError(`no problem in ${abs}`, ['problem.json: not found, and no model.py (see skills/kernel-optimizer/README.md for both formats)']);
  return parseProblem(json, abs);
}

/** The backend a folder runs on when none is asked for: torch for model.py problems, else cpu. */
export function defaultBackend(dir: string): BackendName {
  const abs = path.resolve(dir);
  const file = path.join(abs, 'problem.json');
  try {
    return isPythonProblem(abs, fs.existsSync(file) ? readJson(file, abs) : undefined) ? 'torch' : 'cpu';
  } catch {
    return 'cpu'; // unreadable problem.json: the run itself reports it
  }
}

export type Shape = Record<string, number>;
export type Config = Record<string, number>;

export function toleranceFor(p: Problem, dtype: Dtype) {
  return p.tolerance[dtype] ?? DEFAULT_TOLERANCE[dtype];
}

/** The data a shape implies: the arrays' element counts, or (model.py problems) the product of the shape variables. */
export function shapeElems(p: Problem, s: Shape): number {
  if (p.signature.length === 0) return Object.values(s).reduce((n, v) => n * v, 1);
  return p.signature.reduce((n, a) => n + (a.size !== undefined ? evalExpr(a.size, s) : 0), 0);
}

/** The shape timed: declared, or the one with the most data. */
export function timingShape(p: Problem): Shape {
  if (p.timingShape !== undefined) return p.shapes[p.timingShape]!;
  return [...p.shapes].sort((a, b) => shapeElems(p, b) - shapeElems(p, a))[0]!;
}

/** Stage-5 shapes: declared, or the smallest shape's variables made odd, prime-ish and tiny. */
export function edgeShapes(p: Problem): Shape[] {
  if (p.edgeShapes) return p.edgeShapes;
  const smallest = [...p.shapes].sort((a, b) => shapeElems(p, a) - shapeElems(p, b))[0]!;
  const vars = Object.keys(smallest);
  const variants: Shape[] = [
    Object.fromEntries(vars.map((v) => [v, 1])),
    Object.fromEntries(vars.map((v, i) => [v, [3, 7, 13, 17][i % 4]!])),
    Object.fromEntries(vars.map((v) => [v, Math.max(1, smallest[v]! - 1) | 1])),
    Object.fromEntries(vars.map((v, i) => [v, Math.max(1, smallest[v]! + 1 + 2 * i) | 1])),
  ];
  const seen = new Set<string>();
  return variants.filter((s) => {
    const key = JSON.stringify(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return p.shapeRestrictions.every((r) => evalExpr(r, s));
  });
}

export function defaultConfig(p: Problem): Config {
  const c: Config = {};
  for (const [k, v] of Object.entries(p.params)) c[k] = v.default ?? paramValues(v)[0]!;
  return c;
}

/** Whether a config meets every restriction on every declared shape (restrictions may use shape variables). */
export function configValid(p: Problem, c: Config): boolean {
  if (p.restrictions.length === 0) return true;
  const shapes = p.restrictions.some((r) => exprNames(r).some((n) => !(n in c))) ? [...p.shapes, ...edgeShapes(p)] : [{}];
  return shapes.every((s) => p.restrictions.every((r) => Boolean(evalExpr(r, { ...s, ...c }))));
}

/** The problem as one backend sees it: its own params and restrictions when it declares them. */
export function forBackend(p: Problem, backend: BackendName): Problem {
  const o = p.backends[backend];
  return o ? { ...p, params: o.params, restrictions: o.restrictions } : p;
}
