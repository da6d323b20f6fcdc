/**
 * System status: battery, disks, memory, CPU load, uptime, network interfaces and the busiest
 * processes — the questions people ask about their own computer, answered from local facts.
 * Each answer's text is its headline in one sentence; its card carries the rest, never the same again.
 */
import os from 'node:os';
import { defineSkill, type ExecCapability, type FsCapability, type SkillContext, type SkillResult } from '../../kernel/contracts/index.js';
import { formatDateTime } from '../../kernel/sdk/index.js';
import { batteries, cpuBusy, disks, networkInterfaces, processes } from './probes.js';

export function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 || n >= 100 ? 0 : 1)} ${units[i]}`;
}

export function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return [d ? `${d} day${d === 1 ? '' : 's'}` : '', h ? `${h} h` : '', `${m} min`].filter(Boolean).join(' ');
}

const need = <T>(cap: T | undefined, what: string): T => {
  if (!cap) throw Object.assign(new Error(`The system skill needs the ${what} permission for this. Grant it with agentos grants or in the app.`), { name: 'CapabilityDenied' });
  return cap;
};
const fsOf = (ctx: SkillContext): FsCapability => need(ctx.fs, 'fs.read (/sys/class/power_supply)');
const execOf = (ctx: SkillContext): ExecCapability => need(ctx.exec, 'exec (df, ps)');

async function battery(ctx: SkillContext): Promise<SkillResult> {
  if (process.platform === 'darwin' && ctx.exec?.programs.includes('pmset')) {
    const r = await ctx.exec.run('pmset', ['-g', 'batt'], { timeoutMs: 5000 });
    const m = /(\d+)%;\s*([^;]+);\s*([^\n]*)/.exec(r.stdout);
    if (!m) return { text: 'This Mac reports no battery.', data: { batteries: [] } };
    return { text: `Battery at ${m[1]}%, ${m[2]!.trim()}${m[3]?.trim() ? ` (${m[3].trim()})` : ''}.`, data: { batteries: [{ percent: Number(m[1]), status: m[2]!.trim() }] } };
  }
  const list = await batteries(fsOf(ctx));
  if (list.length === 0) return { text: 'No battery found: this computer runs on mains power (a desktop, or a virtual machine).', data: { batteries: [] } };
  const line = (b: (typeof list)[number]) =>
    `${b.percent ?? '?'}%, ${b.status.toLowerCase()}${b.minutesLeft !== null ? ` — about ${duration(b.minutesLeft * 60)} ${b.status === 'Charging' ? 'to full' : 'left'}` : ''}`;
  if (list.length === 1) return { text: `Battery at ${line(list[0]!)}.`, data: { batteries: list } };
  const lowest = list.reduce((a, b) => ((b.percent ?? 101) < (a.percent ?? 101) ? b : a));
  return {
    text: `${list.length} batteries are fitted; the lowest is ${lowest.name} at ${lowest.percent ?? '?'}%.`,
    data: { batteries: list },
    card: { type: 'kv', title: 'Battery', entries: list.map((b) => ({ key: b.name, value: line(b) })) },
  };
}

async function disk(ctx: SkillContext): Promise<SkillResult> {
  const list = await disks(execOf(ctx));
  if (list.length === 0) return { text: 'The df command reported no disks.', data: { disks: [] } };
  const root = list.find((d) => d.mount === '/') ?? list[0]!;
  return {
    text: `${bytes(root.availableBytes)} free on ${root.mount} (${root.usedPercent}% used)${list.length > 1 ? `; ${list.length} disks in all` : ''}.`,
    data: { disks: list },
    card: { type: 'table', title: 'Disks', columns: ['Mounted on', 'Size', 'Used', 'Free', 'Use%'], rows: list.map((d) => [d.mount, bytes(d.sizeBytes), bytes(d.usedBytes), bytes(d.availableBytes), `${d.usedPercent}%`]) },
  };
}

function memory(): SkillResult {
  const total = os.totalmem();
  const free = os.freemem();
  const used = total - free;
  return {
    text: `Memory is ${Math.round((used / total) * 100)}% in use; ${bytes(free)} is available.`,
    data: { totalBytes: total, availableBytes: free, usedBytes: used },
    card: { type: 'kv', title: 'Memory', entries: [{ key: 'Total', value: bytes(total) }, { key: 'In use', value: bytes(used) }, { key: 'This process', value: bytes(process.memoryUsage().rss) }] },
  };
}

async function cpu(): Promise<SkillResult> {
  const cores = os.cpus();
  const [l1, l5, l15] = os.loadavg();
  const busy = await cpuBusy();
  const model = cores[0]?.model?.trim() ?? 'unknown CPU';
  const n = cores.length || 1;
  return {
    text: `The CPU is ${Math.round(busy)}% busy right now.`,
    data: { busyPercent: busy, load: [l1, l5, l15], cores: n, model },
    card: { type: 'kv', title: 'CPU', entries: [{ key: 'Load (1/5/15 min)', value: `${l1!.toFixed(2)} / ${l5!.toFixed(2)} / ${l15!.toFixed(2)}` }, { key: 'Cores', value: String(n) }, { key: 'Model', value: model }] },
  };
}

function uptime(ctx: SkillContext): SkillResult {
  const s = os.uptime();
  const boot = new Date(ctx.now.getTime() - s * 1000);
  return { text: `Up for ${duration(s)} (since ${formatDateTime(boot, { timeZone: ctx.timezone })}).`, data: { seconds: s, bootedAt: boot.toISOString() } };
}

function network(): SkillResult {
  const list = networkInterfaces();
  if (list.length === 0) return { text: 'No network interface is up (only loopback).', data: { interfaces: [] } };
  const v4 = list.filter((i) => i.family === 'IPv4');
  return {
    text: `${v4[0] ? `Your IP address is ${v4[0].address} (${v4[0].name})` : 'No interface has an IPv4 address'}; ${list.length} address${list.length === 1 ? '' : 'es'} on ${new Set(list.map((i) => i.name)).size} interface(s) in all.`,
    data: { interfaces: list },
    card: { type: 'table', title: 'Network interfaces', columns: ['Interface', 'Address', 'Family', 'MAC'], rows: list.map((i) => [i.name, i.address, i.family, i.mac]) },
  };
}

async function top(ctx: SkillContext): Promise<SkillResult> {
  const by = /\b(memory|ram|mem)\b/i.test(ctx.text) ? 'memory' : 'cpu';
  const list = await processes(execOf(ctx), by, 10);
  const first = list[0];
  return {
    text: first ? `The busiest process by ${by === 'cpu' ? 'CPU' : 'memory'} is ${first.command} (${by === 'cpu' ? `${first.cpuPercent}% CPU` : bytes(first.rssBytes)}).` : 'The ps command listed no processes.',
    data: { processes: list, by },
    card: { type: 'table', title: `Top processes by ${by === 'cpu' ? 'CPU' : 'memory'}`, columns: ['PID', 'Command', 'CPU %', 'Mem %', 'Memory'], rows: list.map((p) => [p.pid, p.command, p.cpuPercent, p.memPercent, bytes(p.rssBytes)]) },
  };
}

export default defineSkill({
  'system.battery': (_s, ctx) => battery(ctx),
  'system.disk': (_s, ctx) => disk(ctx),
  'system.memory': () => memory(),
  'system.cpu': () => cpu(),
  'system.uptime': (_s, ctx) => uptime(ctx),
  'system.network': () => network(),
  'system.processes': (_s, ctx) => top(ctx),
  'system.overview': async (_s, ctx) => {
    type Probe = [string, () => Promise<SkillResult> | SkillResult];
    const probes: Probe[] = [['CPU', cpu], ['Memory', memory]];
    if (ctx.exec) probes.push(['Disk', () => disk(ctx)]);
    if (ctx.fs) probes.push(['Battery', () => battery(ctx)]);
    probes.push(['Uptime', () => uptime(ctx)]);
    const settled = await Promise.allSettled(probes.map(async ([, probe]) => probe()));
    const ok = settled.flatMap((p, i) => (p.status === 'fulfilled' ? [{ key: probes[i]![0], result: p.value }] : []));
    // The text is the headline (how busy, how full); the card has one line per check.
    const busy = (ok.find((r) => r.key === 'CPU')?.result.data as { busyPercent?: number } | undefined)?.busyPercent;
    const mem = ok.find((r) => r.key === 'Memory')?.result.data as { usedBytes: number; totalBytes: number } | undefined;
    const headline = [busy !== undefined ? `the CPU is ${Math.round(busy)}% busy` : '', mem ? `memory is ${Math.round((mem.usedBytes / mem.totalBytes) * 100)}% in use` : ''].filter(Boolean).join(' and ');
    return {
      text: `${os.hostname()}: ${headline || `${ok.length} checks answered`}.`,
      data: Object.fromEntries(ok.map((r) => [r.key.toLowerCase(), r.result.data])),
      card: { type: 'kv', title: `${os.hostname()} — ${os.type()} ${os.release()}`, entries: ok.map((r) => ({ key: r.key, value: r.result.text.split('\n')[0]!.slice(0, 2000) })) },
    };
  },
});
