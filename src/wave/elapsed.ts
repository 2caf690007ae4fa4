/**
 * How long a build has been running, for the progress notification and the
 * build channel: "8 s", "42 s", "1 min 05 s", "12 min 00 s".
 */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The channel says "still building" once per this much time, so a long build is not silent and a short one not noisy. */
export const STILL_BUILDING_EVERY_MS = 30_000;

/** Whether a "still building" line is due: each multiple of the period, once. */
export function stillBuildingDue(lastReportedMs: number, elapsedMs: number, everyMs = STILL_BUILDING_EVERY_MS): boolean {
  return Math.floor(elapsedMs / everyMs) > Math.floor(lastReportedMs / everyMs);
}
