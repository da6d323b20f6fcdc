/**
 * Facts about this computer, each read through what the skill was granted: battery from
 * /sys/class/power_supply (fs.read), disks from `df` and processes from `ps` (exec), the rest
 * from Node's os module. Parsers are separate from the reads so they can be tested on fixtures.
 */
import os from 'node:os';
import type { ExecCapability, FsCapability } from '../../kernel/contracts/index.js';

export interface Battery {
  name: string;
  percent: number | null;
  status: string;
  /** Minutes to empty (discharging) or to full (charging), when the kernel reports energy and power. */
  minutesLeft: number | null;
}

const POWER_DIR = '/sys/class/power_supply';

async function readValue(fs: FsCapability, file: string): Promise<string | undefined> {
  try {
    // sysfs reports 4096 bytes for every file; what is past the value reads as NULs.
    return (await fs.readFile(file, { maxBytes: 4096 })).replace(/\0+$/, '').trim();
  } catch {
    return undefined;
  }
}

/** Batteries on Linux; an empty list on desktops (and wherever the folder is absent). */
export async function batteries(fs: FsCapability): Promise<Battery[]> {
  let entries: { name: string; path: string }[];
  try {
    entries = await fs.readDir(POWER_DIR);
  } catch {
    return [];
  }
  const out: Battery[] = [];
  for (const e of entries) {
    const dir = `${POWER_DIR}/${e.name}`;
    if ((await readValue(fs, `${dir}/type`)) !== 'Battery') continue;
    if ((await readValue(fs, `${dir}/scope`)) === 'Device') continue; // a mouse or a headset, not the computer
    const capacity = Number(await readValue(fs, `${dir}/capacity`));
    const status = (await readValue(fs, `${dir}/status`)) ?? 'Unknown';
    const energy = Number((await readValue(fs, `${dir}/energy_now`)) ?? (await readValue(fs, `${dir}/charge_now`)));
    const full = Number((await readValue(fs, `${dir}/energy_full`)) ?? (await readValue(fs, `${dir}/charge_full`)));
    const power = Number((await readValue(fs, `${dir}/power_now`)) ?? (await readValue(fs, `${dir}/current_now`)));
    let minutesLeft: number | null = null;
    if (power > 0 && Number.isFinite(energy)) {
      if (status === 'Discharging') minutesLeft = Math.round((energy / power) * 60);
      else if (status === 'Charging' && Number.isFinite(full)) minutesLeft = Math.round(((full - energy) / power) * 60);
    }
    out.push({ name: e.name, percent: Number.isFinite(capacity) ? capacity : null, status, minutesLeft });
  }
  return out;
}

export interface DiskUsage {
  filesystem: string;
  mount: string;
  sizeBytes: number;
  usedBytes: number;
  availableBytes: number;
  usedPercent: number;
}

const PSEUDO_FS = /^(tmpfs|devtmpfs|udev|none|overlay|shm|squashfs|proc|sysfs|cgroup2?|efivarfs|portal|model_tools\w*)$/;
const PSEUDO_MOUNT = /^\/(proc|sys|dev|run|snap|boot\/efi|mnt\/sandboxing|System\/Volumes\/(?!Data$))/;

/** `df -kP` output (POSIX format, 1024-byte blocks) to the disks a person cares about. */
export function parseDf(stdout: string): DiskUsage[] {
  const out: DiskUsage[] = [];
  for (const line of stdout.split('\n').slice(1)) {
    const m = /^(.+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(\/.*)$/.exec(line.trim());
    if (!m) continue;
    const [, filesystem, size, used, avail, pct, mount] = m;
    if (Number(size) === 0) continue;
    if (mount !== '/' && (PSEUDO_FS.test(filesystem!) || PSEUDO_MOUNT.test(mount!))) continue;
    out.push({ filesystem: filesystem!, mount: mount!, sizeBytes: Number(size) * 1024, usedBytes: Number(used) * 1024, availableBytes: Number(avail) * 1024, usedPercent: Number(pct) });
  }
  return out.slice(0, 20);
}

export async function disks(exec: ExecCapability): Promise<DiskUsage[]> {
  const r = await exec.run('df', ['-kP'], { timeoutMs: 10_000 });
  if (!r.stdout.trim()) throw new Error(`df printed nothing${r.stderr ? `: ${r.stderr.trim().slice(0, 200)}` : ''}`);
  return parseDf(r.stdout);
}

export interface ProcessInfo {
  pid: number;
  cpuPercent: number;
  memPercent: number;
  rssBytes: number;
  command: string;
}

/** `ps -Ao pid,pcpu,pmem,rss,comm` (works on Linux and macOS) to rows. */
export function parsePs(stdout: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of stdout.split('\n').slice(1)) {
    const m = /^\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(.+)$/.exec(line);
    if (!m) continue;
    out.push({ pid: Number(m[1]), cpuPercent: Number(m[2]), memPercent: Number(m[3]), rssBytes: Number(m[4]) * 1024, command: m[5]!.trim().split('/').pop()! });
  }
  return out;
}

export async function processes(exec: ExecCapability, by: 'cpu' | 'memory', limit = 10): Promise<ProcessInfo[]> {
  const r = await exec.run('ps', ['-Ao', 'pid,pcpu,pmem,rss,comm'], { timeoutMs: 10_000 });
  const rows = parsePs(r.stdout).filter((p) => p.pid !== process.pid);
  rows.sort((a, b) => (by === 'cpu' ? b.cpuPercent - a.cpuPercent || b.rssBytes - a.rssBytes : b.rssBytes - a.rssBytes));
  return rows.slice(0, limit);
}

/** CPU busy share over a short sample, from the per-core times the OS keeps. */
export async function cpuBusy(sampleMs = 250): Promise<number> {
  const total = () => os.cpus().reduce((acc, c) => ({ idle: acc.idle + c.times.idle, all: acc.all + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle }), { idle: 0, all: 0 });
  const a = total();
  await new Promise((r) => setTimeout(r, sampleMs));
  const b = total();
  const all = b.all - a.all;
  return all > 0 ? Math.max(0, Math.min(100, (1 - (b.idle - a.idle) / all) * 100)) : 0;
}

export function networkInterfaces(): { name: string; address: string; family: string; mac: string }[] {
  const out: { name: string; address: string; family: string; mac: string }[] = [];
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.internal) out.push({ name, address: a.cidr ?? a.address, family: a.family, mac: a.mac });
  }
  return out;
}
