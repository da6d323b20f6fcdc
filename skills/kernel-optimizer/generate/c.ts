/**
 * Candidate templates for C problems (problem.json + reference.c) that bring no kernel.c: the
 * reference's own loops, annotated. The outermost loops of the entry function get
 * `#pragma omp parallel for` (with a `reduction(+:…)` clause for scalars they only accumulate
 * into; a loop writing any other outer scalar, a running max say, stays serial), the innermost loops
 * `#pragma omp simd` (same rule) or an unroll hint. THREADS, SIMD and UNROLL are params, so the
 * Strategy tunes them; the harness judges every instance (a wrong annotation is rejected, not trusted).
 * This covers elementwise loops, reductions, row-wise norms and softmax, and the naive matmul.
 */
import type { Problem } from '../spec/index.js';
import type { Generated } from './types.js';

interface Loop { start: number; end: number; body: string; inner: Loop[] }

const TYPE = /\b(?:const\s+)?(?:unsigned\s+|signed\s+)?(?:long\s+long|long|int|short|char|float|double|size_t|int64_t|int32_t|uint64_t|uint32_t)\b\s*\**\s*(?:const\s+)?/g;

/** The end (exclusive) of the statement starting at i: a braced block or up to the next top-level ";". */
function statementEnd(src: string, i: number): number {
  while (/\s/.test(src[i] ?? '')) i++;
  if (src.startsWith('for', i) && /\W/.test(src[i + 3] ?? '')) {
    const open = src.indexOf('(', i);
    const close = matching(src, open, '(', ')');
    return statementEnd(src, close + 1);
  }
  if (src[i] === '{') return matching(src, i, '{', '}') + 1;
  let depth = 0;
  for (let k = i; k < src.length; k++) {
    const ch = src[k];
    if (ch === '(' || ch === '{') depth++;
    else if (ch === ')' || ch === '}') depth--;
    else if (ch === ';' && depth === 0) {
      // an if/else chain continues after its first statement
      const rest = src.slice(k + 1).trimStart();
      return rest.startsWith('else') ? statementEnd(src, src.indexOf('else', k) + 4) : k + 1;
    }
  }
  return src.length;
}

function matching(src: string, open: number, a: string, b: string): number {
  let depth = 0;
  for (let k = open; k < src.length; k++) {
    if (src[k] === a) depth++;
    else if (src[k] === b && --depth === 0) return k;
  }
  return src.length - 1;
}

/** The for loops of a code range, nested. */
function loops(src: string, from: number, to: number): Loop[] {
  const out: Loop[] = [];
  const re = /\bfor\s*\(/g;
  re.lastIndex = from;
  for (let m = re.exec(src); m && m.index < to; m = re.exec(src)) {
    const end = statementEnd(src, m.index);
    const headEnd = matching(src, src.indexOf('(', m.index), '(', ')') + 1;
    out.push({ start: m.index, end, body: src.slice(m.index, end), inner: loops(src, headEnd, end) });
    re.lastIndex = end;
  }
  return out;
}

/** Scalars declared in a code range (declarations, for-init, parameters excluded). */
function declared(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(TYPE)) {
    let k = m.index + m[0].length;
    // a declaration list: names separated by commas at depth 0, up to ";" or ")"
    let depth = 0;
    let expectName = true;
    for (; k < code.length; k++) {
      const ch = code[k]!;
      if (expectName) {
        const id = /^[A-Za-z_]\w*/.exec(code.slice(k));
        if (!id) break;
        names.add(id[0]);
        k += id[0].length - 1;
        expectName = false;
        continue;
      }
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) break;
        depth--;
      } else if (ch === ';' && depth === 0) break;
      else if (ch === ',' && depth === 0) {
        expectName = true;
        while (/[\s*]/.test(code[k + 1] ?? '')) k++;
      }
    }
  }
  return names;
}

/** The outer scalars a loop writes: those it only adds to (a reduction), and whether it writes any other way. */
function scalarWrites(loop: Loop): { sums: string[]; other: boolean } {
  const local = declared(loop.body);
  const sums = new Set<string>();
  let other = false;
  for (const m of loop.body.matchAll(/(^|[^\w.\]>])([A-Za-z_]\w*)\s*(\+\+|--|[-+*/%&|^]?=)(?!=)/g)) {
    const name = m[2]!;
    if (local.has(name)) continue;
    if (m[3] === '+=') sums.add(name);
    else other = true;
  }
  for (const m of loop.body.matchAll(/(\+\+|--)\s*([A-Za-z_]\w*)/g)) if (!local.has(m[2]!)) other = true;
  return { sums: [...sums], other };
}

