import type { StudioStatus } from '../platform/studioTypes';
import type * as vscode from 'vscode';
import { CancelledError } from '../net/errors';
import { Emitter } from '../ui/emitter';
import { isSettled } from './studioStatus';
import { nextDelay } from '../schedule/backoff';
import type { Timers } from '../schedule/timers';
import { PlatformClock } from '../schedule/platformClock';

/**
 * When the Studios are polled, and nothing else (the store does the fetching).
 *
 * - Interval polling of the whole list, only while the view is visible and the
 *   interval is above 0. Chained timeouts, never overlapping polls.
 * - Sooner, but bounded, while the view is visible (#17.9): when it has just
 *   become visible or the window regains focus, the list is refreshed at once
 *   if it is older than `STALE_AFTER_MS` (so at most one such refresh per
 *   5 s); while a listed Studio nobody follows is in transition (starting,
 *   stopping, building: started elsewhere), it is checked every
 *   `TRANSITION_POLL_MS`, one request per such Studio, or one list refresh
 *   when that costs fewer requests, and never more than one request a second
 *   on average. Hidden, none of this runs.
 * - Fast polling of single Studios after a start or stop ("watches"), at a
 *   fixed delay counted from each poll's sending for `holdMs`, then with a
 *   growing delay, until the Studio reaches a status where the caller's verb
 *   ends (`settles`; by default any settled, known status), the timeout
 *   passes, or too many polls in a row fail. Several callers of one Studio
 *   share its polls, each with its own end and timeout. Watches run whether
 *   or not the view is visible (the user is waiting on a notification), and
 *   a Studio nobody waits for is never polled fast.
 *
 * Every timer goes through the injected `Timers`, so tests move time by hand.
 */
export interface FastPollOptions {
  /** The delay between two polls, counted from the previous poll's sending (not its answer). */
  initialDelayMs: number;
  /** How long from the watch's start the delay stays `initialDelayMs` before it grows (0: grows at once). */
  holdMs?: number;
  maxDelayMs: number;
  factor: number;
  timeoutMs: number;
  /** Consecutive failed polls after which the watch gives up. */
  maxFailures: number;
}

/**
 * Once a second, counted from each send, for the first 3 minutes (a start the Platform reports running is
 * seen ≤ 1 s + one round trip later, #18: about 40 requests for a 40 s start), then ×1.5 up to 10 s for a
 * start that takes longer (a slow provisioning costs ≤ 6 requests a minute after that).
 */
export const DEFAULT_FAST_POLL: FastPollOptions = {
  initialDelayMs: 1_000,
  holdMs: 180_000,
  maxDelayMs: 10_000,
  factor: 1.5,
  timeoutMs: 15 * 60_000,
  maxFailures: 4,
};

/** Shown again (view visible, window focused) with data older than this: refresh at once. */
export const STALE_AFTER_MS = 5_000;
/** While a listed Studio nobody follows is in transition and the view is visible: how often it is checked. */
export const TRANSITION_POLL_MS = 5_000;
/** ... and at least this long per request the check sends (many Studios in transition: one request a second at most). */
export const TRANSITION_MS_PER_REQUEST = 1_000;

export type WatchOutcome =
  | { kind: 'settled'; status: StudioStatus }
  | { kind: 'timedOut'; status: StudioStatus | undefined; waitedMs: number }
  /** The Studio no longer exists (the poll found nothing, or it was deleted). */
  | { kind: 'gone' }
  /** The store moved to another workspace or endpoint (or was disposed): nobody follows this Studio any more. */
  | { kind: 'abandoned' };

export interface WatchOptions extends FastPollOptions {
  /** Whether the follow ends at this status (default: any settled, known status). */
  settles: (status: StudioStatus) => boolean;
}

export interface PollEvent {
  kind: 'interval' | 'fast' | 'transition';
  sessionId?: string;
  error?: unknown;
}

export interface PollTargets {
  /** Refreshes the whole list; `signal` aborts when the view is hidden meanwhile, so no page is asked after that. */
  pollAll(signal: AbortSignal): Promise<void>;
  /** Refreshes one Studio and returns its status, or undefined when it no longer exists. */
  pollOne(sessionId: string): Promise<StudioStatus | undefined>;
  /**
   * The listed Studios in transition (starting, stopping, building, or a status this version does not know)
   * and how many requests one list refresh costs. Omitted: nothing is checked for transitions.
   */
  inTransition?(): { sessionIds: string[]; listRequests: number };
}

