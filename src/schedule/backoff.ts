/**
 * The one growing-delay schedule behind every wait-and-try-again of the
 * extension: HTTP retries (net/retry.ts, with full jitter), the fast polls of
 * a starting or stopping Studio (studios/pollScheduler.ts) and the status
 * polls of a Wave build (wave/watch.ts). Pure functions, so tests check the
 * numbers without time passing.
 */
export interface BackoffSchedule {
  /** The first delay. */
  initialMs: number;
  /** Each delay is the previous one times this, rounded to a millisecond. */
  factor: number;
  /** No delay grows past this. */
  maxMs: number;
}

/** The delay after `previousMs`, or the first delay when there was none. */
export function nextDelay(schedule: BackoffSchedule, previousMs?: number): number {
  if (previousMs === undefined) return schedule.initialMs;
  return Math.min(schedule.maxMs, Math.round(previousMs * schedule.factor));
}

/** The `n`-th delay of the schedule (1 is the first; below 1 counts as 1). */
export function nthDelay(schedule: BackoffSchedule, n: number): number {
  let delay = nextDelay(schedule);
  for (let i = 1; i < n; i++) delay = nextDelay(schedule, delay);
  return delay;
}

/** "Full jitter": a random whole delay in [0, windowMs), so clients that failed together do not retry together. */
export function fullJitter(windowMs: number, random: () => number): number {
  return Math.floor(random() * windowMs);
}
