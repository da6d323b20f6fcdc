// The Node that the packaged app runs community skills with. Inside Electron, process.execPath is
// the app (the runAsNode fuse is off) and its Node lacks the permission model the sandbox relies
// on, so the app carries a real Node: this script fetches the official build for the target
// platform from the npm registry (the node-<platform>-<arch> packages, which hold bin/node or
// bin/node.exe) into out/node/<os>-<arch>/bin/, where electron-builder's `extraResources` picks it
// up as <resources>/node/bin/node (kernel/sandbox/node-program.ts finds it there).
//
// The version is the Node running this script (the one the sandbox was tested with), unless
// AGENTOS_SKILL_NODE_VERSION names another. Skill processes load only the child program and the
// skill's own files (skills import kernel/contracts and kernel/sdk, no native module), so this
// Node needs no native rebuild.
//
// electron-builder runs it as the `beforePack` hook (electron-builder.yml); by hand:
//   node scripts/bundle-node.mjs [--platform linux|darwin|win32] [--arch x64|arm64]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleMcp } from './bundle-mcp.mjs';
import { nodePackage, npmPack, unpackTo } from './node-runtime.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** electron-builder's `${os}` macro for a platform (the folder names in out/node/). */
export const builderOs = (platform) => ({ darwin: 'mac', win32: 'win', linux: 'linux' })[platform];
export { nodePackage };
/** Where this script puts the Node for a platform and architecture (relative to the repository). */
export const bundleDir = (platform, arch) => path.join('out', 'node', `${builderOs(platform)}-${arch}`);
/** electron-builder's Arch enum (builder-util) by number → its name, as hooks receive it. */
export const builderArch = (arch) => ['ia32', 'x64', 'armv7l', 'arm64', 'universal'][arch] ?? String(arch);

/** Fetches Node `version` for `platform`/`arch` into out/node/ unless it is there already; returns the executable's path. */
export async function bundleNode({ platform = process.platform, arch = process.arch, version = process.env.AGENTOS_SKILL_NODE_VERSION || process.versions.node } = {}) {
  if (!builderOs(platform)) throw new Error(`AgentOS packages no Node for the platform "${platform}": build on or for Linux, macOS or Windows.`);
  if (!['x64', 'arm64'].includes(arch)) throw new Error(`AgentOS packages no Node for the architecture "${arch}": build for x64 or arm64 (a universal macOS build needs one app per architecture).`);
  const dir = path.join(root, bundleDir(platform, arch));
  const exe = path.join(dir, 'bin', platform === 'win32' ? 'node.exe' : 'node');
  const stamp = `${dir}.version`;
  const spec = `${nodePackage(platform, arch)}@${version.replace(/^v/, '')}`;
  if (fs.existsSync(exe) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === spec) return exe;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agentos-node-'));
  try {
    process.stdout.write(`bundle-node: fetching ${spec} from the npm registry\n`);
    const pkg = unpackTo(npmPack(nodePackage(platform, arch), version.replace(/^v/, ''), tmp), path.join(tmp, 'package'));
    const from = path.join(pkg, 'bin', path.basename(exe));
    if (!fs.existsSync(from)) throw new Error(`${spec} holds no bin/${path.basename(exe)}: the package layout changed; update scripts/bundle-node.mjs.`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    fs.copyFileSync(from, exe);
    fs.chmodSync(exe, 0o755);
    for (const extra of ['LICENSE', 'README.md']) {
      if (fs.existsSync(path.join(pkg, extra))) fs.copyFileSync(path.join(pkg, extra), path.join(dir, extra));
    }
    fs.writeFileSync(stamp, spec);
    return exe;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * electron-builder `beforePack` hook: the Node for the platform and architecture being packed, and
 * the MCP runtime (scripts/bundle-mcp.mjs: plain JavaScript, the same for every platform).
 */
export default async function beforePack(context) {
  await bundleNode({ platform: context.electronPlatformName, arch: builderArch(context.arch) });
  bundleMcp();
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  bundleNode({ platform: arg('platform'), arch: arg('arch') }).then(
    (exe) => process.stdout.write(`bundle-node: ${path.relative(root, exe)}\n`),
    (error) => {
      process.stderr.write(`bundle-node: ${error.message}\n`);
      process.exit(1);
    },
  );
}