/** One caller waiting on a watch. */
interface Waiter {
  started: number;
  timeoutMs: number;
  settles: (status: StudioStatus) => boolean;
  resolve(outcome: WatchOutcome): void;
  reject(e: unknown): void;
}

interface Watch {
  sessionId: string;
  /** When the first caller started it (timers' clock): the delay holds for `holdMs` from here. */
  since: number;
  /** When the poll in flight (or the last one) was sent. */
  sentAt: number;
  delay: number;
  failures: number;
  lastStatus: StudioStatus | undefined;
  timer: unknown;
  /** Poll timing, from the first caller. */
  options: FastPollOptions;
  waiters: Waiter[];
}

export class PollScheduler {
  private visible = false;
  private intervalMs = 0;
  private intervalTimer: unknown;
  private lastFullPoll: number | undefined;
  private fullPollRunning = false;
  /** The interval poll in flight: hiding the view aborts it, so a hidden view sends nothing more. */
  private intervalPoll: AbortController | undefined;
  private readonly watches = new Map<string, Watch>();
  private focused = true;
  private readonly platform = new PlatformClock();
  private transitionTimer: unknown;
  private transitionRunning = false;
  private readonly polled = new Emitter<PollEvent>();
  private disposed = false;

  /** Fires after every poll the scheduler ran (interval or fast), failed or not. */
  readonly onDidPoll: vscode.Event<PollEvent> = this.polled.event;
  private readonly watched = new Emitter<string>();
  /** Fires with the session id when a fast poll (watch) begins. */
  readonly onDidWatch: vscode.Event<string> = this.watched.event;

  constructor(
    private timers: Timers,
    private readonly targets: PollTargets,
    private readonly fastPoll: FastPollOptions = DEFAULT_FAST_POLL,
  ) {}

  /** The local clock the polls run on (swapped by tests). */
  now(): number {
    return this.timers.now();
  }

  /** The Platform's time now, from the `Date` header of its latest answer (see PlatformClock). */
  platformNow(): number {
    return this.platform.now(this.timers.now());
  }

  /** An answer of the Platform dated `dateMs` (its `Date` header) arrived just now. */
  notePlatformDate(dateMs: number | undefined): void {
    if (dateMs === undefined) this.platform.reset();
    else this.platform.observe(dateMs, this.timers.now());
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** True while interval polling is armed. */
  get isIntervalArmed(): boolean {
    return this.intervalTimer !== undefined;
  }

  watchedIds(): string[] {
    return [...this.watches.keys()];
  }

  isWatching(sessionId: string): boolean {
    return this.watches.has(sessionId);
  }

  /** Swaps the clock (tests install manual timers into the running extension). Re-arms pending timers. */
  setTimers(timers: Timers): void {
    this.disarmInterval();
    for (const w of this.watches.values()) this.timers.clearTimeout(w.timer);
    // Carry ages over to the new clock.
    const shift = timers.now() - this.timers.now();
    if (this.lastFullPoll !== undefined) this.lastFullPoll += shift;
    this.platform.shift(shift);
    this.timers = timers;
    this.disarmTransition();
    for (const w of this.watches.values()) {
      for (const waiter of w.waiters) waiter.started += shift;
      w.since += shift;
      w.sentAt += shift;
      this.armWatch(w);
    }
    this.armIntervalFromAge();
    this.noteStudiosChanged();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.disarmInterval();
      this.disarmTransition();
      this.intervalPoll?.abort(new CancelledError('The Studios view was hidden.'));
      return;
    }
    this.armIntervalFromAge();
    this.noteStudiosChanged();
  }

  /** The window gained (true) or lost focus: regaining it with the view visible refreshes stale data at once. */
  setWindowFocused(focused: boolean): void {
    if (focused === this.focused) return;
    this.focused = focused;
    if (!focused || !this.visible || this.intervalMs <= 0) return;
    const age = this.age();
    if (age < STALE_AFTER_MS) return;
    this.disarmInterval();
    this.armInterval(0);
  }

  /**
   * The listed Studios may have changed (the store calls it on every change): arms the transition check
   * when a Studio nobody follows is in transition and the view is visible.
   */
  noteStudiosChanged(): void {
    if (this.disposed || !this.visible || this.intervalMs <= 0 || this.transitionTimer !== undefined || this.transitionRunning) return;
    const ids = this.unfollowedInTransition();
    if (ids.length === 0) return;
    // Bounded in requests too: a check costs one request per Studio, or one list refresh when that is fewer;
    // it waits at least a second per request it will send, so it averages at most one request a second.
    const cost = Math.min(ids.length, this.targets.inTransition?.().listRequests ?? 1);
    const handle = this.timers.setTimeout(() => this.transitionTick(handle), Math.max(TRANSITION_POLL_MS, cost * TRANSITION_MS_PER_REQUEST));
    this.transitionTimer = handle;
  }

