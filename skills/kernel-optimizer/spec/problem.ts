/** What follows from a loaded problem: tolerances, the timed and edge shapes, the parameter space's defaults and validity. */
import { evalExpr, exprNames } from './expr.js';
import { paramValues, type BackendName, type Config, type Dtype, type Problem, type Shape } from './schema.js';

export const DEFAULT_TOLERANCE: Record<Dtype, { atol: number; rtol: number }> = {
  f32: { atol: 1e-5, rtol: 1e-4 },
  f64: { atol: 1e-10, rtol: 1e-9 },
  i32: { atol: 0, rtol: 0 },
  i64: { atol: 0, rtol: 0 },
};

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
