import type { StudioStatus } from '../platform/studioTypes';
import type * as vscode from 'vscode';
import { CancelledError } from '../net/errors';
import { Emitter } from '../ui/emitter';
import { isSettled } from './studioStatus';
import { nextDelay } from '../schedule/backoff';
import type { Timers } from '../schedule/timers';

/**
 * When the Studios are polled, and nothing else (the store does the fetching).
 *
 * - Interval polling of the whole list, only while the view is visible and the
 *   interval is above 0. Chained timeouts, never overlapping polls.
 * - Fast polling of single Studios after a start or stop ("watches"), with a
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
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  timeoutMs: number;
  /** Consecutive failed polls after which the watch gives up. */
  maxFailures: number;
}

export const DEFAULT_FAST_POLL: FastPollOptions = {
  initialDelayMs: 1_000,
  maxDelayMs: 10_000,
  factor: 1.5,
  timeoutMs: 15 * 60_000,
  maxFailures: 4,
};

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
  kind: 'interval' | 'fast';
  sessionId?: string;
  error?: unknown;
}

export interface PollTargets {
  /** Refreshes the whole list; `signal` aborts when the view is hidden meanwhile, so no page is asked after that. */
  pollAll(signal: AbortSignal): Promise<void>;
  /** Refreshes one Studio and returns its status, or undefined when it no longer exists. */
  pollOne(sessionId: string): Promise<StudioStatus | undefined>;
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
    this.timers = timers;
    for (const w of this.watches.values()) {
      for (const waiter of w.waiters) waiter.started += shift;
      this.armWatch(w);
    }
    this.armIntervalFromAge();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.disarmInterval();
      this.intervalPoll?.abort(new CancelledError('The Studios view was hidden.'));
      return;
    }
    this.armIntervalFromAge();
  }

  /** Refresh at once if the data is older than one interval, else wait out the rest. */
  private armIntervalFromAge(): void {
    if (this.intervalMs <= 0) return;
    const age = this.lastFullPoll === undefined ? Infinity : this.timers.now() - this.lastFullPoll;
    this.armInterval(Math.max(0, this.intervalMs - age));
  }

  setIntervalSeconds(seconds: number): void {
    const ms = Number.isFinite(seconds) && seconds > 0 ? Math.max(5, seconds) * 1000 : 0;
    if (ms === this.intervalMs) return;
    this.intervalMs = ms;
    this.disarmInterval();
    this.armIntervalFromAge();
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
      const watch: Watch = {
        sessionId,
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
  }

  private finish(sessionId: string, outcome: WatchOutcome): void {
    const w = this.watches.get(sessionId);
    if (!w) return;
    this.endWatch(w);
    for (const waiter of w.waiters.splice(0)) waiter.resolve(outcome);
  }

  private armWatch(w: Watch): void {
    const now = this.timers.now();
    const left = Math.min(...w.waiters.map((x) => x.started + x.timeoutMs - now));
    const handle = this.timers.setTimeout(() => this.watchTick(w, handle), Math.max(0, Math.min(w.delay, left)));
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
    w.delay = nextDelay({ initialMs: w.options.initialDelayMs, factor: w.options.factor, maxMs: w.options.maxDelayMs }, w.delay);
    this.armWatch(w);
  }
}