  /** True while the transition check is armed. */
  get isTransitionArmed(): boolean {
    return this.transitionTimer !== undefined;
  }

  private age(): number {
    return this.lastFullPoll === undefined ? Infinity : this.timers.now() - this.lastFullPoll;
  }

  /** Refresh at once if the data is older than `STALE_AFTER_MS`, else wait out the rest of the interval. */
  private armIntervalFromAge(): void {
    if (this.intervalMs <= 0) return;
    const age = this.age();
    this.armInterval(age >= STALE_AFTER_MS ? 0 : this.intervalMs - age);
  }

  private unfollowedInTransition(): string[] {
    const found = this.targets.inTransition?.();
    return found ? found.sessionIds.filter((id) => !this.watches.has(id)) : [];
  }

  private disarmTransition(): void {
    if (this.transitionTimer !== undefined) this.timers.clearTimeout(this.transitionTimer);
    this.transitionTimer = undefined;
  }

  private async transitionTick(handle: unknown): Promise<void> {
    if (this.transitionTimer !== handle) return;
    this.transitionTimer = undefined;
    const ids = this.unfollowedInTransition();
    const listRequests = this.targets.inTransition?.().listRequests ?? 1;
    if (ids.length === 0 || !this.visible) return;
    this.transitionRunning = true;
    let error: unknown;
    try {
      if (ids.length >= listRequests) {
        // Cheaper (or as cheap) as one list refresh: that also restarts the interval.
        await this.intervalPollNow();
      } else {
        const results = await Promise.allSettled(ids.map((id) => this.targets.pollOne(id)));
        error = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
      }
    } finally {
      this.transitionRunning = false;
    }
    this.polled.fire({ kind: 'transition', error });
    this.noteStudiosChanged();
  }

  /** Runs the interval poll now (the transition check found a list refresh cheapest). */
  private async intervalPollNow(): Promise<void> {
    if (this.fullPollRunning) return;
    this.disarmInterval();
    const handle = {};
    this.intervalTimer = handle;
    await this.intervalTick(handle);
  }

  setIntervalSeconds(seconds: number): void {
    const ms = Number.isFinite(seconds) && seconds > 0 ? Math.max(5, seconds) * 1000 : 0;
    if (ms === this.intervalMs) return;
    this.intervalMs = ms;
    this.disarmInterval();
    this.armIntervalFromAge();
    if (ms <= 0) this.disarmTransition();
    else this.noteStudiosChanged();
  }

  /** Tells the scheduler a full refresh just happened (manual or on load), so the interval restarts from now. */
  noteFullRefresh(): void {
    this.lastFullPoll = this.timers.now();
    if (this.intervalTimer !== undefined) {
      this.disarmInterval();
      this.armInterval(this.intervalMs);
    }
  }

  /**
   * Polls one Studio fast until `settles` accepts its status. Several calls
   * for the same Studio share one series of polls; each resolves on its own
   * terms. Resolves with the outcome; rejects with the last error after
   * `maxFailures` failed polls in a row.
   */
  watch(sessionId: string, options: Partial<WatchOptions> = {}): Promise<WatchOutcome> {
    const { settles = isSettled, ...timing } = options;
    const existing = this.watches.get(sessionId);
    const opts = { ...this.fastPoll, ...timing };
    return new Promise<WatchOutcome>((resolve, reject) => {
      const waiter: Waiter = { started: this.timers.now(), timeoutMs: opts.timeoutMs, settles, resolve, reject };
      if (existing) {
        existing.waiters.push(waiter);
        return;
      }
      const now = this.timers.now();
      const watch: Watch = {
        sessionId,
        since: now,
        sentAt: now,
        delay: opts.initialDelayMs,
        failures: 0,
        lastStatus: undefined,
        timer: undefined,
        options: opts,
        waiters: [waiter],
      };
      this.watches.set(sessionId, watch);
      this.armWatch(watch);
      this.watched.fire(sessionId);
    });
  }

  /** Stops fast polling of a Studio (e.g. it was deleted); its callers get `gone`. */
  unwatch(sessionId: string): void {
    this.finish(sessionId, { kind: 'gone' });
  }

  /** Ends every watch quietly: the Studios belong to a workspace nobody looks at any more. Callers get `abandoned`. */
  abandonAll(): void {
    for (const id of [...this.watches.keys()]) this.finish(id, { kind: 'abandoned' });
  }

