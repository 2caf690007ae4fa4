import type { Studio } from '../platform/studioTypes';
import type { Timers } from '../schedule/timers';
import type { StudioStore } from './studioStore';

/**
 * Warns some minutes before a running Studio of the signed-in user reaches its
 * lifespan. One timer, set to the earliest warning time among the Studios the
 * store knows; it is re-armed whenever the store's data changes, and it fires
 * whether the view is visible or not (no polling: when it fires, the Studio is
 * fetched once to read the lifespan as it is now, e.g. extended in the web app).
 * Each Studio is warned once per run (a run is identified by its `lastStarted`).
 * Lifespans end on the Platform's clock (`store.platformNow()`, from its `Date`
 * header), so the warning comes on time even when the local clock is off; the
 * timer waits the difference on the local one.
 *
 * No vscode runtime import: the prompt is injected, so this is unit-testable.
 */
export interface LifespanWarnerOptions {
  store: StudioStore;
  timers: Timers;
  /** Lead time in minutes; 0 turns the warning off. */
  leadMinutes: () => number;
  /** Shows the warning for a Studio with `msLeft` of lifespan. */
  warn: (studio: Studio, msLeft: number) => void;
}

export function lifespanEndsAt(studio: Studio): number | undefined {
  const hours = studio.effectiveLifespanHours ?? studio.configuration?.lifespanHours;
  if (studio.statusInfo.status !== 'running' || !hours || !studio.lastStarted) return undefined;
  const started = Date.parse(studio.lastStarted);
  return Number.isNaN(started) ? undefined : started + hours * 3_600_000;
}

export class LifespanWarner {
  private timers: Timers;
  private handle: unknown;
  private dueAt: number | undefined;
  /** sessionId → lastStarted of the run already warned about. */
  private readonly warned = new Map<string, string>();
  private readonly subscription: { dispose(): void };
  private firing = false;

  constructor(private readonly options: LifespanWarnerOptions) {
    this.timers = options.timers;
    this.subscription = options.store.onDidChange(() => this.rearm());
  }

  /** Swaps the clock (tests install manual timers) and re-arms. */
  setTimers(timers: Timers): void {
    this.clear();
    this.timers = timers;
    this.rearm();
  }

  /** When the one timer is due, on the Platform's clock, or undefined when none is armed. */
  get nextWarningAt(): number | undefined {
    return this.dueAt;
  }

  /** Re-reads the store and sets the one timer to the earliest warning still to give. */
  rearm(): void {
    this.clear();
    const next = this.candidates()
      .map((c) => c.warnAt)
      .sort((a, b) => a - b)[0];
    if (next === undefined) return;
    this.dueAt = next;
    this.handle = this.timers.setTimeout(() => this.fire(), Math.max(0, next - this.platformNow()));
  }

  dispose(): void {
    this.clear();
    this.subscription.dispose();
  }

  /** The Platform's time now (the store's clock of it); the timer's delay is a duration, valid on any clock. */
  private platformNow(): number {
    return this.options.store.platformNow();
  }

  private clear(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.dueAt = undefined;
  }

  private candidates(): { studio: Studio; warnAt: number }[] {
    const lead = this.options.leadMinutes();
    const ctx = this.options.store.context;
    if (!(lead > 0) || !ctx) return [];
    const now = this.platformNow();
    const out: { studio: Studio; warnAt: number }[] = [];
    for (const studio of this.options.store.studios) {
      if (ctx.userId === undefined || studio.user?.id !== ctx.userId) continue;
      const ends = lifespanEndsAt(studio);
      // Past its lifespan: the Platform is stopping it; there is nothing left to warn about.
      if (ends === undefined || ends <= now || this.warned.get(studio.sessionId) === studio.lastStarted) continue;
      out.push({ studio, warnAt: ends - lead * 60_000 });
    }
    return out;
  }

  private async fire(): Promise<void> {
    this.handle = undefined;
    this.dueAt = undefined;
    if (this.firing) return;
    this.firing = true;
    try {
      const now = this.platformNow();
      for (const { studio } of this.candidates().filter((c) => c.warnAt <= now)) {
        // One fetch at the warning time: the lifespan may have been extended (or the Studio stopped) elsewhere.
        await this.options.store.refresh({ studio: studio.sessionId }, 'interval');
        const fresh = this.options.store.get(studio.sessionId);
        if (!fresh || fresh.lastStarted !== studio.lastStarted) continue;
        const ends = lifespanEndsAt(fresh);
        const at = this.platformNow();
        if (ends === undefined || ends <= at || ends - this.options.leadMinutes() * 60_000 > at) continue;
        this.warned.set(fresh.sessionId, fresh.lastStarted ?? '');
        this.options.warn(fresh, Math.max(0, ends - at));
      }
    } finally {
      this.firing = false;
      this.rearm();
    }
  }
}
