import { HttpClient } from '../../src/net/http';
import { undiciTransport } from '../../src/net/undiciTransport';
import { WaveClient } from '../../src/wave/client';
import { condaPackagesFromEntries } from '../../src/wave/condaPackages';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS } from '../../src/wave/request';
import { watchBuild } from '../../src/wave/watch';
import { exposeGc, memorySample } from '../lib/gc';
import { nowMs, round, summarise, type Summary } from '../lib/stats';
import type { ControlApi, WorldInfo } from '../lib/protocol';
import { planCondaBuild } from '../../test/emulator/wave/buildlog';
import { parseCondaYaml as parseEnv } from '../../test/emulator/wave/conda';

/**
 * Scale curve of concurrent Wave builds (issue #18): N conda builds of the same
 * size submitted at once through the extension's own path (buildSubmitRequest →
 * WaveClient.submit → watchBuild with its default once-a-second schedule, over
 * the shared HttpClient), against the emulator with its clock ×10, for N = 1, 5,
 * 20. Each build of 3 packages takes the same time on the emulator (its own
 * planCondaBuild at ×10), so the ideal wall time is that for every N; requests grow with N (one
 * status check a second per build) and so does the heap (each watch's state).
 */
export const WAVE_SCALE_NS = [1, 5, 20] as const;
const SPEED = 10;
const PACKAGES = 3;
/** The emulator's own build time for one such build (planCondaBuild), at SPEED. */
function buildMs(): number {
  const deps = Array.from({ length: PACKAGES }, (_, j) => `  - conda-forge::scalepkg0x${j}=1.0`).join('\n');
  const plan = planCondaBuild(parseEnv(`channels:\n  - conda-forge\ndependencies:\n${deps}\n`), 'FROM mambaorg/micromamba\n', 'wave.example/x:1', 'linux/amd64');
  return plan.durationMs / SPEED;
}

export interface WaveScalePoint {
  builds: number;
  /** From the first submit until every watch returned with the log. */
  wallMs: number;
  /** Each build's submit → its watch returned. */
  perBuildMs: Summary;
  /** wallMs / the emulator's build time: 1.0 would be no overhead at all. */
  wallOverBuild: number;
  /** Requests both servers answered for the N builds (submits, status checks, logs, records). */
  requests: number;
  requestsPerBuild: number;
  /** Heap of this Node with the N watches running, minus before (after a forced GC each), MiB. */
  heapDeltaMiB: number;
}

export interface WaveScaleResult {
  speed: number;
  packagesPerBuild: number;
  buildMs: number;
  points: WaveScalePoint[];
}

export async function benchWaveScale(control: ControlApi, info: WorldInfo): Promise<WaveScaleResult> {
  const gc = exposeGc();
  const http = new HttpClient({ transport: undiciTransport() });
  const client = new WaveClient(info.waveUrl, http);
  const credentials = { towerAccessToken: info.token, towerEndpoint: info.platformUrl };
  const points: WaveScalePoint[] = [];
  const build = buildMs();
  await control.setSpeed(SPEED);
  try {
    for (const n of WAVE_SCALE_NS) {
      const stamp = `${Date.now().toString(36)}n${n}`;
      const before = memorySample(gc);
      let peakHeapMiB = before.heapUsedMiB;
      const mark = await control.mark();
      const t0 = nowMs();
      const runs = Array.from({ length: n }, async (_, i) => {
        const entries = Array.from({ length: PACKAGES }, (_, j) => `conda-forge::scalepkg${i}x${j}${stamp}=1.0`);
        const request = buildSubmitRequest({ kind: 'conda', packages: condaPackagesFromEntries(entries, ['conda-forge']) }, DEFAULT_BUILD_OPTIONS, credentials);
        const s0 = nowMs();
        const submitted = await client.submit(request);
        const result = await watchBuild(client, submitted, {
          onEvent: (e) => {
            if (e.type === 'waiting' && i === 0) peakHeapMiB = Math.max(peakHeapMiB, memorySample(gc).heapUsedMiB);
          },
        });
        if (result.status.succeeded === false || result.log === undefined) throw new Error(`scale build ${i + 1} of ${n} ended without success or log`);
        return nowMs() - s0;
      });
      const perBuild = await Promise.all(runs);
      const wallMs = nowMs() - t0;
      const requests = (await control.requestsSince(mark)).count;
      points.push({
        builds: n,
        wallMs: round(wallMs, 0),
        perBuildMs: summarise(perBuild),
        wallOverBuild: round(wallMs / build, 2),
        requests,
        requestsPerBuild: round(requests / n, 1),
        heapDeltaMiB: round(peakHeapMiB - before.heapUsedMiB, 1),
      });
    }
  } finally {
    await control.setSpeed(1);
    await http.close();
  }
  return { speed: SPEED, packagesPerBuild: PACKAGES, buildMs: round(build, 0), points };
}
