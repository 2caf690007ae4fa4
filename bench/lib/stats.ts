/** Summaries of repeated measurements: median and p90 (nearest rank), min, max, every sample. */
export interface Summary {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
  samples: number[];
}

export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(mid)] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { n: sorted.length, median: round(median), p90: round(rank(0.9)), min: round(sorted[0] as number), max: round(sorted[sorted.length - 1] as number), samples: samples.map((x) => round(x)) };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** High-resolution milliseconds. */
export function nowMs(): number {
  return performance.now();
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = nowMs();
  const value = await fn();
  return { ms: nowMs() - t0, value };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs `once` for a warm-up (connections, JIT), then `repeats` times: the timings of the measured runs and
 * the last run's result (for its counts).
 */
export async function warmRepeats<R extends { ms: number }>(once: () => Promise<R>, repeats: number): Promise<{ samples: number[]; last: R }> {
  let last = await once();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    last = await once();
    samples.push(last.ms);
  }
  return { samples, last };
}
