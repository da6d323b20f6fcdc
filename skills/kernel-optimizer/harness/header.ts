/**
 * The two headers generated per problem for the C and CUDA harnesses (harness.c, harness.cu):
 *  - problem.h, force-included when the reference and each candidate are compiled, so that their
 *    definition is checked against the declared signature;
 *  - plan.h, included by the harness: the signature as a macro, how to call it from the harness's
 *    untyped buffers, and the test plan (cases, tolerances, timed shape) as plain constants.
 * Everything problem-specific is here; the harness sources themselves are fixed files.
 */
import path from 'node:path';
import type { FsCapability } from '../../../kernel/contracts/index.js';
import type { Arg, Problem } from '../spec/index.js';
import { buildPlan, SCALES, STAGES, timingArgs, type Case } from './plan.js';

const CTYPE: Record<Arg['type'], string> = { f32: 'float', f64: 'double', i32: 'int', i64: 'long long' };
const TYPE_ID: Record<Arg['type'], number> = { f32: 0, f64: 1, i32: 2, i64: 3 };
const ROLE_ID: Record<Arg['role'], number> = { in: 0, out: 1, inout: 2, scalar: 3 };

/** A double as a C literal that reads back exactly. */
const num = (x: number) => (Number.isFinite(x) ? (Number.isInteger(x) && Math.abs(x) < 1e15 ? `${x}.0` : x.toExponential(17)) : '0.0');
const list = (xs: (string | number)[]) => `{${xs.join(', ')}}`;
const cString = (s: string) => JSON.stringify(s);

function params(p: Problem): string {
  return p.signature.map((a) => (a.role === 'scalar' ? `${CTYPE[a.type]} ${a.name}` : `${a.role === 'in' ? 'const ' : ''}${CTYPE[a.type]}* ${a.name}`)).join(', ');
}

/** The C declaration of the problem's function under another name: `void name(const float* x, …)`. */
export function prototype(p: Problem, name: string): string {
  return `void ${name}(${params(p)})`;
}

export function problemHeader(p: Problem): string {
  return `/* generated from ${p.name}/problem.json: the signature both the reference and the candidate implement */
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
${prototype(p, p.entry)};
#ifdef __cplusplus
}
#endif
`;
}

/** A multi-line initializer as a macro body, one element per line. */
const rows = (name: string, items: string[]) => `#define ${name} { \\\n${items.map((r) => `  ${r}`).join(', \\\n')} \\\n}`;

export function planHeader(p: Problem, cases: Case[], timing: { sizes: number[]; scalars: number[] }): string {
  const args = p.signature.map((a, i) => (a.role === 'scalar' ? `(${CTYPE[a.type]})(sc)[${i}]` : `(${CTYPE[a.type]}*)(b)[${i}]`));
  const caseRows = cases.map((c) =>
    list([STAGES.indexOf(c.stage), cString(JSON.stringify(c.shape)), list(c.sizes.map((s) => `${s}LL`)), list(c.scalars.map(num)), c.scale, num(c.scaleValue), num(c.atol), num(c.rtol), c.repeat ? 1 : 0]),
  );
  return `/* generated from ${p.name}/problem.json for the kernel optimizer's harness; rewritten every run */
#pragma once

/* the function the reference (ko_reference) and the candidate (ko_candidate) define */
#define KO_SIGNATURE(name) void name(${params(p)})
/* calls it on the harness's buffers b (void*[NARGS]) and scalar values sc (double[NARGS]) */
#define KO_CALL(fn, b, sc) fn(${args.join(', ')})

#define NARGS ${p.signature.length}
#define NCASES ${cases.length}
/* outputs must be bitwise equal when a case is run twice */
#define DETERMINISTIC ${p.deterministic ? 1 : 0}

/* per argument (${p.signature.map((a) => a.name).join(', ')}): role 0 in, 1 out, 2 inout, 3 scalar; type 0 f32, 1 f64, 2 i32, 3 i64; input range */
#define KO_ROLE ${list(p.signature.map((a) => ROLE_ID[a.role]))}
#define KO_TYPE ${list(p.signature.map((a) => TYPE_ID[a.type]))}
#define KO_LOW ${list(p.signature.map((a) => num(a.init.low)))}
#define KO_HIGH ${list(p.signature.map((a) => num(a.init.high)))}
#define KO_NAME ${list(p.signature.map((a) => cString(a.name)))}

#define KO_STAGE_NAMES ${list(STAGES.map(cString))}
#define KO_SCALE_NAMES ${list(SCALES.map(cString))}

/* the correctness cases: {stage, shape, sizes, scalars, input scaling, scale value, atol, rtol, run twice} */
${rows('KO_CASES', caseRows)}

/* the timed shape: element counts and scalar values per argument */
#define KO_TSIZES ${list(timing.sizes.map((s) => `${s}LL`))}
#define KO_TSCALARS ${list(timing.scalars.map(num))}
`;
}

/**
 * Writes what a compiled harness is built from into its work folder — `problem.h`, `plan.h` and the
 * reference source — and returns `problem.h`'s text (part of the result cache's key).
 */
export async function writeHarnessInputs(fs: Pick<FsCapability, 'writeFile'>, p: Problem, workDir: string): Promise<string> {
  const problemH = problemHeader(p);
  await fs.writeFile!(path.join(workDir, 'problem.h'), problemH);
  await fs.writeFile!(path.join(workDir, 'plan.h'), planHeader(p, buildPlan(p), timingArgs(p)));
  await fs.writeFile!(path.join(workDir, 'reference.c'), p.sources.reference);
  return problemH;
}