const clause = (sums: string[]) => (sums.length ? ` reduction(+:${sums.join(',')})` : '');

/** The reference with OpenMP and unroll annotations on its loops; undefined when no loop can take one. */
export function annotateLoops(reference: string, entry: string): string | undefined {
  const fn = new RegExp(`\\b${entry}\\s*\\([^)]*\\)\\s*\\{`).exec(reference);
  if (!fn) return undefined;
  const bodyStart = fn.index + fn[0].length - 1;
  const bodyEnd = matching(reference, bodyStart, '{', '}');
  const inserts: [number, string][] = [];
  const visit = (l: Loop, outer: boolean) => {
    const w = scalarWrites(l);
    const cl = clause(w.sums).trim();
    // one pragma per loop: a loop that is both outermost and innermost gets "parallel for simd"
    if (outer && l.inner.length === 0 && !w.other) inserts.push([l.start, `KO_PARALLEL_SIMD(${cl})\n`]);
    else if (outer && !w.other) inserts.push([l.start, `KO_PARALLEL(${cl})\n`]);
    else if (l.inner.length === 0 && !w.other) inserts.push([l.start, `KO_INNER(${cl})\n`]);
    for (const i of l.inner) visit(i, false);
  };
  const top = loops(reference, bodyStart, bodyEnd);
  for (const l of top) visit(l, true);
  if (inserts.length === 0) return undefined;
  let out = reference;
  for (const [at, text] of inserts.sort((a, b) => b[0] - a[0])) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

const MACROS = `#ifndef THREADS
#define THREADS 0
#endif
#ifndef SIMD
#define SIMD 1
#endif
#ifndef UNROLL
#define UNROLL 1
#endif
#ifdef _OPENMP
#include <omp.h>
#define KO_THREADS (THREADS > 0 ? THREADS : omp_get_max_threads())
#else
#define KO_THREADS 1
#endif
#define KO_STR(x) #x
#define KO_PRAGMA(x) _Pragma(KO_STR(x))
/* the outer loop across threads (THREADS 0: all cores, 1: serial) */
#define KO_PARALLEL(clauses) KO_PRAGMA(omp parallel for schedule(static) num_threads(KO_THREADS) clauses)
/* inner loops: vectorized (SIMD 1), or unrolled UNROLL times (SIMD 0; GCC takes one of the two pragmas per loop) */
#define KO_UNROLL_(n) KO_PRAGMA(GCC unroll n)
#if SIMD
#define KO_INNER(clauses) KO_PRAGMA(omp simd clauses)
#define KO_PARALLEL_SIMD(clauses) KO_PRAGMA(omp parallel for simd schedule(static) num_threads(KO_THREADS) clauses)
#else
#define KO_INNER(clauses) KO_UNROLL_(UNROLL)
#define KO_PARALLEL_SIMD(clauses) KO_PARALLEL(clauses)
#endif
`;

/** The C templates for a problem without a candidate template of its own. */
export function cTemplates(p: Problem, cores: number): Generated[] {
  const annotated = annotateLoops(p.sources.reference, p.entry);
  const threads = [0, ...Array.from({ length: Math.max(1, Math.min(cores, 8)) }, (_, i) => i + 1).filter((t) => t === 1 || t === cores)];
  const out: Generated[] = [];
  if (annotated) {
    out.push({
      template: 'c-omp',
      note: 'the reference loops with OpenMP threads (outer), SIMD and unrolling (inner)',
      source: `/* Generated by the kernel optimizer from ${p.reference}: its loops annotated; THREADS, SIMD and UNROLL are params. */\n${MACROS}\n${annotated}`,
      params: { THREADS: { values: [...new Set(threads)], default: 0 }, SIMD: { values: [1, 0], default: 1 }, UNROLL: { values: [1, 2, 4, 8], default: 1 } },
      // UNROLL applies where SIMD is off
      restrictions: ['SIMD == 0 || UNROLL == 1'],
    });
  }
  // the reference as it is, compiled as a candidate (-O3 -march=native): a correct starting point
  out.push({ template: 'c-reference', note: 'the reference compiled with the candidate flags', source: p.sources.reference, params: {}, restrictions: [] });
  return out;
}
