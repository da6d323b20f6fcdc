/**
 * The import rules of ARCHITECTURE.md, as code: which layer may import what.
 *
 *   kernel/contracts  imports nothing of ours
 *   kernel/<sub>      lower subsystems only (layers.ts), through their index.ts (contracts and sdk file by file);
 *                     never electron, react, hosts/, main/, renderer/, skills/
 *   hosts/<host>      the kernel's public API (kernel/index.ts, a subsystem's index.ts, kernel/contracts),
 *                     another host through its index.ts; never main/, renderer/, skills/, React
 *   skills/<id>       kernel/contracts or kernel/sdk only; never another skill; never the file system or
 *                     processes directly (node:fs, node:fs/promises, node:child_process: ctx.fs and ctx.exec)
 *   main/             the kernel's public API, a host's index.ts; never renderer/, skills/, React
 *   renderer/         kernel/contracts as types only, its own files; no Node, no Electron
 *
 * Test files are exempt (they are not read at all: source-graph.ts). Cycles are checked apart (cycles.ts).
 */
import { isTestFile, resolveImport, importsOf, type Edge, type SourceFile } from './source-graph.js';
import { layerViolation, subsystemOf } from './layers.js';

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

const NODE_ONLY = /^(node:|better-sqlite3$|electron$)/;
const UI_LIBS = /^(electron|react|react-dom)(\/|$)/;
const REACT = /^(react|react-dom)(\/|$)/;
/** The file-system and process modules a skill reaches only through its capabilities. */
const FS_AND_PROCESSES = /^(node:)?(fs|fs\/promises|child_process)$/;

/** kernel/index.ts, a subsystem's index.ts, or any file of kernel/contracts. */
const isKernelPublic = (target: string) => /^kernel\/(index\.ts|[^/]+\/index\.ts|contracts\/.+)$/.test(target);
const hostOf = (file: string) => /^hosts\/([^/]+)\//.exec(file)?.[1];

function kernelRules(e: Edge, target: string | undefined, add: (rule: string) => void): void {
  if (UI_LIBS.test(e.specifier)) add('kernel/ runs in plain Node: it never imports Electron or React');
  if (!target) return;
  if (/^(main|renderer|skills)\//.test(target)) add('kernel/ never imports main/, renderer/ or skills/');
  if (target.startsWith('hosts/')) add('kernel/ is a library: it never imports hosts/ (the hosts import the kernel)');
  if (!target.startsWith('kernel/')) return;
  const from = subsystemOf(e.from)!;
  const to = subsystemOf(target)!;
  if (from === 'contracts' && to !== 'contracts') {
    add('kernel/contracts imports nothing of ours');
    return;
  }
  const layered = layerViolation(e.from, target);
  if (layered) add(layered);
  const fileByFile = to === 'contracts' || to === 'sdk';
  if (to !== from && to !== '(root)' && !fileByFile && target !== `kernel/${to}/index.ts`) add(`kernel/${from} may use kernel/${to} only through its index.ts`);
}

function hostRules(e: Edge, target: string | undefined, add: (rule: string) => void): void {
  if (REACT.test(e.specifier)) add('hosts never import React');
  if (!target) return;
  if (/^(main|renderer|skills)\//.test(target)) add('hosts/ never imports main/, renderer/ or skills/ (skills come through the kernel)');
  if (target.startsWith('kernel/') && !isKernelPublic(target)) add('hosts/ use the kernel only through kernel/index.ts, a subsystem’s index.ts or kernel/contracts');
  const host = hostOf(target);
  if (host && host !== hostOf(e.from) && target !== `hosts/${host}/index.ts`) add(`a host uses hosts/${host} only through its index.ts`);
}

function skillRules(e: Edge, target: string | undefined, add: (rule: string) => void): void {
  if (UI_LIBS.test(e.specifier)) add('skills never import Electron or React');
  if (FS_AND_PROCESSES.test(e.specifier) && !isTestFile(e.from)) add('skills never use the file system or processes directly: they use ctx.fs and ctx.exec');
  if (!target) return;
  const own = e.from.split('/').slice(0, 2).join('/') + '/';
  if (!target.startsWith(own) && !target.startsWith('kernel/contracts/') && !target.startsWith('kernel/sdk/')) {
    add(target.startsWith('skills/') ? 'a skill never imports another skill' : 'skills import only the skill contract (kernel/contracts or kernel/sdk)');
  }
}

function mainRules(e: Edge, target: string | undefined, add: (rule: string) => void): void {
  if (REACT.test(e.specifier)) add('main/ never imports React');
  if (!target) return;
  if (/^(renderer|skills)\//.test(target)) add('main/ never imports renderer/ or skills/');
  if (target.startsWith('kernel/') && !isKernelPublic(target)) add('main/ uses the kernel only through its public index.ts files and kernel/contracts');
  const host = hostOf(target);
  if (host && target !== `hosts/${host}/index.ts`) add(`main/ uses hosts/${host} only through its index.ts`);
}

function rendererRules(e: Edge, target: string | undefined, add: (rule: string) => void): void {
  if (NODE_ONLY.test(e.specifier)) add('the renderer never imports Node or Electron');
  if (!target) return;
  if (/^(main|hosts|skills)\//.test(target)) add('the renderer never imports main/, hosts/ or skills/');
  if (target.startsWith('kernel/')) {
    if (!target.startsWith('kernel/contracts/')) add('the renderer imports only kernel/contracts of the kernel');
    else if (!e.typeOnly) add('the renderer imports kernel/contracts as types only (`import type`)');
  }
}

const RULES: [prefix: string, check: typeof kernelRules][] = [
  ['kernel/', kernelRules],
  ['hosts/', hostRules],
  ['skills/', skillRules],
  ['main/', mainRules],
  ['renderer/', rendererRules],
];

/** The rules one import breaks. */
export function checkEdge(e: Edge): Violation[] {
  const out: Violation[] = [];
  const add = (rule: string) => out.push({ file: e.from, line: e.line, specifier: e.specifier, rule });
  for (const [prefix, check] of RULES) if (e.from.startsWith(prefix)) check(e, e.to, add);
  return out;
}

/** The rules a file's imports break; relative imports resolved by path alone (for examples of files that do not exist). */
export function checkFile(src: SourceFile): Violation[] {
  return importsOf(src.file, src.text).flatMap((ref) => checkEdge({ ...ref, from: src.file, to: resolveImport(src.file, ref.specifier) }));
}

export const describeViolation = (v: Violation) => `${v.file}:${v.line}: "${v.specifier}" — ${v.rule}`;
