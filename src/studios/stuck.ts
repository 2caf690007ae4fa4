import type { ProgressStep, Studio } from '../platform/studioTypes';
import type { Timers } from '../schedule/timers';
import * as l10n from '@vscode/l10n';
import { Emitter } from '../ui/emitter';
import { mdCode, mdText } from '../ui/markdown';
import type { StudioStore } from './studioStore';

/**
 * Stuck transitions (#16.7): a Studio `stopping` for more than 10 minutes, or
 * `starting` with no change of its progress steps for as long, gets a note in
 * the tree. The time a transition (or a step) began comes from the Platform
 * where it says so: `statusInfo.lastUpdate` is when the status last changed,
 * so it dates a stop, and a start whose first step is still going. Steps carry
 * no timestamps: a step change is dated when the extension first saw it (the
 * Platform's `lastUpdate` when that is later), and "now" is the Platform's
 * clock as its answers' `Date` header tell it (`store.platformNow()`), not the
 * local one. So a note may come up to one refresh late, never early. One timer, set to the earliest moment a known
 * transition becomes stuck (no polling): when it fires, that Studio is read
 * once, and the note shows only if it is still where it was; the store's own
 * refreshes bring new steps. No vscode runtime import: unit-testable in plain Node.
 */
export const STUCK_AFTER_MS = 10 * 60_000;

export interface StuckNote {
  kind: 'stopping' | 'starting';
  /** When the status (stopping) or the current step (starting) began, ms since the epoch. */
  since: number;
  /** Whether `since` is the Platform's timestamp, or when the extension first saw the step. */
  sinceFrom: 'platform' | 'observed';
  /** How long it has been so, at the watcher's clock. */
  forMs: number;
  /** The step a start hangs on. */
  step?: string;
}

interface Tracked {
  kind: StuckNote['kind'];
  /** The progress steps as last seen (starting only). */
  steps: string;
  since: number;
  sinceFrom: StuckNote['sinceFrom'];
  /** The tree was told when it became stuck. */
  announced: boolean;
}

