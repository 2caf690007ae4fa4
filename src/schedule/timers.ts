/**
 * The clock and timers the polling code uses, injectable so tests drive time
 * by hand instead of sleeping. A callback may return a promise: the manual
 * timers of the test rig (src/testing/manualTimers.ts) await it, so
 * `await timers.advance(ms)` returns only after the polls that fell due have
 * finished.
 */
export type TimerCallback = () => unknown;

export interface Timers {
  now(): number;
  setTimeout(callback: TimerCallback, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(() => void callback(), ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
