/**
 * The import rules of ARCHITECTURE.md, as code: which layer may import what.
 *
 *   kernel/contracts  imports nothing of ours
 *   kernel/<sub>      contracts + other subsystems' index.ts; never electron, react, main/, renderer/, skills/
 *   skills/<id>       kernel/contracts (or kernel/sdk) only; never another skill
 *   main/             kernel public API (kernel/index.ts, kernel/host.ts, a subsystem's index.ts), contracts
 *   renderer/         kernel/contracts as types only, its own files; no Node, no Electron
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  text: string;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const IMPORT_RE = /(?:^|[;\s])(import|export)\s+(type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(text: string): { specifier: string; typeOnly: boolean }[] {
  const out: { specifier: string; typeOnly: boolean }[] = [];
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  for (const m of stripped.matchAll(IMPORT_RE)) {
    const specifier = m[3] ?? m[4];
    if (specifier) out.push({ specifier, typeOnly: Boolean(m[2]) });
  }
  return out;
}

const norm = (p: string) => p.split(path.sep).join('/');

/** The repository-relative target of a relative import, with .js mapped to the .ts source. */
function resolveRelative(from: string, specifier: string): string {
  const joined = norm(path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)));
  return joined.replace(/\.js$/, '.ts').replace(/\.jsx$/, '.tsx');
}

const NODE_ONLY = /^(node:|better-sqlite3$|electron$)/;
const UI_LIBS = /^(electron|react|react-dom)(\/|$)/;

function kernelSubsystem(file: string): string | undefined {
  const m = /^kernel\/([^/]+)\//.exec(file);
  return m ? m[1] : file.startsWith('kernel/') ? '(root)' : undefined;
}

export function checkFile(src: SourceFile): Violation[] {
  const v: Violation[] = [];
  const { file } = src;
  const add = (specifier: string, rule: string) => v.push({ file, specifier, rule });
  for (const { specifier, typeOnly } of importsOf(src.text)) {
    const relative = specifier.startsWith('.');
    const target = relative ? resolveRelative(file, specifier) : undefined;
    if (file.startsWith('kernel/')) {
      if (UI_LIBS.test(specifier)) add(specifier, 'kernel/ runs in plain Node: it never imports Electron or React');
      if (!target) continue;
      if (/^(main|renderer|skills)\//.test(target)) add(specifier, 'kernel/ never imports main/, renderer/ or skills/');
      const from = kernelSubsystem(file);
      const to = kernelSubsystem(target);
      if (from === 'contracts' && to !== 'contracts') add(specifier, 'kernel/contracts imports nothing of ours');
      if (to && to !== '(root)' && from !== to && to !== 'contracts' && !target.endsWith(`kernel/${to}/index.ts`)) {
        add(specifier, `kernel/${from} may use kernel/${to} only through its index.ts`);
      }
    } else if (file.startsWith('skills/')) {
      const own = file.split('/').slice(0, 2).join('/') + '/';
      if (UI_LIBS.test(specifier)) add(specifier, 'skills never import Electron or React');
      if (!target) continue;
      if (!target.startsWith(own) && !target.startsWith('kernel/contracts/') && !target.startsWith('kernel/sdk/')) {
        add(specifier, target.startsWith('skills/') ? 'a skill never imports another skill' : 'skills import only the skill contract (kernel/contracts)');
      }
    } else if (file.startsWith('main/')) {
      if (/^(react|react-dom)(\/|$)/.test(specifier)) add(specifier, 'main/ never imports React');
      if (!target) continue;
      if (/^(renderer|skills)\//.test(target)) add(specifier, 'main/ never imports renderer/ or skills/');
      if (target.startsWith('kernel/') && !(target.startsWith('kernel/contracts/') || /^kernel\/(index|host)\.ts$/.test(target) || /^kernel\/[^/]+\/index\.ts$/.test(target))) {
        add(specifier, 'main/ uses the kernel only through its public index.ts files');
      }
    } else if (file.startsWith('renderer/')) {
      if (NODE_ONLY.test(specifier)) add(specifier, 'the renderer never imports Node or Electron');
      if (!target) continue;
      if (/^(main|skills)\//.test(target)) add(specifier, 'the renderer never imports main/ or skills/');
      if (target.startsWith('kernel/')) {
        if (!target.startsWith('kernel/contracts/')) add(specifier, 'the renderer imports only kernel/contracts of the kernel');
        else if (!typeOnly) add(specifier, 'the renderer imports kernel/contracts as types only (`import type`)');
      }
    }
  }
  return v;
}

/** Every source file of the layers, excluding tests' fixtures and built output. */
export function sourceFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (['node_modules', 'dist', 'problems', 'fixtures'].includes(e.name)) continue;
        walk(rel);
      } else if (/\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') && !/\.test\.tsx?$/.test(e.name)) {
        out.push({ file: rel, text: fs.readFileSync(path.join(root, rel), 'utf8') });
      }
    }
  };
  for (const layer of ['kernel', 'skills', 'main', 'renderer']) if (fs.existsSync(path.join(root, layer))) walk(layer);
  return out;
}
