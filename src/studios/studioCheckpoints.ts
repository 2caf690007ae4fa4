import type { StudiosApi } from '../platform/studios';
import type { Checkpoint, Studio } from '../platform/studioTypes';

/**
 * The checkpoint lists of the StudioStore's Studios: loading them a page at a
 * time, keeping them across reloads, rename bookkeeping, and marking them
 * stale when a Studio's status changes (a stop saves a checkpoint). The
 * StudioStore owns one and forwards its public checkpoint calls here.
 *
 * No vscode runtime import: unit-tested in plain Node through the store.
 */
export type LoadState = 'none' | 'loading' | 'loaded' | 'error';

export interface CheckpointList {
  items: Checkpoint[];
  totalSize: number;
  state: LoadState;
  error?: unknown;
}

export const CHECKPOINT_PAGE_SIZE = 20;

/** What the checkpoint lists need from the store that owns them. */
export interface CheckpointHost {
  /** The API and generation of the current workspace; throws when there is none. */
  requireContext(): { api: StudiosApi; gen: number; signal?: AbortSignal };
  /** The current generation: an answer from an older one is dropped. */
  currentGen(): number;
  /** Announces that these Studios' checkpoint lists changed. */
  fireCheckpoints(sessionIds: string[]): void;
}

export class StudioCheckpoints {
  private readonly lists = new Map<string, CheckpointList>();
  private readonly loads = new Map<string, Promise<void>>();
  /** Studios whose status changed in the current apply: their checkpoint list is stale. */
  private readonly staleOnStatusChange = new Set<string>();

  constructor(private readonly host: CheckpointHost) {}

  get(sessionId: string): CheckpointList | undefined {
    return this.lists.get(sessionId);
  }

  /** Drops every list and load (the store was pointed at another workspace). */
  clear(): void {
    this.lists.clear();
    this.loads.clear();
  }

  /** Drops one Studio's list (the Studio is gone). */
  forget(sessionId: string): void {
    this.lists.delete(sessionId);
  }

  /** Loads the next page of a Studio's checkpoints (or the first one). */
  loadMore(sessionId: string): Promise<void> {
    return this.load(sessionId, 'more');
  }

  /** Reloads the first page, keeping the old items on show meanwhile. */
  reload(sessionId: string): Promise<void> {
    return this.load(sessionId, 'reload');
  }

  /** First page unless already loaded (the tree calls it when a Studio is expanded). */
  ensure(sessionId: string): Promise<void> {
    const list = this.lists.get(sessionId);
    if (list && list.state !== 'none') return this.loads.get(sessionId) ?? Promise.resolve();
    return this.load(sessionId, 'reload').catch(() => undefined);
  }

  /** Marks loaded lists stale (one Studio's, or all); the tree reloads those it shows. */
  invalidate(sessionId?: string): void {
    const ids = sessionId ? [sessionId] : [...this.lists.keys()];
    const stale = ids.filter((id) => {
      const list = this.lists.get(id);
      if (!list || list.state === 'loading') return false;
      list.state = 'none';
      return true;
    });
    if (stale.length > 0) this.host.fireCheckpoints(stale);
  }

  /** Replaces one checkpoint (after a rename). */
  apply(sessionId: string, cp: Checkpoint): void {
    const list = this.lists.get(sessionId);
    if (!list) return;
    list.items = list.items.map((c) => (c.id === cp.id ? cp : c));
    this.host.fireCheckpoints([sessionId]);
  }

  /** Called for each Studio a fetch changed: a new status makes its loaded list stale. */
  noteStudioChange(old: Studio | undefined, next: Studio): void {
    if (!old || old.statusInfo.status === next.statusInfo.status) return;
    const list = this.lists.get(next.sessionId);
    if (list) {
      list.state = 'none';
      this.staleOnStatusChange.add(next.sessionId);
    }
  }

  /** Of the Studios an apply changed, those whose list went stale; resets for the next apply. */
  takeStale(changed: readonly string[]): string[] {
    const stale = changed.filter((id) => this.staleOnStatusChange.has(id));
    this.staleOnStatusChange.clear();
    return stale;
  }

  private load(sessionId: string, mode: 'reload' | 'more'): Promise<void> {
    const running = this.loads.get(sessionId);
    if (running) return running;
    const ctx = this.host.requireContext();
    const old = this.lists.get(sessionId);
    const list: CheckpointList = mode === 'more' && old ? old : { items: [], totalSize: 0, state: 'loading' };
    if (mode === 'reload' && old) {
      // keep showing the old items while reloading
      list.items = old.items;
      list.totalSize = old.totalSize;
    }
    list.state = 'loading';
    this.lists.set(sessionId, list);
    const offset = mode === 'more' ? list.items.length : 0;
    const load = (async () => {
      try {
        const page = await ctx.api.listCheckpoints(sessionId, offset, CHECKPOINT_PAGE_SIZE, ctx.signal);
        if (this.host.currentGen() !== ctx.gen || this.lists.get(sessionId) !== list) return;
        const known = new Set(offset > 0 ? list.items.map((c) => c.id) : []);
        const fresh = page.checkpoints.filter((c) => !known.has(c.id));
        list.items = offset > 0 ? [...list.items, ...fresh] : fresh;
        list.totalSize = page.totalSize;
        list.state = 'loaded';
        list.error = undefined;
      } catch (e) {
        if (this.host.currentGen() !== ctx.gen || this.lists.get(sessionId) !== list) return;
        list.state = 'error';
        list.error = e;
        throw e;
      } finally {
        this.loads.delete(sessionId);
        if (this.host.currentGen() === ctx.gen) this.host.fireCheckpoints([sessionId]);
      }
    })();
    this.loads.set(sessionId, load);
    return load;
  }
}
