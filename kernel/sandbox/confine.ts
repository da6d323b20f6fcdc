/**
 * The OS-level confinement every sandboxed program starts in (skill processes, MCP servers and
 * granted programs alike): the command line that wraps a program in bubblewrap or util-linux
 * `unshare` namespaces, under prlimit.
 *
 * Both namespace modes give the program no network (an empty network namespace), its own PID, IPC
 * and UTS namespaces, no capabilities, and a read-only view of the system in which /tmp, /var/tmp,
 * /run, /home, /root, the user's home and the AgentOS profile are empty; only the paths asked for
 * are bound back (read-only, or writable: the data folder and `write`), and `private` trees (the
 * profile) are hidden again over any of them that contains one. Without namespaces (mode 'none') only prlimit
 * applies: the caller refuses community code there unless the user opted in.
 *
 * The `unshare` mode builds the view with two `mount -a` tables in the profile (written once per
 * content, where no skill can write) and a short `sh` prelude, then enters it with
 * `unshare --root` and drops every capability with `setpriv` before the program starts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modeOf, type SandboxSupport } from './mode.js';

export interface ConfineLimits {
  /** CPU seconds (RLIMIT_CPU). */
  cpuSeconds: number;
  /** Private writable memory in bytes (RLIMIT_DATA): heap, Buffers, typed arrays, WebAssembly memory. */
  dataBytes?: number;
  /** Largest file the program may write (RLIMIT_FSIZE), bytes. */
  fsizeBytes?: number;
  /** Open files (RLIMIT_NOFILE). */
  nofile?: number;
}

export interface ConfineSpec {
  support: SandboxSupport;
  profileDir: string;
  /** The working folder, always writable (the skill's data folder). */
  dataDir: string;
  /** Paths bound back read-only (folders or files). */
  read: string[];
  /** Further paths bound back writable. */
  write: string[];
  /**
   * Trees of which nothing but the data folder may be bound (the profile, for granted programs):
   * hidden again when a bound path contains them, and binds inside them other than the data
   * folder are dropped.
   */
  private?: string[];
  /** The working folder inside (default: the data folder). */
  cwd?: string;
  /** The whole environment of the program. */
  env: Record<string, string>;
  limits: ConfineLimits;
}

export interface Confined {
  file: string;
  args: string[];
  env: Record<string, string>;
}

const SYSTEM = ['/dev', '/proc', '/sys'];
const DEV_FILES = ['null', 'zero', 'full', 'random', 'urandom', 'tty'];
const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
const byDepth = (a: string, b: string) => a.length - b.length || (a < b ? -1 : 1);

function real(p: string): string | undefined {
  try {
    return fs.realpathSync(path.resolve(p));
  } catch {
    return undefined;
  }
}

const uniq = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

