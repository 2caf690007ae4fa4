import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { CancelledError, SeqeraError, isCancellation } from '../net/errors';
import type { DroppedItem } from '../net/validate';
import type { Truncation } from '../platform/paginate';
import type { StudiosApi } from '../platform/studios';
import type { Checkpoint, Studio, StudioStatus } from '../platform/studioTypes';
import { Emitter } from '../ui/emitter';
import { DEFAULT_FAST_POLL, PollScheduler, type FastPollOptions, type WatchOptions, type WatchOutcome } from './pollScheduler';
import { StudioCheckpoints, type CheckpointList, type LoadState } from './studioCheckpoints';
import { isSettled, sameStudio } from './studioStatus';
import type { Timers } from '../schedule/timers';

/**
 * The Studios of the active workspace and their checkpoints. One store for the
 * extension; `setContext` points it at a workspace (or at nothing when signed
 * out / no workspace), which drops the old data.
 *
 * Checkpoint lists live in StudioCheckpoints; the store forwards to it.
 *
 * Every fetch goes through `refresh(target, reason)`. Change events name the
 * Studios that changed, so the tree updates only those items; `structural`
 * is set when Studios appeared or disappeared.
 *
 * No vscode runtime import: the store is unit-tested in plain Node.
 */
export interface StudioContext {
  api: StudiosApi;
  /** Identifies the workspace + endpoint, to drop answers that arrive after a switch. */
  key: string;
  /** The signed-in user, to mark other users' Studios and build personal-workspace URLs. */
  userId?: number;
  userName?: string;
  /** Shown in the view's description, e.g. "acme / research" or "Personal". */
  workspaceLabel: string;
  /** The organization's id (participants, members, Studios settings); undefined for the personal workspace. */
  orgId?: number;
  /** For the web app's connect URL; both undefined for the personal workspace. */
  orgName?: string;
  workspaceName?: string;
}

export type RefreshTarget = 'all' | { studio: string } | { checkpoints: string };

/**
 * Which Studios the list asks the Platform for (#16.5): only the signed-in user's (`mine`, the spec's `userId:`
 * keyword) and/or a server-side search (free text on name and template, keywords `status:`, `userId:`,
 * `computeEnvId:` and, per tw, `userName:`, `computeEnvName:`). The tree's local filter works on top of it.
 */
export interface StudioQuery {
  mine: boolean;
  search: string;
}

