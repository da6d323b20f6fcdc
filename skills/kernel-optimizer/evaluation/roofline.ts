/**
 * The machine's measured limits for % of roofline: memory bandwidth and peak fp32 FLOP/s, measured
 * by roofline_probe.c (beside this module), compiled in a temporary folder under the data folder.
 * Measured once per machine (re-measured at most hourly, keeping the best) and kept in the
 * skill's data folder.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathForPrograms } from '../../../kernel/sdk/index.js';
import { withTempDir, type Caps } from '../caps.js';
import type { CompilerInfo, Toolchains } from '../toolchains/toolchains.js';

export interface Peaks { bandwidthGBs: number; gflops: number; measuredAt: string; device: string; method: string; copyGBs?: number; readGBs?: number }

const PROBE = pathForPrograms(fileURLToPath(new URL('./roofline_probe.c', import.meta.url)));

/** Saved peaks measured another way (an older probe) are measured again rather than kept. */
const METHOD = 'max(copy 128 MiB (read+write bytes), read-only 128 MiB stream), buffers on 2 MiB huge pages (madvise) as in the harness; 16 independent 16-wide fp32 FMA chains per thread';

/** The saved peaks when measured within the hour, else a new measurement (force: always), keeping the best seen. */
export async function measurePeaks(caps: Caps, cacheDir: string, tools: Toolchains, cc: CompilerInfo, force = false): Promise<Peaks> {
  const device = `${tools.cpu.model} x${tools.cpu.cores}`;
  const file = path.join(cacheDir, 'peaks.json');
  let previous: Peaks | undefined;
  try {
    const saved = JSON.parse(await caps.fs.readFile(file)) as Peaks;
    if (saved.device === device && saved.method === METHOD && saved.bandwidthGBs > 0) {
      previous = saved;
      // a peak is a maximum: re-measure at most hourly (a busy machine under-reports) and keep the best
      if (!force && Date.now() - Date.parse(saved.measuredAt) < 3600_000) return saved;
    }
  } catch {
    /* not measured yet */
  }
  const j = await withTempDir(caps, 'ko-peak-', async (dir) => {
    const c = await caps.exec.run(cc.path, ['-O3', '-march=native', '-mprefer-vector-width=512', '-fopenmp', PROBE, '-o', 'probe'], { cwd: dir, timeoutMs: 60_000 });
    if (c.code !== 0) throw new Error(`the roofline probe does not compile: ${c.stderr.slice(0, 500)}`);
    const r = await caps.exec.run(path.join(dir, 'probe'), [], { cwd: dir, timeoutMs: 120_000, env: { OMP_NUM_THREADS: String(tools.cpu.cores), OMP_PROC_BIND: 'close', OMP_PLACES: 'cores' } });
    if (r.code !== 0) throw new Error(`the roofline probe failed: ${(r.stderr || r.stdout).slice(0, 500)}`);
    return JSON.parse(r.stdout.trim()) as { bandwidthGBs: number; copyGBs: number; readGBs: number; gflops: number };
  });
  const better = !previous || j.bandwidthGBs > previous.bandwidthGBs;
  const peaks: Peaks = {
    bandwidthGBs: better ? j.bandwidthGBs : previous!.bandwidthGBs,
    copyGBs: better ? j.copyGBs : previous!.copyGBs,
    readGBs: better ? j.readGBs : previous!.readGBs,
    gflops: Math.max(j.gflops, previous?.gflops ?? 0),
    measuredAt: new Date().toISOString(),
    device,
    method: METHOD,
  };
  await caps.fs.writeFile(file, JSON.stringify(peaks, null, 2));
  return peaks;
}

/** % of the roofline bound: the time the limits allow divided by the time measured (a peak of 0 is unknown and ignored). */
export function rooflinePercent(peaks: Peaks, flops: number, bytes: number, seconds: number): number {
  const bound = Math.max(peaks.gflops > 0 ? flops / (peaks.gflops * 1e9) : 0, peaks.bandwidthGBs > 0 ? bytes / (peaks.bandwidthGBs * 1e9) : 0);
  return (bound / seconds) * 100;
}