/** Trees every namespace mode hides: temporary folders, runtime sockets, homes, the profile. */
function hiddenTrees(profileDir: string): string[] {
  const candidates = ['/tmp', '/var/tmp', '/run', '/home', '/root', os.homedir(), profileDir];
  return uniq(candidates.map(real)).filter((p) => p !== '/' && isDir(p)).sort(byDepth);
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

interface Plan {
  hide: string[];
  /** Bind-backs in order: parents first; `rw` writable. */
  binds: { path: string; rw: boolean }[];
  rehide: string[];
  /** Binds inside a re-hidden tree, bound again after it. */
  rebinds: { path: string; rw: boolean }[];
}

function plan(spec: ConfineSpec, command: string[]): Plan {
  const hide = hiddenTrees(spec.profileDir);
  const data = real(spec.dataDir) ?? path.resolve(spec.dataDir);
  const priv = uniq((spec.private ?? []).map(real));
  const allowed = (p: string) => inside(p, data) || !priv.some((t) => inside(p, t));
  // The sandbox's own /dev, /proc and /sys stay: a grant inside them is dropped, and one that
  // contains them is not bound as a whole.
  const system = (p: string) => SYSTEM.some((d) => inside(p, d) || inside(d, p));
  const writes = uniq([data, ...spec.write.map(real)]).filter((w) => allowed(w) && !system(w));
  // What a read grant adds is only what the view hides: the grant itself when it lies in a hidden
  // tree, else the hidden trees inside it (the rest is visible read-only already).
  const readable = (r: string) => (SYSTEM.some((d) => inside(r, d)) ? [] : hide.some((h) => inside(r, h)) ? [r] : hide.filter((h) => inside(h, r)));
  const reads = uniq(spec.read.map(real).flatMap((r) => (r ? readable(r) : []))).filter((r) => allowed(r) && !writes.includes(r));
  const binds = [...reads.map((p) => ({ path: p, rw: false })), ...writes.map((p) => ({ path: p, rw: true }))];
  // The program itself (Node under nvm, a tool in ~/bin) when it lives in a hidden tree: the file
  // alone, at the path it is started by (its name can matter), unless a bind already shows it.
  const program = command[0] ? path.resolve(command[0]) : undefined;
  if (program && hide.some((h) => inside(program, h)) && !binds.some((b) => inside(program, b.path)) && fs.existsSync(program)) binds.push({ path: program, rw: false });
  binds.sort((a, b) => byDepth(a.path, b.path));
  const rehide = priv.filter((r) => binds.some((b) => inside(r, b.path) && r !== b.path)).sort(byDepth);
  const rebinds = binds.filter((b) => rehide.some((r) => inside(b.path, r)));
  return { hide, binds, rehide, rebinds };
}

function prlimitArgs(spec: ConfineSpec): string[] {
  const l = spec.limits;
  if (!spec.support.prlimit) return [];
  return [
    spec.support.prlimit,
    `--cpu=${l.cpuSeconds}`,
    ...(l.dataBytes ? [`--data=${l.dataBytes}`] : []),
    `--nofile=${l.nofile ?? 256}`,
    `--fsize=${l.fsizeBytes ?? 512 * 1024 * 1024}`,
    '--core=0',
    '--',
  ];
}

/** The command line that starts `command` confined as `spec` says. */
export function confine(spec: ConfineSpec, command: string[]): Confined {
  const limited = [...prlimitArgs(spec), ...command];
  const env = { ...spec.env };
  const mode = modeOf(spec.support);
  if (mode === 'bwrap') return { file: spec.support.bwrap!, args: bwrapArgs(spec, plan(spec, command), limited), env };
  if (mode === 'unshare') return { file: spec.support.setpriv!, args: unshareArgs(spec, plan(spec, command), limited), env };
  return { file: limited[0]!, args: limited.slice(1), env };
}

/** Whether `p` can be seen inside the confinement (not in a hidden tree, or bound back into one). */
export function visibleInside(spec: ConfineSpec, p: string): boolean {
  if (modeOf(spec.support) === 'none') return true;
  const target = real(p);
  if (!target) return false;
  const view = plan(spec, []);
  if (view.binds.some((b) => inside(target, b.path))) return !view.rehide.some((r) => inside(target, r)) || view.rebinds.some((b) => inside(target, b.path));
  return !view.hide.some((h) => inside(target, h));
}

function bwrapArgs(spec: ConfineSpec, p: Plan, limited: string[]): string[] {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const args = ['--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--die-with-parent', '--new-session', ...(root ? ['--cap-drop', 'ALL'] : [])];
  args.push('--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev');
  for (const h of p.hide) args.push('--tmpfs', h);
  const bind = (b: { path: string; rw: boolean }) => args.push(b.rw ? '--bind' : '--ro-bind', b.path, b.path);
  p.binds.forEach(bind);
  for (const h of p.rehide) args.push('--tmpfs', h);
  p.rebinds.forEach(bind);
  // The empty trees stay empty: a granted program cannot fill memory through them.
  for (const t of emptyTrees(p)) args.push('--remount-ro', t);
  args.push('--chdir', workdir(spec), '--', ...limited);
  return args;
}

/** The tmpfs trees still on top once everything is bound (made read-only last). */
function emptyTrees(p: Plan): string[] {
  const hidden = [...p.hide, ...p.rehide];
  return [...new Set(['/dev', ...hidden.filter((t) => !p.binds.some((b) => inside(t, b.path)) || p.rehide.includes(t))])];
}

const workdir = (spec: ConfineSpec) => real(spec.cwd ?? spec.dataDir) ?? path.resolve(spec.dataDir);

/** fstab fields escape space, tab, newline and backslash as octal. */
const esc = (p: string) => p.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
const unesc = (p: string) => p.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));

const KEEP_FLAGS = new Set(['nosuid', 'nodev', 'noexec', 'noatime', 'nodiratime', 'relatime', 'strictatime']);

/** The host's mount points with the per-mount flags a remount must keep (locked in a user namespace). */
function hostMounts(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 6) continue;
    out.set(unesc(f[4]!), f[5]!.split(',').filter((o) => KEEP_FLAGS.has(o)));
  }
  return out;
}

function flagsOf(p: string, mounts: Map<string, string[]>): string[] {
  let best = '/';
  for (const mp of mounts.keys()) if (inside(p, mp) && mp.length > best.length) best = mp;
  return mounts.get(best) ?? [];
}

/** Written once per content into the profile (a folder no skill can see), read by `mount -a -T`. */
function table(dir: string, lines: string[]): string {
  const text = `${lines.join('\n')}\n`;
  const file = path.join(dir, `${createHash('sha256').update(text).digest('hex').slice(0, 24)}.fstab`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text, { mode: 0o444 });
    fs.renameSync(tmp, file);
  }
  return file;
}

