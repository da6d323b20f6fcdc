import { describe, expect, it } from 'vitest';
import type { FsCapability } from '../../kernel/contracts/index.js';
import { batteries, parseDf, parsePs } from './probes.js';
import { bytes, duration } from './index.js';

describe('parsers', () => {
  it('keeps real disks from df and drops pseudo file systems', () => {
    const df = [
      'Filesystem     1024-blocks      Used Available Capacity Mounted on',
      'udev              8000000         0   8000000       0% /dev',
      'tmpfs             1600000      2000   1598000       1% /run',
      '/dev/nvme0n1p2  490000000 245000000 220000000      53% /',
      '/dev/nvme0n1p1     523248      6220    517028       2% /boot/efi',
      '/dev/sdb1      1000000000 100000000 900000000      10% /media/backup disk',
    ].join('\n');
    expect(parseDf(df).map((d) => [d.mount, d.usedPercent])).toEqual([
      ['/', 53],
      ['/media/backup disk', 10],
    ]);
  });

  it('reads ps rows', () => {
    const rows = parsePs('  PID %CPU %MEM   RSS COMMAND\n    1  0.4  0.1 19780 /sbin/init\n  812 55.2  3.4 901232 firefox\n');
    expect(rows).toEqual([
      { pid: 1, cpuPercent: 0.4, memPercent: 0.1, rssBytes: 19780 * 1024, command: 'init' },
      { pid: 812, cpuPercent: 55.2, memPercent: 3.4, rssBytes: 901232 * 1024, command: 'firefox' },
    ]);
  });

  it('formats sizes and durations', () => {
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(252 * 1024 ** 3)).toBe('252 GB');
    expect(duration(90061)).toBe('1 day 1 h 1 min');
  });
});

describe('battery', () => {
  // A sysfs-like tree served through the capability interface, values padded with NULs as sysfs reads are.
  const tree: Record<string, string> = {
    '/sys/class/power_supply/BAT0/type': 'Battery\n\0\0',
    '/sys/class/power_supply/BAT0/capacity': '76\n\0',
    '/sys/class/power_supply/BAT0/status': 'Discharging\n',
    '/sys/class/power_supply/BAT0/energy_now': '38000000',
    '/sys/class/power_supply/BAT0/power_now': '9500000',
    '/sys/class/power_supply/AC/type': 'Mains',
    '/sys/class/power_supply/hidpp_battery_0/type': 'Battery',
    '/sys/class/power_supply/hidpp_battery_0/scope': 'Device',
  };
  const fake = (files: Record<string, string>): FsCapability => ({
    roots: ['/sys/class/power_supply'],
    exists: async (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    readDir: async (dir) => {
      const names = [...new Set(Object.keys(files).filter((f) => f.startsWith(dir + '/')).map((f) => f.slice(dir.length + 1).split('/')[0]!))];
      if (names.length === 0) throw new Error('ENOENT');
      return names.map((name) => ({ name, path: `${dir}/${name}`, isDirectory: false, size: 0, modified: '' }));
    },
    readFile: async (p) => {
      if (!(p in files)) throw new Error('ENOENT');
      return files[p]!;
    },
    stat: async () => {
      throw new Error('unused');
    },
  });

  it('reads the laptop battery, not mains or a mouse, with the time left', async () => {
    expect(await batteries(fake(tree))).toEqual([{ name: 'BAT0', percent: 76, status: 'Discharging', minutesLeft: 240 }]);
  });

  it('finds none on a desktop', async () => {
    expect(await batteries(fake({}))).toEqual([]);
  });
});
