// Native modules for Electron, built where they cannot break the CLI and the tests.
//
// better-sqlite3 is compiled against Node's ABI (the CLI, `agentos serve` and the tests load it
// from the repository's node_modules). Electron has another ABI, and electron-builder's own rebuild
// step (`npmRebuild`) runs @electron/rebuild on the project's node_modules in place, which would
// leave the repository with a binary plain Node cannot load. So electron-builder.yml turns that
// step off (`npmRebuild: false`) and runs this `afterPack` hook instead: after the builder has
// staged the app (release/<platform>-unpacked/…/resources), and before it signs and fuses it,
// each native module whose binary is tied to one runtime's ABI is rebuilt for the target Electron
// in a scratch folder outside the repository (a copy of the package, with @electron/rebuild),
// and its binaries replace the Node ones in the staged app's app.asar.unpacked (every *.node is
// unpacked: electron-builder.yml `asarUnpack`). Node-API modules (onnxruntime-node, the whisper
// binding, sharp) load in Node and Electron alike and are left as they are.
//
// This is the rebuild the builder would do, moved from the repository into its staging folder;
// a second package.json ("two package.json structure") would do the same at the cost of a second
// dependency list to keep in step with the first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builderArch } from './bundle-node.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** Whether a package's binary is compiled against one runtime's ABI (node-gyp, not Node-API). */
export function abiSpecific(pkgDir) {
  if (!fs.existsSync(path.join(pkgDir, 'binding.gyp'))) return false; // prebuilt per platform (Node-API packages ship so)
  const pkg = readJson(path.join(pkgDir, 'package.json'));
  const deps = { ...pkg.dependencies, ...pkg.optionalDependencies };
  const napi = Array.isArray(pkg.binary?.napi_versions) || 'node-addon-api' in deps || 'node-api-headers' in deps;
  return !napi;
}

/** The package folder (under node_modules) that holds a file, or undefined. */
function packageOf(file, nodeModules) {
  for (let dir = path.dirname(file); dir.startsWith(nodeModules + path.sep); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && path.basename(path.dirname(dir)).match(/^(node_modules|@[^/\\]+)$/)) return dir;
  }
  return undefined;
}

function* nodeFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* nodeFiles(p);
    else if (entry.name.endsWith('.node')) yield p;
  }
}

/**
 * What to rebuild in a staged app: for each ABI-specific package with binaries in
 * `unpackedDir`/node_modules, its name, its source in `sourceModules` (the repository's
 * node_modules, only read), the binaries to replace (relative to the package) and the scratch
 * folder, outside the repository, where it is built.
 */
export function planNativeRebuild({ unpackedDir, sourceModules = path.join(root, 'node_modules'), scratch = os.tmpdir() }) {
  const staged = path.join(unpackedDir, 'node_modules');
  if (!fs.existsSync(staged)) return [];
  const byPackage = new Map();
  for (const file of nodeFiles(staged)) {
    const pkgDir = packageOf(file, staged);
    if (!pkgDir) continue;
    const name = path.relative(staged, pkgDir).split(path.sep).join('/');
    const source = path.join(sourceModules, name);
    if (name.includes('/node_modules/') || !fs.existsSync(source) || !abiSpecific(source)) continue;
    const entry = byPackage.get(name) ?? { name, version: readJson(path.join(source, 'package.json')).version, source, target: pkgDir, binaries: [], work: path.join(scratch, `agentos-native-${name.replace(/[@/]/g, '_')}`) };
    entry.binaries.push(path.relative(pkgDir, file));
    byPackage.set(name, entry);
  }
  return [...byPackage.values()];
}

/** Builds one planned package for Electron in its scratch folder and copies its binaries into the staged app. */
async function rebuildOne(item, { electronVersion, arch, platform }) {
  const { rebuild } = await import('@electron/rebuild');
  fs.rmSync(item.work, { recursive: true, force: true });
  const copy = path.join(item.work, 'node_modules', item.name);
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  // The package's sources, without the Node build it carries (that is what must not be reused).
  fs.cpSync(item.source, copy, { recursive: true, filter: (src) => path.relative(item.source, src).split(path.sep)[0] !== 'build' });
  fs.writeFileSync(path.join(item.work, 'package.json'), JSON.stringify({ name: 'agentos-native-build', private: true, dependencies: { [item.name]: item.version } }));
  try {
    await rebuild({ buildPath: item.work, projectRootPath: item.work, electronVersion, arch, platform, onlyModules: [item.name], force: true, mode: 'sequential', disablePreGypCopy: true });
    for (const rel of item.binaries) {
      const built = path.join(copy, rel);
      if (!fs.existsSync(built)) throw new Error(`Rebuilding ${item.name} for Electron ${electronVersion} produced no ${rel}: the app would load a binary built for Node. Check the build output above.`);
      fs.copyFileSync(built, path.join(item.target, rel));
    }
  } finally {
    fs.rmSync(item.work, { recursive: true, force: true });
  }
}

/** electron-builder `afterPack` hook. */
export default async function afterPack(context) {
  const resources = context.packager.getResourcesDir(context.appOutDir);
  const electronVersion = context.packager.info.framework.version;
  const arch = builderArch(context.arch);
  for (const item of planNativeRebuild({ unpackedDir: path.join(resources, 'app.asar.unpacked') })) {
    process.stdout.write(`rebuild-native: ${item.name} ${item.version} for Electron ${electronVersion} (${context.electronPlatformName}-${arch}), in ${item.work}\n`);
    await rebuildOne(item, { electronVersion, arch, platform: context.electronPlatformName });
  }
}
