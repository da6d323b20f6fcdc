/** The problem spec: schema and checks, loading a folder, and what follows from a problem. */
export { BACKENDS, DTYPES, paramValues, parseProblem, SpecError, type Arg, type BackendName, type Config, type Dtype, type Problem, type PythonFacts, type Shape, type SpecFs } from './schema.js';
export { parseTorchProblem, TORCH_TOLERANCE } from './torch.js';
export { defaultBackend, loadProblem } from './load.js';
export { configValid, defaultConfig, DEFAULT_TOLERANCE, edgeShapes, forBackend, shapeElems, timingShape, toleranceFor } from './problem.js';
export { evalExpr, exprNames, ExprError } from './expr.js';
