import type * as http from 'node:http';
import { EmulatorClock, MANUAL_EPOCH } from './clock';
import { Faults } from './faults';
import { platformServer } from './platform/server';
import { Rng } from './rng';
import { seed } from './seed';
import { closeServer, listen, portOf } from './server';
import { EmulatorState } from './state';
import type { EmulatorOptions, FaultRule, RequestLogEntry } from './types';
import { waveServer } from './wave/server';

export type { EmulatorOptions, FaultKind, FaultRule, RequestLogEntry, ServerName, WaveLimits } from './types';
export { EmulatorState } from './state';
export { STUDIO_TIMINGS } from './platform/lifecycle';
export { SCAN_DURATION_MS } from './wave/store';
export { primeRecordedBuild, type RecordedBuild } from './wave/community';
export { CONDA_LOCK_DELAY_MS } from './wave/condaLock';

export interface Emulator {
  /** e.g. http://127.0.0.1:PORT/api (base path /api like Enterprise); https:// with `tls`. */
  platformUrl: string;
  /** e.g. http://127.0.0.1:PORT2 (its own port). */
  waveUrl: string;
  /** A valid personal access token of the seeded main user. */
  token: string;
  clock: { now(): number; advance(ms: number): Promise<void>; setSpeed(x: number): void };
  state: EmulatorState;
  faults: {
    add(rule: FaultRule): void;
    clear(): void;
    /** Resolves once `count` requests are parked by `hold` rules. */
    whenHeld(count: number): Promise<void>;
    /** Answers every parked request; returns how many there were. */
    release(): number;
  };
  /** Every request both servers answered, oldest first. */
  requests: RequestLogEntry[];
  clearRequests(): void;
  stop(): Promise<void>;
}

/** Starts both servers with seeded data. See test/emulator/README.md. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seedValue = options.seed ?? 1;
  const realClock = options.clock === 'real';
  const clock = new EmulatorClock(realClock ? Date.now() : MANUAL_EPOCH);
  const state = new EmulatorState(clock, new Rng(seedValue), options.waveLimits);
  const faults = new Faults(new Rng(seedValue * 7919 + 17));
  for (const rule of options.faults ?? []) faults.add(rule);
  const requests: RequestLogEntry[] = [];
  const deps = { faults, clock, log: requests };
  const host = options.host ?? '127.0.0.1';
  const servers: http.Server[] = [];
  try {
    servers.push(await listen(platformServer(state), deps, host, options.platformPort ?? 0, options.tls));
    servers.push(await listen(waveServer(state), deps, host, options.wavePort ?? 0, options.tls));
  } catch (e) {
    await Promise.all(servers.map(closeServer));
    throw e;
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const scheme = options.tls ? 'https' : 'http';
  state.platformUrl = `${scheme}://${urlHost}:${portOf(servers[0])}/api`;
  state.waveUrl = `${scheme}://${urlHost}:${portOf(servers[1])}`;
  seed(state, options.scale);
  if (realClock) clock.setSpeed(options.speed ?? 1);
  else if (options.speed) clock.setSpeed(options.speed);

  let stopped = false;
  return {
    platformUrl: state.platformUrl,
    waveUrl: state.waveUrl,
    token: state.mainToken,
    clock: {
      now: () => clock.now(),
      advance: (ms: number) => clock.advance(ms),
      setSpeed: (x: number) => clock.setSpeed(x),
    },
    state,
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      whenHeld: (count) => faults.whenHeld(count),
      release: () => faults.release(),
    },
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      faults.release();
      clock.dispose();
      await Promise.all(servers.map(closeServer));
    },
  };
}