  dispose(): void {
    this.disposed = true;
    this.disarmInterval();
    this.disarmTransition();
    this.intervalPoll?.abort(new CancelledError());
    this.abandonAll();
    this.polled.dispose();
    this.watched.dispose();
  }

  private armInterval(delay: number): void {
    if (this.disposed || !this.visible || this.intervalMs <= 0 || this.intervalTimer !== undefined) return;
    const handle = this.timers.setTimeout(() => this.intervalTick(handle), delay);
    this.intervalTimer = handle;
  }

  private disarmInterval(): void {
    if (this.intervalTimer !== undefined) this.timers.clearTimeout(this.intervalTimer);
    this.intervalTimer = undefined;
  }

  private async intervalTick(handle: unknown): Promise<void> {
    if (this.intervalTimer !== handle) return;
    this.intervalTimer = undefined;
    if (this.fullPollRunning) {
      this.armInterval(this.intervalMs);
      return;
    }
    this.fullPollRunning = true;
    const poll = new AbortController();
    this.intervalPoll = poll;
    let error: unknown;
    try {
      await this.targets.pollAll(poll.signal);
    } catch (e) {
      error = e;
    } finally {
      this.fullPollRunning = false;
      if (this.intervalPoll === poll) this.intervalPoll = undefined;
    }
    // A poll cut short by hiding the view did not refresh anything: shown again, the view refreshes at once.
    if (!poll.signal.aborted) this.lastFullPoll = this.timers.now();
    this.polled.fire({ kind: 'interval', error });
    this.armInterval(this.intervalMs);
    this.noteStudiosChanged();
  }

  private finish(sessionId: string, outcome: WatchOutcome): void {
    const w = this.watches.get(sessionId);
    if (!w) return;
    this.endWatch(w);
    for (const waiter of w.waiters.splice(0)) waiter.resolve(outcome);
  }

  /** The next poll `delay` after the previous one was sent (the first: `delay` after the watch began). */
  private armWatch(w: Watch): void {
    const now = this.timers.now();
    const left = Math.min(...w.waiters.map((x) => x.started + x.timeoutMs - now));
    const wait = w.sentAt + w.delay - now;
    const handle = this.timers.setTimeout(() => this.watchTick(w, handle), Math.max(0, Math.min(wait, left)));
    w.timer = handle;
  }

  private endWatch(w: Watch): void {
    this.timers.clearTimeout(w.timer);
    w.timer = undefined;
    if (this.watches.get(w.sessionId) === w) this.watches.delete(w.sessionId);
  }

  private async watchTick(w: Watch, handle: unknown): Promise<void> {
    if (w.timer !== handle || this.watches.get(w.sessionId) !== w) return;
    w.timer = undefined;
    w.sentAt = this.timers.now();
    let status: StudioStatus | undefined;
    let error: unknown;
    try {
      status = await this.targets.pollOne(w.sessionId);
    } catch (e) {
      error = e;
    }
    if (this.watches.get(w.sessionId) !== w) return; // unwatched meanwhile
    this.polled.fire({ kind: 'fast', sessionId: w.sessionId, error });
    if (error !== undefined) {
      w.failures += 1;
      if (w.failures >= w.options.maxFailures) {
        this.endWatch(w);
        for (const waiter of w.waiters.splice(0)) waiter.reject(error);
        return;
      }
    } else {
      w.failures = 0;
      w.lastStatus = status;
      if (status === undefined) {
        this.finish(w.sessionId, { kind: 'gone' });
        return;
      }
      for (const waiter of [...w.waiters]) {
        if (!waiter.settles(status)) continue;
        w.waiters.splice(w.waiters.indexOf(waiter), 1);
        waiter.resolve({ kind: 'settled', status });
      }
    }
    const now = this.timers.now();
    for (const waiter of [...w.waiters]) {
      const waited = now - waiter.started;
      if (waited < waiter.timeoutMs) continue;
      w.waiters.splice(w.waiters.indexOf(waiter), 1);
      waiter.resolve({ kind: 'timedOut', status: w.lastStatus, waitedMs: waited });
    }
    if (w.waiters.length === 0) {
      this.endWatch(w);
      return;
    }
    const holding = now - w.since < (w.options.holdMs ?? 0);
    w.delay = holding ? w.options.initialDelayMs : nextDelay({ initialMs: w.options.initialDelayMs, factor: w.options.factor, maxMs: w.options.maxDelayMs }, w.delay);
    this.armWatch(w);
  }
}