function platformTime(studio: Studio): number | undefined {
  const t = studio.statusInfo.lastUpdate ? Date.parse(studio.statusInfo.lastUpdate) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

function stepsKey(progress: readonly ProgressStep[]): string {
  return JSON.stringify(progress.map((p) => [p.message, p.status]));
}

function currentStepOf(progress: readonly ProgressStep[]): string | undefined {
  return progress.find((p) => p.status === 'in-progress')?.message ?? progress.find((p) => p.status === 'pending')?.message;
}

export class StuckWatcher {
  private timers: Timers;
  private handle: unknown;
  private dueAt: number | undefined;
  private readonly tracked = new Map<string, Tracked>();
  private readonly changed = new Emitter<string[]>();
  /** Fires with the Studios whose note appeared (the store's data did not change: the tree must redraw them). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: { dispose(): void };
  private readonly contextSubscription: { dispose(): void };

  constructor(
    private readonly store: Pick<StudioStore, 'onDidChange' | 'onDidChangeContext' | 'studios' | 'get' | 'refresh' | 'platformNow'>,
    timers: Timers,
  ) {
    this.timers = timers;
    this.subscription = store.onDidChange(() => this.observe());
    this.contextSubscription = store.onDidChangeContext(() => {
      this.tracked.clear();
      this.observe();
    });
    this.observe();
  }

  /** The Platform's time now (the store's clock of it, from its answers' `Date` header): its timestamps are compared with this. */
  now(): number {
    return this.store.platformNow();
  }

  /** Swaps the clock (tests install manual timers) and re-arms. */
  setTimers(timers: Timers): void {
    this.clear();
    this.timers = timers;
    this.rearm();
  }

  /** When the one timer is due (on the Platform's clock), or undefined when no transition is on its way to being stuck. */
  get nextCheckAt(): number | undefined {
    return this.dueAt;
  }

  /** The note for a Studio stuck now, else undefined. */
  note(sessionId: string): StuckNote | undefined {
    const t = this.tracked.get(sessionId);
    const studio = this.store.get(sessionId);
    if (!t || !studio || studio.statusInfo.status !== t.kind) return undefined;
    const forMs = this.now() - t.since;
    if (forMs < STUCK_AFTER_MS) return undefined;
    return { kind: t.kind, since: t.since, sinceFrom: t.sinceFrom, forMs, step: t.kind === 'starting' ? currentStepOf(studio.progress) : undefined };
  }

  dispose(): void {
    this.clear();
    this.subscription.dispose();
    this.contextSubscription.dispose();
    this.changed.dispose();
  }

  /** Reads the store: starts, updates or forgets the transition of each Studio, then re-arms the timer. */
  private observe(): void {
    const now = this.now();
    const seen = new Set<string>();
    for (const studio of this.store.studios) {
      const status = studio.statusInfo.status;
      if (status !== 'stopping' && status !== 'starting') continue;
      seen.add(studio.sessionId);
      const steps = status === 'starting' ? stepsKey(studio.progress) : '';
      const before = this.tracked.get(studio.sessionId);
      if (before && before.kind === status && before.steps === steps) continue;
      const platform = platformTime(studio);
      const dated = platform !== undefined && platform <= now;
      const fresh = !before || before.kind !== status;
      let since: number;
      let sinceFrom: StuckNote['sinceFrom'];
      if (status === 'stopping' || (fresh && !studio.progress.some((p) => p.status === 'succeeded'))) {
        // The status change began this transition (or a start's first step): the Platform dates it.
        [since, sinceFrom] = dated ? [platform, 'platform'] : [now, 'observed'];
      } else {
        // A step changed since the last look (or a start already past its first step is seen for the first
        // time): date it now, unless the Platform dated a status change after the last look.
        [since, sinceFrom] = dated && !fresh && platform > before.since ? [platform, 'platform'] : [now, 'observed'];
      }
      this.tracked.set(studio.sessionId, { kind: status, steps, since, sinceFrom, announced: false });
    }
    for (const id of [...this.tracked.keys()]) if (!seen.has(id)) this.tracked.delete(id);
    this.rearm();
  }

  private rearm(): void {
    this.clear();
    const now = this.now();
    const next = [...this.tracked.values()]
      .map((t) => t.since + STUCK_AFTER_MS)
      .filter((at) => at > now)
      .sort((a, b) => a - b)[0];
    if (next === undefined) return;
    this.dueAt = next;
    this.handle = this.timers.setTimeout(() => this.fire(), Math.max(0, next - now));
  }

  private async fire(): Promise<void> {
    this.handle = undefined;
    this.dueAt = undefined;
    const now = this.now();
    const due = [...this.tracked.entries()].filter(([, t]) => !t.announced && t.since + STUCK_AFTER_MS <= now).map(([id]) => id);
    for (const id of due) this.tracked.get(id)!.announced = true;
    // One read of each at that moment (no polling): the list may be older than ten minutes (a hidden view,
    // refreshes turned off), and the Studio may have moved on since.
    for (const id of due) await this.store.refresh({ studio: id }, 'interval').catch(() => undefined);
    this.observe();
    const stuck = due.filter((id) => this.note(id) !== undefined);
    if (stuck.length > 0) this.changed.fire(stuck);
  }

  private clear(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.dueAt = undefined;
  }
}

/** The tree row's words for a stuck Studio. */
export function stuckDescription(note: StuckNote): string {
  const long = formatMinutes(note.forMs);
  return note.kind === 'stopping' ? l10n.t('stopping for {0}: may be stuck', long) : l10n.t('no progress for {0}: may be stuck', long);
}

/** The tooltip's paragraph (Markdown): how long, since when (and by whose clock), and what can be done. */
export function stuckTooltip(note: StuckNote, studio: Pick<Studio, 'sessionId'>): string {
  const long = formatMinutes(note.forMs);
  const when = `${new Date(note.since).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const clock = note.sinceFrom === 'platform' ? l10n.t("the Platform's time") : l10n.t('when this window saw it');
  if (note.kind === 'stopping') {
    return l10n.t(
      "⚠ **Stopping for {0}** (since {1}, {2}); a stop usually takes a few minutes. The Platform's API offers no other action for a Studio that is stopping (the stop was sent). If it stays so, ask your Platform administrator, naming session {3}.",
      long,
      when,
      clock,
      mdCode(studio.sessionId),
    );
  }
  const head = note.step
    ? l10n.t('⚠ **No progress for {0}** at *{1}* (since {2}, {3}); each step of a start usually takes a few minutes.', long, mdText(note.step), when, clock)
    : l10n.t('⚠ **No progress for {0}** (since {1}, {2}); each step of a start usually takes a few minutes.', long, when, clock);
  return `${head} ${l10n.t('It may be stuck (e.g. no capacity in the compute environment): *Stop Studio* stops it; then start it again, or move it to another compute environment with *Edit Studio…*.')}`;
}

function formatMinutes(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 120) return l10n.t('{0} min', minutes);
  const h = Math.floor(minutes / 60);
  return h < 48 ? l10n.t('{0} h', h) : l10n.t('{0} days', Math.floor(h / 24));
}
