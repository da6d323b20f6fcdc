/**
 * The packaged app's layout, built into a temporary folder the way `npm run build` and
 * electron-builder.yml make it, without the Electron binary (it cannot be downloaded here):
 *
 *   <out>/build/dist/…             scripts/build.mjs's output: TypeScript (tsconfig.build.json, emitted
 *                                  without the type check the real build does), the kernel's and the
 *                                  skills' assets, the portal (Vite)
 *   <out>/resources/app.asar/…     what the config's `files` globs select, with `extraMetadata` in
 *                                  package.json; a folder standing in for the archive, at the path
 *                                  Electron gives modules inside it; node_modules links to the
 *                                  repository's (the builder copies the production ones)
 *   <out>/resources/app.asar.unpacked/…  the files `asarUnpack` selects
 *   <out>/resources/<to>/…         each `extraResources` entry; the bundled Node's folder and the MCP
 *                                  runtime are given by the caller (scripts/bundle-node.mjs and
 *                                  bundle-mcp.mjs would fetch them; mcp-runtime.ts copies the latter)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { parse } from 'yaml';

export const root = path.resolve(__dirname, '../..');

export interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  extraMetadata?: Record<string, unknown>;
  extraResources?: { from: string; to: string }[];
  linux?: { files?: string[] };
  [key: string]: unknown;
}

export const readConfig = () => parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** electron-builder's `${os}`/`${arch}` macros for this machine. */
export const expandMacros = (p: string) => p.replace('${os}', { darwin: 'mac', win32: 'win' }[process.platform as string] ?? process.platform).replace('${arch}', process.arch);

/** Whether the config's file patterns (in order, `!` excludes) select `file`, as the builder reads them. */
export function selected(patterns: string[], file: string): boolean {
  let keep = false;
  for (const p of patterns) {
    if (p.startsWith('!')) keep = keep && !minimatch(file, p.slice(1), { dot: true });
    else if (minimatch(file, p, { dot: true })) keep = true;
  }
  return keep;
}

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

/** scripts/build.mjs into `dist` (its steps, with the output folder moved). */
export function buildDist(dist: string): void {
  node([path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', dist, '--incremental', 'false']);
  const copyAssets = (from: string, to: string, keep: (name: string) => boolean) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name);
      const dst = path.join(to, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') copyAssets(src, dst, keep);
      } else if ((!/\.(ts|tsx)$/.test(entry.name) || entry.name.endsWith('.d.ts')) && keep(entry.name)) {
        fs.mkdirSync(to, { recursive: true });
        fs.copyFileSync(src, dst);
      }
    }
  };
  copyAssets(path.join(root, 'kernel'), path.join(dist, 'kernel'), (name) => name !== 'tsconfig.json' && !/\.test\.[cm]?[jt]sx?$/.test(name));
  copyAssets(path.join(root, 'skills'), path.join(dist, 'skills'), () => true);
  node([path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'error', '--outDir', path.join(dist, 'renderer'), '--emptyOutDir']);
}

function* walk(dir: string, rel = ''): Generator<string> {
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) yield* walk(dir, r);
    else yield r;
  }
}

export interface Layout {
  resources: string;
  /** resources/app.asar: the app as Electron's module paths show it. */
  app: string;
  unpacked: string;
  /** Files of the app (relative), as selected by the config. */
  files: string[];
}

/**
 * Lays the packaged app out under `out/resources` from a build in `out/build` (made here), with
 * `extraFrom` giving the source folder of each `extraResources` entry the caller provides (by its
 * `to`): the bundled Node is fetched at packaging time, so a test brings its own.
 */
export function layOut(out: string, extraFrom: Record<string, string>): Layout {
  const config = readConfig();
  const stage = path.join(out, 'build');
  buildDist(path.join(stage, 'dist'));
  const pkg = { ...(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>), ...config.extraMetadata };
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.cpSync(path.join(root, 'bin'), path.join(stage, 'bin'), { recursive: true });
  const resources = path.join(out, 'resources');
  const app = path.join(resources, 'app.asar');
  const unpacked = path.join(resources, 'app.asar.unpacked');
  const patterns = [...config.files, ...(config.linux?.files ?? [])];
  const files: string[] = [];
  for (const rel of walk(stage)) {
    if (!selected(patterns, rel)) continue;
    files.push(rel);
    for (const base of config.asarUnpack.some((p) => minimatch(rel, p, { dot: true, matchBase: !p.includes('/') })) ? [app, unpacked] : [app]) {
      fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
      fs.copyFileSync(path.join(stage, rel), path.join(base, rel));
    }
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'));
  for (const extra of config.extraResources ?? []) {
    const from = extraFrom[extra.to];
    if (!from) throw new Error(`The test gives no folder for extraResources "${extra.from}" → "${extra.to}".`);
    fs.cpSync(from, path.join(resources, extra.to), { recursive: true });
  }
  return { resources, app, unpacked, files };
}
