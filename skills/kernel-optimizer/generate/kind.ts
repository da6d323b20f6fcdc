/**
 * The kind of computation a model performs, from what it ran (generate/analyze.py: the aten ops of
 * one forward call, the input and output shapes). The kind picks the candidate templates and keys
 * the knowledge base, so it must describe the computation, never the file's or folder's name.
 */
import { z } from 'zod';

export const AnalysisSchema = z.object({
  ok: z.literal(true),
  ops: z.array(z.string().max(200)).max(2000),
  inputs: z.array(z.object({ shape: z.array(z.number().int().nonnegative()).optional(), dtype: z.string().optional(), scalar: z.string().optional() })).max(64),
  output: z.object({ shape: z.array(z.number().int().nonnegative()).optional(), dtype: z.string().optional(), scalar: z.string().optional() }),
  rowwise: z.boolean(),
  batchArgs: z.array(z.number().int().nonnegative()).max(64),
  params: z.number().nonnegative(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

export const KINDS = ['matmul', 'softmax', 'log_softmax', 'layernorm', 'rmsnorm', 'l2norm', 'reduction', 'elementwise', 'other'] as const;
export type Kind = (typeof KINDS)[number];

const MATMUL = ['mm', 'bmm', 'matmul', 'addmm', 'baddbmm', 'addbmm', 'einsum', 'linear', 'tensordot', 'dot', 'mv', 'matrix_power'];
const NORMS = ['layer_norm', 'native_layer_norm', 'group_norm', 'native_group_norm', 'batch_norm', 'native_batch_norm', 'instance_norm'];
const REDUCE = ['sum', 'mean', 'amax', 'amin', 'max', 'min', 'prod', 'argmax', 'argmin', 'norm', 'linalg_vector_norm', 'var', 'std', 'logsumexp', 'cumsum', 'cumprod', 'all', 'any'];
/** Ops that move or view data, or convert dtypes: they do not change what kind of computation it is. */
const NEUTRAL = ['to', '_to_copy', 'empty', 'empty_strided', 'empty_like', 'copy_', 'fill_', 'zero_', 'zeros', 'zeros_like', 'ones_like', 'result_type', 'view', 'reshape', '_reshape_alias', 'as_strided', 'permute', 'transpose', 't', 'numpy_T', 'contiguous', 'clone', 'expand', 'unsqueeze', 'squeeze', 'slice', 'select', 'resolve_conj', 'resolve_neg', 'detach', 'alias', 'lift_fresh', 'item', '_local_scalar_dense', 'flatten', 'unflatten', 'split', 'chunk', 'cat', 'stack', 'narrow', 'scalar_tensor'];

const numel = (s?: number[]) => (s ?? []).reduce((n, v) => n * v, 1);

/** The kind of computation, most specific first: matmul, softmax, norms, reductions, elementwise chains. */
export function classify(a: Analysis): Kind {
  const ops = new Set(a.ops.map((o) => o.replace(/_$/, '')));
  const has = (list: string[]) => list.some((o) => ops.has(o));
  if (has(MATMUL)) return 'matmul';
  if (ops.has('log_softmax') || ops.has('_log_softmax')) return 'log_softmax';
  if (ops.has('softmax') || ops.has('_softmax')) return 'softmax';
  if (has(NORMS)) return 'layernorm';
  const out = a.output.shape;
  const ins = a.inputs.filter((i) => i.shape).map((i) => numel(i.shape));
  const biggest = ins.length ? Math.max(...ins) : 0;
  const reduces = has(REDUCE);
  if (reduces && out && numel(out) === biggest && biggest > 1) {
    // a reduction whose result is broadcast back over the input: a normalization
    const root = ops.has('sqrt') || ops.has('rsqrt');
    const squares = ops.has('pow') || ops.has('square') || ops.has('mul');
    if (ops.has('linalg_vector_norm') || ops.has('norm')) return 'l2norm';
    if (root && squares && (ops.has('mean') || ops.has('sum')) && !ops.has('sub')) return 'rmsnorm';
    if (root && ops.has('sub')) return 'layernorm';
    return 'other';
  }
  if (reduces && out && numel(out) < biggest) return 'reduction';
  if (!reduces && out && numel(out) === biggest && [...ops].every((o) => !MATMUL.includes(o))) return 'elementwise';
  if (NEUTRAL.length && [...ops].every((o) => NEUTRAL.includes(o))) return 'elementwise';
  return 'other';
}
