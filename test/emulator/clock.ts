/**
 * The emulator's clock. Studio lifecycles, Wave builds, lifespans and rate
 * windows all run on it, so tests move time with `advance` instead of
 * sleeping. In manual mode time only moves on `advance`; with a speed > 0 it
 * also follows real time, multiplied by the speed.
 */
interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Fixed start for manual clocks so generated dates are the same on every run. */
export const MANUAL_EPOCH = Date.UTC(2025, 5, 2, 9, 0, 0);

export class EmulatorClock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;
  private speed = 0;
  private ticker: NodeJS.Timeout | undefined;
  private lastReal = 0;
  private readonly isoCache = new Map<number, string>();

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  iso(at: number = this.current): string {
    // Every Studio of every page is dated several times: the same instants over and over (#18 list loads).
    let text = this.isoCache.get(at);
    if (text === undefined) {
      if (this.isoCache.size >= 16_384) this.isoCache.clear();
      text = new Date(at).toISOString();
      this.isoCache.set(at, text);
    }
    return text;
  }

  /** Runs `fn` when emulated time reaches `at` (immediately on the next advance if already past). */
  at(at: number, fn: () => void): () => void {
    const timer: Timer = { at, seq: this.seq++, fn };
    // Keep `timers` sorted by (at, seq): binary search for the insertion point.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timers[mid].at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
    return () => {
      const i = this.timers.indexOf(timer);
      if (i >= 0) this.timers.splice(i, 1);
    };
  }

  after(ms: number, fn: () => void): () => void {
    return this.at(this.current + ms, fn);
  }

  /** Moves time forward, firing due timers in order (a timer may schedule more). */
  advance(ms: number): Promise<void> {
    this.advanceSync(ms);
    return new Promise((resolve) => setImmediate(resolve));
  }

  advanceSync(ms: number): void {
    if (!(ms >= 0)) throw new Error(`clock.advance needs a non-negative number of ms, got ${ms}`);
    const target = this.current + ms;
    while (this.timers.length > 0 && this.timers[0].at <= target) {
      const due = this.timers.shift()!;
      if (due.at > this.current) this.current = due.at;
      due.fn();
    }
    this.current = target;
  }

  /** How many timers are pending (for tests of the emulator itself). */
  pending(): number {
    return this.timers.length;
  }

  /** speed > 0: time follows real time × speed; 0: manual. */
  setSpeed(speed: number): void {
    if (!(speed >= 0)) throw new Error(`clock speed must be >= 0, got ${speed}`);
    this.speed = speed;
    if (speed > 0 && !this.ticker) {
      this.lastReal = Date.now();
      this.ticker = setInterval(() => this.tick(), 50);
      this.ticker.unref();
    } else if (speed === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }

  getSpeed(): number {
    return this.speed;
  }

  private tick(): void {
    const real = Date.now();
    const elapsed = real - this.lastReal;
    this.lastReal = real;
    if (elapsed > 0) this.advanceSync(elapsed * this.speed);
  }

  dispose(): void {
    this.setSpeed(0);
    this.timers = [];
  }
}
