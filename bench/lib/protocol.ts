/**
 * How the benchmark entry inside VS Code's extension host talks to the bench
 * runner, which owns the emulator in its own process (so the emulator's work and
 * memory stay out of the extension host being measured). JSON over loopback
 * HTTP, without the emulator's injected latency. Times are `Date.now()` of the
 * process that saw the event: both run on the same machine and clock.
 */
export const CONTROL_ENV = 'SEQERA_BENCH_CONTROL';
/** 'full' (every VS Code benchmark) or 'activation' (the extra VS Code starts that repeat the activation). */
export const MODE_ENV = 'SEQERA_BENCH_MODE';
/** The line the entry prints with its results; the runner picks it out of the harness output. */
export const BENCH_MARKER = '@@SEQERA-BENCH-RESULT';

export interface WorkspaceTarget {
  workspaceId: number;
  orgId: number;
  orgName: string;
  workspaceName: string;
}

export interface WorldInfo {
  platformUrl: string;
  waveUrl: string;
  token: string;
  rttMs: number;
  ws1k: WorkspaceTarget;
  ws5k: WorkspaceTarget;
  small: WorkspaceTarget;
  studios1k: number;
  studios5k: number;
  /** Organization workspaces of the main user (the personal one not counted). */
  orgWorkspaces: number;
  mainUserId: number;
}

export interface StudioChange {
  sessionId: string;
  status: string;
  /** When the server's state changed. */
  changedAt: number;
}

export interface RequestCount {
  count: number;
  byRoute: Record<string, number>;
}

export interface ControlApi {
  info(): Promise<WorldInfo>;
  /** Stops a running Studio of the workspace on the server side (as another user or the web UI would). */
  changeStudio(workspaceId: number): Promise<StudioChange>;
  /** The emulator clock now, to count requests that arrive from then on. */
  mark(): Promise<number>;
  /** Requests that reached either server since `mark` (by arrival) and have been answered. */
  requestsSince(mark: number): Promise<RequestCount>;
  setSpeed(speed: number): Promise<void>;
  /** Latency added to every emulator request from now on (0 = none). */
  setRtt(ms: number): Promise<void>;
  /** When the server began serving the build's log (waits for it). */
  buildLogAvailableAt(buildId: string): Promise<number>;
}

export function controlClient(baseUrl: string): ControlApi {
  const call = async <T>(op: string, body: unknown = {}): Promise<T> => {
    const res = await fetch(`${baseUrl}/${op}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const text = await res.text();
    if (!res.ok) throw new Error(`bench control ${op}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return {
    info: () => call<WorldInfo>('info'),
    changeStudio: (workspaceId) => call<StudioChange>('changeStudio', { workspaceId }),
    mark: async () => (await call<{ mark: number }>('mark')).mark,
    requestsSince: (mark) => call<RequestCount>('requestsSince', { mark }),
    setSpeed: async (speed) => void (await call<unknown>('setSpeed', { speed })),
    setRtt: async (ms) => void (await call<unknown>('setRtt', { ms })),
    buildLogAvailableAt: async (buildId) => (await call<{ at: number }>('buildLogAvailableAt', { buildId })).at,
  };
}
