/**
 * The Platform's clock, as far as its answers tell it: every answer's `Date`
 * header (whole seconds) is noted with the local time it arrived, and "now on
 * the Platform" is the local clock moved by the difference. Times the Platform
 * writes (a Studio's `lastStarted`) are compared with this, never with the
 * local clock, so a machine whose clock is off (or an emulator with its own)
 * still shows the right lifespan left (#17.9). A difference below
 * `IGNORED_SKEW_MS` is within what the header can say (its resolution is one
 * second, plus the round trip) and is not applied. Pure: the local clock is
 * passed in, so tests use a manual one.
 */
export const IGNORED_SKEW_MS = 2_000;

export class PlatformClock {
  /** Platform time minus local time at the last answer; undefined before any answer. */
  private raw: number | undefined;

  /** An answer dated `dateMs` (its `Date` header) arrived at local time `localMs`. */
  observe(dateMs: number, localMs: number): void {
    // The header truncates to the second: the Platform's time was somewhere in [date, date + 1 s).
    this.raw = dateMs + 500 - localMs;
  }

  /** Forgets what the last endpoint said (another workspace or endpoint). */
  reset(): void {
    this.raw = undefined;
  }

  /** The local clock was replaced by one `ms` ahead of the old one (tests swap clocks). */
  shift(ms: number): void {
    if (this.raw !== undefined) this.raw -= ms;
  }

  /** How far the Platform's clock is ahead of the local one (ms; negative: behind), 0 when unknown or too small to tell. */
  get skewMs(): number {
    return this.raw === undefined || Math.abs(this.raw) < IGNORED_SKEW_MS ? 0 : this.raw;
  }

  /** The Platform's time when the local clock reads `localMs`. */
  now(localMs: number): number {
    return localMs + this.skewMs;
  }
}
