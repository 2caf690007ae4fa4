import { planCondaBuild } from '../../test/emulator/wave/buildlog';
import { parseCondaYaml as parseEnv } from '../../test/emulator/wave/conda';
import { STUDIO_TIMINGS } from '../../test/emulator/platform/lifecycle';
import { nextDelay, type BackoffSchedule } from '../../src/schedule/backoff';
import { DEFAULT_FAST_POLL } from '../../src/studios/pollScheduler';
import { DEFAULT_POLL } from '../../src/wave/watch';
import { summarise, type Summary } from '../lib/stats';

/**
 * Polling cadences side by side, as pure schedule simulations on a manual
 * clock (no time passes, no server): the extension's schedules (the ones its
 * code exports) against wave-cli's fixed 10 s, nf-core's fixed 5 s and
 * `tw studios start --wait` (2 s, then 1 s longer each time, up to 120 s),
 * against the same emulator builds and Studio starts: their durations are the
 * emulator's own (`planCondaBuild` for the bench's conda builds of 1…N
 * packages, `STUDIO_TIMINGS` for a start with and without data links).
 *
 * Model: a poll is sent at s, the server sees the state at s, the answer
 * arrives at s + RTT and the next poll leaves `delay` after that answer (the
 * extension's Wave watcher: `delay` after the previous poll was sent). A
 * Wave log needs one more request after the status that says "done" (so it is
 * shown at s + 2·RTT); a Studio is shown running on the status answer (s + RTT).
 */
export interface CadenceRow {
  /** Who polls: 'seqera-vscode', 'wave-cli', 'nf-core', 'tw'. */
  client: string;
  /** The schedule, in words. */
  schedule: string;
  /** Time from the server having it to the user seeing it, over the cases. */
  latencyMs: Summary;
  /** Status requests per case until it was seen, summed over the cases. */
  requests: number;
  /** The most status requests any one case made within one second. */
  maxPerSecond: number;
}

export interface CadenceResult {
  rttMs: number;
  wave: { builds: number; readyAtS: number[]; rows: CadenceRow[] };
  studios: { starts: number; readyAtS: number[]; rows: CadenceRow[] };
}

type Delays = (previousMs: number | undefined) => number;

function backoff(s: BackoffSchedule): Delays {
  return (prev) => nextDelay(s, prev);
}

function fixed(ms: number): Delays {
  return () => ms;
}

/** The Studio follow's schedule (src/studios/pollScheduler.ts): `initialDelayMs` for `holdMs` from the start, then the backoff. */
function studioFollow(f: typeof DEFAULT_FAST_POLL): Delays {
  let elapsed = 0;
  return (prev) => {
    if (prev === undefined) elapsed = 0; // a new case
    const d = elapsed < (f.holdMs ?? 0) || prev === undefined ? f.initialDelayMs : nextDelay({ initialMs: f.initialDelayMs, factor: f.factor, maxMs: f.maxDelayMs }, prev);
    elapsed += d;
    return d;
  };
}

/** `tw studios start --wait`: 2 s, then 1 s longer each time, at most 120 s. */
const twWait: Delays = (prev) => (prev === undefined ? 2_000 : Math.min(120_000, prev + 1_000));

/** The poll send times until one sees `readyMs`; the first poll goes out at 0 (right after the submit/start). */
function simulate(readyMs: number, delays: Delays, rttMs: number, fromSend: boolean): { seenPollAt: number; sends: number[] } {
  const sends: number[] = [];
  let at = 0;
  let delay: number | undefined;
  for (;;) {
    sends.push(at);
    if (at >= readyMs) return { seenPollAt: at, sends };
    delay = delays(delay);
    at = fromSend ? at + Math.max(rttMs, delay) : at + rttMs + delay;
  }
}

function maxPerSecond(sends: number[]): number {
  let best = 0;
  for (let i = 0; i < sends.length; i++) {
    let n = 0;
    for (let j = i; j < sends.length && (sends[j] as number) < (sends[i] as number) + 1_000; j++) n++;
    best = Math.max(best, n);
  }
  return best;
}

function row(client: string, schedule: string, readies: number[], delays: Delays, rttMs: number, extraRoundTrips: number, fromSend = false): CadenceRow {
  const latencies: number[] = [];
  let requests = 0;
  let perSecond = 0;
  for (const ready of readies) {
    const r = simulate(ready, delays, rttMs, fromSend);
    latencies.push(r.seenPollAt + (1 + extraRoundTrips) * rttMs - ready);
    requests += r.sends.length;
    perSecond = Math.max(perSecond, maxPerSecond(r.sends));
  }
  return { client, schedule, latencyMs: summarise(latencies), requests, maxPerSecond: perSecond };
}

/** The emulator's duration of the bench's conda build of k packages (bench/vscode: benchpkg{k}x{j}). */
export function condaBuildMs(k: number): number {
  const deps = Array.from({ length: k }, (_, j) => `  - conda-forge::benchpkg${k}x${j}=1.0`).join('\n');
  const plan = planCondaBuild(parseEnv(`channels:\n  - conda-forge\ndependencies:\n${deps}\n`), 'FROM mambaorg/micromamba\n', 'wave.example/x:1', 'linux/amd64');
  return plan.durationMs;
}

export function benchCadences(rttMs: number, waveBuilds = 20): CadenceResult {
  // Builds end at different phases of any schedule: the k-package builds, each also submitted 0…0.95 s into a second.
  const waveReady: number[] = [];
  for (let k = 1; k <= waveBuilds; k++) waveReady.push(condaBuildMs(k) + ((k * 370) % 1_000));
  const t = STUDIO_TIMINGS;
  const startReady: number[] = [];
  for (let i = 0; i < 20; i++) {
    const base = t.provisioning + t.mountingCheckpoints + (i % 2 === 1 ? t.mountingData : 0) + t.startingTool;
    startReady.push(base + ((i * 530) % 1_000));
  }
  const ours = DEFAULT_POLL;
  const fast = DEFAULT_FAST_POLL;
  return {
    rttMs,
    wave: {
      builds: waveReady.length,
      readyAtS: waveReady.map((x) => x / 1000),
      rows: [
        row('seqera-vscode', `${ours.initialMs} ms ×${ours.factor} up to ${ours.maxMs} ms from each send`, waveReady, backoff(ours), rttMs, 1, true),
        row('wave-cli', 'fixed 10 s', waveReady, fixed(10_000), rttMs, 1),
        row('nf-core', 'fixed 5 s', waveReady, fixed(5_000), rttMs, 1),
      ],
    },
    studios: {
      starts: startReady.length,
      readyAtS: startReady.map((x) => x / 1000),
      rows: [
        row('seqera-vscode', `${fast.initialDelayMs} ms from each send for ${(fast.holdMs ?? 0) / 1000} s, then ×${fast.factor} up to ${fast.maxDelayMs} ms`, startReady, studioFollow(fast), rttMs, 0, true),
        row('tw', 'studios start --wait: 2 s, +1 s each, ≤ 120 s', startReady, twWait, rttMs, 0),
      ],
    },
  };
}