/** The `search` parameter a query sends; undefined when it asks for every Studio. */
export function serverSearch(query: StudioQuery, userId: number | undefined): string | undefined {
  const parts = [query.mine && userId !== undefined ? `userId:${userId}` : '', query.search.trim()].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
export type RefreshReason = 'load' | 'manual' | 'interval' | 'fast' | 'action' | 'context';

export interface StudiosChange {
  /** Studios were added or removed, or the whole list was replaced (context switch). */
  structural: boolean;
  /** Session ids whose data changed (including removed ones). */
  changed: string[];
  /** Session ids whose checkpoints changed. */
  checkpoints: string[];
}

export interface RefreshError {
  target: RefreshTarget;
  reason: RefreshReason;
  error: unknown;
}

export { CHECKPOINT_PAGE_SIZE, type CheckpointList, type LoadState } from './studioCheckpoints';

/** What a fetch needs of the current context: its API, generation and the signal that ends its requests. */
interface ContextHandle {
  api: StudiosApi;
  gen: number;
  signal: AbortSignal;
}

type PlatformClientLike = Pick<StudiosApi['client'], 'serverDate'>;

/** Studios per page of a list refresh (PlatformClient.paginate's default). */
const LIST_PAGE_SIZE = 100;

export interface StudioStoreOptions {
  timers: Timers;
  fastPoll?: FastPollOptions;
  /** Where a Studio left out as unreadable is reported (the extension's log). */
  warn?: (message: string) => void;
}

export class StudioStore implements vscode.Disposable {
  private ctx: StudioContext | undefined;
  private readonly studioMap = new Map<string, Studio>();
  /** Per Studio: the sequence number of the fetch its data came from. */
  private readonly dataSeq = new Map<string, number>();
  private readonly cps = new StudioCheckpoints({
    requireContext: () => this.requireContext(),
    currentGen: () => this.gen,
    fireCheckpoints: (ids) => this.changed.fire({ structural: false, changed: [], checkpoints: ids }),
  });
  private seq = 0;
  /** Changes when the store is pointed at another workspace; answers from before are dropped. */
  private gen = 0;
  private listState: LoadState = 'none';
  private listError: unknown;
  private listInFlight: { promise: Promise<void>; joined: boolean } | undefined;
  /** Aborted when the store moves to another context or is disposed: every request of this context stops. */
  private ctxAbort = new AbortController();
  private listTruncation: Truncation | undefined;
  private listDropped: DroppedItem[] = [];
  private listQuery: StudioQuery = { mine: false, search: '' };
  /** The search the loaded (or loading) list was asked with. */
  private listSearch: string | undefined;
  /** Changes when the query changes: a list answer for the previous query is dropped. */
  private queryGen = 0;
  /** Aborts the list load in flight (a new query does not want the old one's pages). */
  private listAbort: AbortController | undefined;
  private readonly warn: (message: string) => void;

  private readonly changed = new Emitter<StudiosChange>();
  private readonly failed = new Emitter<RefreshError>();
  private readonly reached = new Emitter<void>();
  private readonly contextChanged = new Emitter<StudioContext | undefined>();

  /** Fires after data changed; names the Studios concerned. */
  readonly onDidChange: vscode.Event<StudiosChange> = this.changed.event;
  /** Fires when a refresh failed (the old data stays). */
  readonly onDidFailRefresh: vscode.Event<RefreshError> = this.failed.event;
  /** Fires when the Platform answered a request of the current context (a list or a Studio): it can be reached (#17.5). */
  readonly onDidReachPlatform: vscode.Event<void> = this.reached.event;
  readonly onDidChangeContext: vscode.Event<StudioContext | undefined> = this.contextChanged.event;
  readonly scheduler: PollScheduler;

  constructor(options: StudioStoreOptions) {
    this.warn = options.warn ?? (() => undefined);
    this.scheduler = new PollScheduler(
      options.timers,
      {
        pollAll: (signal) => this.refresh('all', 'interval', signal),
        pollOne: (id) => this.pollOne(id),
        inTransition: () => this.inTransition(),
      },
      options.fastPoll ?? DEFAULT_FAST_POLL,
    );
    // A Studio that went into transition (or out of it) arms (or ends) the scheduler's transition check.
    this.changed.event(() => this.scheduler.noteStudiosChanged());
  }

  /** The listed Studios that the server will move out of their status by itself, and what a list refresh costs. */
  private inTransition(): { sessionIds: string[]; listRequests: number } {
    const sessionIds: string[] = [];
    for (const s of this.studioMap.values()) if (!isSettled(s.statusInfo.status)) sessionIds.push(s.sessionId);
    return { sessionIds, listRequests: Math.max(1, Math.ceil(this.studioMap.size / LIST_PAGE_SIZE)) };
  }

  get context(): StudioContext | undefined {
    return this.ctx;
  }

  /** 'none' before the first load or without a workspace. */
  get state(): LoadState {
    return this.listState;
  }

  /** The error of the last failed list refresh, cleared by the next success. */
  get lastError(): unknown {
    return this.listError;
  }

  /** Set when the last list stopped at the paging cap: the workspace holds more Studios than the store. */
  get truncation(): Truncation | undefined {
    return this.listTruncation;
  }

  /** Studios of the last list that could not be read and were left out (the view's message counts them). */
  get unreadable(): readonly DroppedItem[] {
    return this.listDropped;
  }

  get studios(): Studio[] {
    return [...this.studioMap.values()];
  }

  /** What the list asks the Platform for (My Studios, a server-side search). */
  get query(): StudioQuery {
    return { ...this.listQuery };
  }

  /** True when the list asks for only the user's Studios and the user is known, so the Platform can be asked. */
  get mineApplied(): boolean {
    return this.listQuery.mine && this.ctx?.userId !== undefined;
  }

  /**
   * Asks the Platform for other Studios: My Studios and/or a server-side search. A change drops the list
   * (and the load in flight for the old query); the view loads the new one when it asks, the caller may
   * `ensureLoaded()`. Follows and single-Studio polls carry on.
   */
  setQuery(query: StudioQuery): void {
    const next = { mine: query.mine, search: query.search.trim() };
    if (next.mine === this.listQuery.mine && next.search === this.listQuery.search) return;
    this.listQuery = next;
    if (this.ctx && serverSearch(next, this.ctx.userId) !== this.listSearch) this.resetList();
    else this.changed.fire({ structural: false, changed: [], checkpoints: [] });
  }

  get(sessionId: string): Studio | undefined {
    return this.studioMap.get(sessionId);
  }

  checkpoints(sessionId: string): CheckpointList | undefined {
    return this.cps.get(sessionId);
  }

  /**
   * Points the store at another workspace (or none): drops all data and fast
   * polls. The same workspace with new details (the user was looked up) only
   * swaps the context and redraws.
   */
  setContext(ctx: StudioContext | undefined): void {
    if (ctx && this.ctx && ctx.key === this.ctx.key) {
      this.ctx = ctx;
      // A new context for the same workspace comes from a session that works (signed in again, user looked up):
      // a rejected-token error of the old one has ended (#17.5).
      if (this.listError instanceof SeqeraError && this.listError.kind === 'auth') this.listError = undefined;
      this.contextChanged.fire(ctx);
      // My Studios waits for the user's id: once it is known the list is asked for again with it.
      if (this.listState !== 'none' && serverSearch(this.listQuery, ctx.userId) !== this.listSearch) this.resetList();
      this.changed.fire({ structural: true, changed: [], checkpoints: [] });
      return;
    }
    if (!ctx && !this.ctx) return;
    this.ctx = ctx;
    this.gen++;
    this.ctxAbort.abort(new CancelledError());
    this.ctxAbort = new AbortController();
    this.scheduler.notePlatformDate(undefined);
    // The follows of the old workspace's Studios end quietly: they were not deleted, nobody looks at them here.
    this.scheduler.abandonAll();
    const removed = [...this.studioMap.keys()];
    this.studioMap.clear();
    this.dataSeq.clear();
    this.cps.clear();
    this.listInFlight = undefined;
    this.listError = undefined;
    this.listTruncation = undefined;
    this.listDropped = [];
    this.listState = 'none';
    // A server-side search belongs to the workspace it was typed for; My Studios stays.
    this.listQuery = { mine: this.listQuery.mine, search: '' };
    this.listSearch = undefined;
    this.contextChanged.fire(ctx);
    this.changed.fire({ structural: true, changed: removed, checkpoints: [] });
  }

  /**
   * The one path for every fetch. 'all' refreshes the list; `{studio}` one
   * Studio; `{checkpoints}` the first page of a Studio's checkpoints. Failures
   * are kept (lastError / the checkpoint list's error) and announced on
   * onDidFailRefresh; the promise rejects only for a manual refresh, so the
   * command shows its one message.
   */
  async refresh(target: RefreshTarget, reason: RefreshReason, signal?: AbortSignal): Promise<void> {
    try {
      if (target === 'all') await this.refreshAll(reason, signal);
      else if ('studio' in target) await this.refreshStudio(target.studio);
      else await this.cps.reload(target.checkpoints);
    } catch (error) {
      // A load cancelled by a switch or by hiding the view is no failure: the data shown stays as it was.
      if (isCancellation(error) && reason !== 'manual' && reason !== 'action') return;
      this.failed.fire({ target, reason, error });
      if (reason === 'manual' || reason === 'action') throw error;
    }
  }

  /** The Platform's time now (its clock, from the `Date` header of its latest answer): lifespans are counted on it. */
  platformNow(): number {
    return this.scheduler.platformNow();
  }

  /** Loads the list once when nothing is loaded yet (the view's first getChildren). */
  ensureLoaded(): Promise<void> {
    if (!this.ctx || this.listState === 'loaded' || this.listState === 'error') return Promise.resolve();
    // Never rejects: a failed load is the list's error state, which the view draws (#17.5: a rejected
    // getChildren would be an error notification from VS Code itself, left behind after the condition ends).
    return (this.listInFlight?.promise ?? this.refresh('all', 'load')).catch(() => undefined);
  }

  /** Starts (or joins) the fast poll of one Studio until it settles. */
  watch(sessionId: string, options?: Partial<WatchOptions>): Promise<WatchOutcome> {
    return this.scheduler.watch(sessionId, options);
  }

  /**
   * Puts a Studio the server just returned (create, start, update) into the store. `from` is the context the
   * request was sent in: an answer that arrives after a switch to another workspace or endpoint is dropped,
   * so it never lands in the new workspace's list.
   */
  applyStudio(studio: Studio, from: StudioContext | undefined = this.ctx): void {
    if (!this.ctx || !from || from.key !== this.ctx.key) return;
    this.notePlatformDate(from.api);
    const seq = ++this.seq;
    this.applyOne(studio, seq);
    this.noteReachable();
  }

  /**
   * A request to this workspace's Platform was just answered: a kept "cannot reach the host" error of the
   * list has ended, so it no longer stays on screen until the next list refresh (#17.5).
   */
  private noteReachable(): void {
    this.reached.fire();
    const e = this.listError;
    if (this.listState !== 'loaded' || !(e instanceof SeqeraError) || e.kind !== 'network') return;
    this.listError = undefined;
    this.changed.fire({ structural: false, changed: [], checkpoints: [] });
  }

  /** Sets a Studio's status from a start/stop answer (sent in context `from`) before the next poll confirms it. */
  applyStatus(sessionId: string, status: StudioStatus, message?: string, from: StudioContext | undefined = this.ctx): void {
    const old = this.studioMap.get(sessionId);
    if (!old || old.statusInfo.status === status) return;
    const rawStatus = status === 'unknown' ? old.statusInfo.rawStatus : undefined;
    // The old steps belong to the previous transition (a finished or failed start): the next poll brings this one's.
    this.applyStudio({ ...old, statusInfo: { ...old.statusInfo, status, message, rawStatus }, progress: [] }, from);
  }

  /** Forgets a deleted Studio. */
  removeStudio(sessionId: string): void {
    if (!this.studioMap.delete(sessionId)) return;
    this.scheduler.unwatch(sessionId);
    this.cps.forget(sessionId);
    this.dataSeq.set(sessionId, ++this.seq);
    this.changed.fire({ structural: true, changed: [sessionId], checkpoints: [] });
  }

  /** Loads the next page of a Studio's checkpoints (or the first one). */
  loadMoreCheckpoints(sessionId: string): Promise<void> {
    return this.cps.loadMore(sessionId);
  }

  /** First page of checkpoints unless already loaded (the tree calls it when a Studio is expanded). */
  ensureCheckpoints(sessionId: string): Promise<void> {
    return this.cps.ensure(sessionId);
  }

  /** Marks loaded checkpoint lists stale (one Studio's, or all); the tree reloads those it shows. */
  invalidateCheckpoints(sessionId?: string): void {
    this.cps.invalidate(sessionId);
  }

  /** Replaces one checkpoint (after a rename). */
  applyCheckpoint(sessionId: string, cp: Checkpoint): void {
    this.cps.apply(sessionId, cp);
  }

  dispose(): void {
    this.ctxAbort.abort(new CancelledError());
    this.scheduler.dispose();
    this.changed.dispose();
    this.failed.dispose();
    this.reached.dispose();
    this.contextChanged.dispose();
  }

  /** The Platform just answered through this API's client: its clock is what lifespans are counted on. */
  private notePlatformDate(api: StudiosApi): void {
    // Fakes of the API in unit tests may come without a client.
    const date = (api.client as PlatformClientLike | undefined)?.serverDate;
    if (date !== undefined) this.scheduler.notePlatformDate(date);
  }

  private requireContext(): ContextHandle {
    if (!this.ctx) throw new SeqeraError('auth', l10n.t('Sign in to Seqera Platform to see its Studios.'));
    return { api: this.ctx.api, gen: this.gen, signal: this.ctxAbort.signal };
  }

  /**
   * `signal` (the interval poll's) stops the load when the view is hidden, unless another caller (the view's
   * first load, a manual refresh) has joined it meanwhile: they still want the list.
   */
  private refreshAll(reason: RefreshReason, signal?: AbortSignal): Promise<void> {
    if (this.listInFlight) {
      if (reason !== 'interval') this.listInFlight.joined = true;
      return this.listInFlight.promise;
    }
    const ctx = this.requireContext();
    const load = new AbortController();
    this.listAbort = load;
    const inFlight = { promise: Promise.resolve(), joined: reason !== 'interval' };
    const onStop = (): void => {
      if (!inFlight.joined) load.abort(new CancelledError());
    };
    signal?.addEventListener('abort', onStop, { once: true });
    if (signal?.aborted) onStop();
    const run = this.fetchList({ ...ctx, signal: AbortSignal.any([ctx.signal, load.signal]) }, reason).finally(() => {
      signal?.removeEventListener('abort', onStop);
      if (this.listInFlight === inFlight) this.listInFlight = undefined;
    });
    inFlight.promise = run;
    this.listInFlight = inFlight;
    return run;
  }

  private async fetchList(ctx: ContextHandle, reason: RefreshReason): Promise<void> {
    const seq = ++this.seq;
    const queryGen = this.queryGen;
    const search = serverSearch(this.listQuery, this.ctx?.userId);
    this.listSearch = search;
    const stale = (): boolean => this.gen !== ctx.gen || this.queryGen !== queryGen;
    if (this.listState !== 'loaded') this.setListState('loading');
    try {
      let truncation: Truncation | undefined;
      const dropped: DroppedItem[] = [];
      const list = await ctx.api.listStudios({
        search,
        signal: ctx.signal,
        onTruncated: (t) => (truncation = t),
        onDropped: (d) => dropped.push(...d),
        // Someone waits for a switch, a load or a manual refresh: all pages at once. A background refresh pages
        // the careful way, so hiding the view mid-refresh stops it after its first page (#11.13).
        oneRoundTrip: reason !== 'interval',
      });
      if (stale()) return;
      this.notePlatformDate(ctx.api);
      const truncationChanged = truncation?.kept !== this.listTruncation?.kept || truncation?.total !== this.listTruncation?.total;
      this.listTruncation = truncation;
      const droppedChanged = dropped.length !== this.listDropped.length;
      this.listDropped = dropped;
      for (const d of dropped) this.warn(`Left out a Studio that could not be read: ${d.message}`);
      this.applyList(list, seq);
      this.reached.fire();
      if (truncationChanged || droppedChanged) this.changed.fire({ structural: false, changed: [], checkpoints: [] });
      const hadError = this.listError !== undefined;
      this.listError = undefined;
      if (hadError && this.listState === 'loaded') this.changed.fire({ structural: false, changed: [], checkpoints: [] });
      this.setListState('loaded');
      if (reason !== 'interval') this.scheduler.noteFullRefresh();
    } catch (e) {
      if (stale()) return;
      if (isCancellation(e)) {
        // Hidden mid-load: keep what is shown; a list never loaded is loaded again when the view asks.
        if (this.listState === 'loading') this.setListState('none');
        throw e;
      }
      this.listError = e;
      if (this.listState !== 'loaded') this.setListState('error');
      else this.changed.fire({ structural: false, changed: [], checkpoints: [] });
      throw e;
    }
  }

  /** Drops the list for a new query: its load in flight stops, the view shows the new list once loaded. */
  private resetList(): void {
    this.queryGen++;
    this.listAbort?.abort(new CancelledError());
    this.listAbort = undefined;
    this.listInFlight = undefined;
    const removed = [...this.studioMap.keys()];
    this.studioMap.clear();
    this.dataSeq.clear();
    this.cps.clear();
    this.listError = undefined;
    this.listTruncation = undefined;
    this.listDropped = [];
    this.listSearch = undefined;
    this.listState = 'none';
    this.changed.fire({ structural: true, changed: removed, checkpoints: [] });
  }

  private setListState(state: LoadState): void {
    if (this.listState === state) return;
    this.listState = state;
    this.changed.fire({ structural: true, changed: [], checkpoints: [] });
  }

  private applyList(list: Studio[], seq: number): void {
    const seen = new Set<string>();
    const changed: string[] = [];
    let structural = false;
    for (const studio of list) {
      seen.add(studio.sessionId);
      // A single-Studio poll that finished after this list was requested is newer: keep it.
      if ((this.dataSeq.get(studio.sessionId) ?? -1) > seq) continue;
      const old = this.studioMap.get(studio.sessionId);
      if (!old) structural = true;
      if (!old || !sameStudio(old, studio)) {
        changed.push(studio.sessionId);
        this.cps.noteStudioChange(old, studio);
      }
      this.studioMap.set(studio.sessionId, studio);
      this.dataSeq.set(studio.sessionId, seq);
    }
    for (const id of [...this.studioMap.keys()]) {
      if (seen.has(id) || (this.dataSeq.get(id) ?? -1) > seq) continue;
      this.studioMap.delete(id);
      this.cps.forget(id);
      changed.push(id);
      structural = true;
    }
    const checkpoints = this.cps.takeStale(changed);
    if (changed.length > 0 || structural) this.changed.fire({ structural, changed, checkpoints });
  }

  private applyOne(studio: Studio, seq: number): void {
    if ((this.dataSeq.get(studio.sessionId) ?? -1) > seq) return;
    const old = this.studioMap.get(studio.sessionId);
    this.dataSeq.set(studio.sessionId, seq);
    if (old && sameStudio(old, studio)) return;
    this.cps.noteStudioChange(old, studio);
    this.studioMap.set(studio.sessionId, studio);
    const checkpoints = this.cps.takeStale([studio.sessionId]);
    this.changed.fire({ structural: !old, changed: [studio.sessionId], checkpoints });
  }

  private async refreshStudio(sessionId: string): Promise<Studio | undefined> {
    const ctx = this.requireContext();
    const seq = ++this.seq;
    try {
      const studio = await ctx.api.getStudio(sessionId, ctx.signal);
      if (this.gen === ctx.gen) {
        this.notePlatformDate(ctx.api);
        this.applyOne(studio, seq);
        this.noteReachable();
      }
      return studio;
    } catch (e) {
      if (this.gen === ctx.gen && isNotFound(e)) {
        this.removeStudio(sessionId);
        return undefined;
      }
      throw e;
    }
  }

  private async pollOne(sessionId: string): Promise<StudioStatus | undefined> {
    try {
      const studio = await this.refreshStudio(sessionId);
      return studio?.statusInfo.status;
    } catch (error) {
      this.failed.fire({ target: { studio: sessionId }, reason: 'fast', error });
      throw error;
    }
  }
}

function isNotFound(e: unknown): boolean {
  return e instanceof SeqeraError && e.kind === 'notFound';
}