/*
 * $1: first table (root, /proc, /dev, hidden trees), $2: the new root, $3: second table (binds,
 * re-hidden trees, read-only remounts), $4: how many bind targets are files, then those targets
 * (created empty, with their folders, before the second table binds over them), then the command.
 */
const PRELUDE = [
  'set -e',
  'mount -a -T "$1"',
  'r=$2; t=$3; n=$4; shift 4',
  'while [ "$n" -gt 0 ]; do f=$1; shift; n=$((n-1)); if [ ! -e "$f" ]; then [ -d "${f%/*}" ] || mkdir -p "${f%/*}"; : > "$f"; fi; done',
  'mount -a -T "$t"',
  'exec "$@"',
].join('\n');

function unshareArgs(spec: ConfineSpec, p: Plan, limited: string[]): string[] {
  const s = spec.support;
  const profile = real(spec.profileDir) ?? path.resolve(spec.profileDir);
  const sandboxDir = path.join(profile, 'sandbox');
  const root = path.join(sandboxDir, 'root');
  if (!isDir(root)) fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  const R = (x: string) => (x === '/' ? root : root + x);
  const mounts = hostMounts();
  const opts = (...o: string[]) => o.filter(Boolean).join(',');
  // Each tmpfs gets its own source name: `mount -a` skips a line whose source, target and type
  // match a mount already there (the first hiding of a tree a granted folder later covered).
  let n = 0;
  const tmpfs = (target: string, source: string, extra = 'nodev') => `${source}-${++n} ${esc(R(target))} tmpfs ${opts('nosuid', extra, 'mode=755', 'size=64k', 'X-mount.mkdir')} 0 0`;

  const first = [
    `/ ${esc(root)} none ${opts('rbind', 'ro', ...flagsOf('/', mounts))} 0 0`,
    // Sources are named so `mount -a` never takes them for the host's own /proc or tmpfs and skips them.
    `agentos-proc ${esc(R('/proc'))} proc nosuid,nodev,noexec 0 0`,
    tmpfs('/dev', 'agentos-dev', 'noexec'),
    ...p.hide.map((h) => tmpfs(h, 'agentos-hide')),
  ];
  const files: string[] = [];
  const bindLine = (b: { path: string; rw: boolean }) => {
    if (!isDir(b.path) && !files.includes(R(b.path))) files.push(R(b.path));
    return `${esc(b.path)} ${esc(R(b.path))} none ${opts('bind', b.rw ? '' : 'ro', ...(b.rw ? [] : flagsOf(b.path, mounts)), isDir(b.path) ? 'X-mount.mkdir' : '')} 0 0`;
  };
  const second: string[] = [];
  for (const d of DEV_FILES) {
    if (!fs.existsSync(`/dev/${d}`)) continue;
    files.push(R(`/dev/${d}`));
    second.push(`/dev/${d} ${esc(R(`/dev/${d}`))} none bind 0 0`);
  }
  second.push(...p.binds.map(bindLine));
  second.push(...p.rehide.map((h) => tmpfs(h, 'agentos-hide')), ...p.rebinds.map(bindLine));
  // Everything else the host has mounted stays visible, but read-only (the root's rbind is read-only only at its top).
  const covered = ['/proc', '/dev', ...p.hide, ...p.rehide, ...p.binds.map((b) => b.path)];
  for (const [mp, flags] of mounts) {
    if (mp === '/' || covered.some((c) => inside(mp, c))) continue;
    second.push(`none ${esc(R(mp))} none ${opts('remount', 'bind', 'ro', ...flags)} 0 0`);
  }
  for (const t of emptyTrees(p)) {
    second.push(`none ${esc(R(t))} none ${opts('remount', 'bind', 'ro', 'nosuid', t === '/dev' ? 'noexec' : 'nodev')} 0 0`);
  }
  const tables = path.join(sandboxDir, 'mounts');
  const t1 = table(tables, first);
  const t2 = table(tables, second);
  const dropAll = [s.setpriv!, '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--securebits=+noroot,+noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked', '--'];
  const enter = [s.unshare!, `--root=${root}`, `--wd=${workdir(spec)}`, '--'];
  return [
    '--pdeathsig', 'KILL', '--',
    s.unshare!, ...(s.userNs ? ['--user', '--map-root-user'] : []),
    '--net', '--pid', '--ipc', '--uts', '--mount', '--propagation', 'private', '--fork', '--kill-child=SIGKILL', '--',
    '/bin/sh', '-c', PRELUDE, 'agentos-sandbox', t1, root, t2, String(files.length), ...files,
    ...enter, ...dropAll, ...limited,
  ];
}
