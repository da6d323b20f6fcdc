/**
 * problem.json of a KernelBench-style folder (model.py with Model, get_inputs, get_init_inputs):
 * every field optional. Shapes set model.py's module globals (batch_size, dim …), which
 * get_inputs and get_init_inputs read, so one file yields a shape sweep.
 */
import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../../kernel/contracts/index.js';
import { checkProblem, expr, fileName, ident, ProblemSchema, SpecError, ToleranceSchema, type BackendName, type Problem, type ProblemFields, type SpecFs } from './schema.js';

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

export async function parseTorchProblem(fs: SpecFs, json: unknown, dir: string): Promise<Problem> {
  const parsed = TorchProblemSchema.safeParse(json);
  if (!parsed.success) throw new SpecError(`problem.json in ${dir} is invalid`, describeIssues(parsed.error));
  const t = parsed.data;
  const templates: Partial<Record<BackendName, string>> = {};
  for (const b of ['torch', 'triton'] as const) {
    let file = t.templates?.[b];
    for (const f of TORCH_TEMPLATES[b]) if (file === undefined && (await fs.exists(path.join(dir, f)))) file = f;
    if (file !== undefined) templates[b] = file;
  }
  const base = path.basename(dir).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, 40) || 'model';
  const p: ProblemFields = {
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
  // no template is not an error here: the run generates candidates, or says that it cannot
  const errors = (await checkProblem(fs, p, dir)).filter((e) => !e.startsWith('signature'));
  if (errors.length) throw new SpecError(`the PyTorch problem in ${dir} is invalid`, [...new Set(errors)]);
  const sources: Partial<Record<BackendName, string>> = {};
  for (const [b, f] of Object.entries(templates)) sources[b as BackendName] = await fs.readFile(path.join(dir, f));
  return {
    ...p,
    dir,
    sources: { reference: await fs.readFile(path.join(dir, t.model)), templates: sources },
    language: 'python',
    python: { tolerance: { ...TORCH_TOLERANCE, ...t.tolerance }, className: t.className, shapeVars: Object.keys(t.shapes[0]!) },
  };
}
