/**
 * The test plan a harness runs, computed in TypeScript from the spec so that the C, CUDA and
 * Python harnesses stay simple: every case's stage, shape, array sizes, scalar values, input
 * scaling and tolerance, as plain numbers.
 */
import { edgeShapes, evalExpr, shapeElems, timingShape, toleranceFor, type Problem, type Shape } from '../spec/index.js';

export const STAGES = ['smoke', 'shape-sweep', 'stability', 'determinism', 'edge'] as const;
export type Stage = (typeof STAGES)[number];
/**
 * How inputs are scaled in a case: 0 normal, 1 near the large end, 2 near zero, 3 mixed magnitudes, 4 all zeros,
 * 5 random signs (each float input value negated with probability 1/2: beyond a declared range >= 0).
 */
export const SCALES = ['normal', 'large', 'small', 'mixed', 'zeros', 'signed'] as const;

/** True when some float input's declared range is >= 0: its sign is then never exercised by get_inputs' own distribution. */
export function nonNegativeInputs(p: Problem): boolean {
  return p.signature.some((a) => (a.role === 'in' || a.role === 'inout') && (a.type === 'f32' || a.type === 'f64') && a.init.low >= 0);
}

export interface Case {
  stage: Stage;
  shape: Shape;
  sizes: number[];
  scalars: number[];
  scale: number;
  scaleValue: number;
  atol: number;
  rtol: number;
  /** Run the candidate twice and require equal outputs. */
  repeat: boolean;
}

export function shapeArgs(p: Problem, s: Shape) {
  return {
    sizes: p.signature.map((a) => (a.size !== undefined ? Math.round(evalExpr(a.size, s)) : 0)),
    scalars: p.signature.map((a) => (a.value !== undefined ? evalExpr(a.value, s) : 0)),
  };
}

/** One correctness case, independent of the language: stage, shape, input scaling, tolerance relaxation. */
export interface CaseSpec { stage: Stage; shape: Shape; scale: number; scaleValue: number; relax: number; repeat: boolean }

/** The five stages' cases: smoke, every shape, stability scalings, determinism, edge shapes. */
export function planCases(p: Problem): CaseSpec[] {
  const bySize = [...p.shapes].sort((a, b) => shapeElems(p, a) - shapeElems(p, b));
  const smallest = bySize[0]!;
  const mk = (stage: Stage, shape: Shape, scale = 0, relax = 1, repeat = false): CaseSpec => ({
    stage,
    shape,
    scale,
    scaleValue: scale === 1 ? p.stability.large : scale === 2 ? p.stability.small : 1,
    relax,
    repeat,
  });
  const cases: CaseSpec[] = [mk('smoke', smallest)];
  for (const s of bySize) cases.push(mk('shape-sweep', s));
  for (const scale of [1, 2, 3, 4]) cases.push(mk('stability', smallest, scale, 10));
  // inputs beyond the declared distribution: a ReLU that returns its input passes on inputs >= 0 only
  if (nonNegativeInputs(p)) cases.push(mk('stability', smallest, 5, 10));
  cases.push(mk('determinism', bySize[Math.min(1, bySize.length - 1)]!, 0, 1, true));
  // a model.py problem without shape variables has only the file's own shape: no edge variants
  if (Object.keys(smallest).length > 0) for (const s of edgeShapes(p)) cases.push(mk('edge', s));
  return cases;
}

export function buildPlan(p: Problem): Case[] {
  const outType = p.signature.find((a) => a.role === 'out' || a.role === 'inout')!.type;
  const tol = toleranceFor(p, outType);
  return planCases(p).map(({ relax, ...c }) => ({ ...c, ...shapeArgs(p, c.shape), atol: tol.atol * relax, rtol: tol.rtol * relax }));
}

export function timingArgs(p: Problem) {
  const s = timingShape(p);
  return { shape: s, ...shapeArgs(p, s), flops: evalExpr(p.flops, s), bytes: evalExpr(p.bytes, s) };
}
