import type { TimerCallback, Timers } from '../schedule/timers';

interface ManualTimer {
  id: number;
  due: number;
  callback: TimerCallback;
}

/** Timers that only move when told to. Due timers fire in order of due time, then of creation. */
export class ManualTimers implements Timers {
  private time: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: TimerCallback, ms: number): unknown {
    const timer = { id: ++this.seq, due: this.time + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Milliseconds until the next timer is due, or undefined when none waits. */
  nextDueIn(): number | undefined {
    const next = this.peek();
    return next ? next.due - this.time : undefined;
  }

  /** Moves time forward by `ms`, firing (and awaiting) every timer that falls due, including ones they set. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (let next = this.peek(); next && next.due <= target; next = this.peek()) {
      this.timers = this.timers.filter((t) => t !== next);
      this.time = next.due;
      await next.callback();
    }
    this.time = target;
  }

  /** Jumps to the next timer and fires it. Returns false when no timer waits. */
  async runNext(): Promise<boolean> {
    const wait = this.nextDueIn();
    if (wait === undefined) return false;
    await this.advance(wait);
    return true;
  }

  private peek(): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of this.timers) if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  }
}
