import * as assert from 'node:assert/strict';
import type { ProgressStep, Studio } from '../../../src/platform/studioTypes';
import { STUCK_AFTER_MS, StuckWatcher, stuckDescription, stuckTooltip } from '../../../src/studios/stuck';
import type { RefreshTarget, StudioContext, StudiosChange } from '../../../src/studios/studioStore';
import { ManualTimers } from '../../../src/testing/manualTimers';
import { Emitter } from '../../../src/ui/emitter';
import { studio } from './builders';

/** A store with just what the watcher reads: its Studios and its change events. */
class FakeStore {
  /** How far the Platform's clock is ahead of the local one (what its Date headers told the store). */
  skewMs = 0;
  constructor(private readonly local: ManualTimers) {}
  platformNow(): number {
    return this.local.now() + this.skewMs;
  }
  private readonly list = new Map<string, Studio>();
  private readonly changes = new Emitter<StudiosChange>();
  private readonly contexts = new Emitter<StudioContext | undefined>();
  readonly onDidChange = this.changes.event;
  readonly onDidChangeContext = this.contexts.event;
  get studios(): Studio[] {
    return [...this.list.values()];
  }
  get(id: string): Studio | undefined {
    return this.list.get(id);
  }
  /** Studio ids read one by one, and what the Platform says of them then (unset: unchanged). */
  readonly refreshed: string[] = [];
  readonly platform = new Map<string, Studio>();
  async refresh(target: RefreshTarget): Promise<void> {
    if (typeof target !== 'object' || !('studio' in target)) throw new Error('the watcher reads single Studios only');
    this.refreshed.push(target.studio);
    const now = this.platform.get(target.studio);
    if (now) this.put(now);
  }
  put(s: Studio): void {
    this.list.set(s.sessionId, s);
    this.changes.fire({ structural: false, changed: [s.sessionId], checkpoints: [] });
  }
}

const M = 60_000;
const T0 = Date.parse('2026-12-01T10:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const steps = (...statuses: ProgressStep['status'][]): ProgressStep[] =>
  statuses.map((status, i) => ({ status, message: ['Provisioning compute resources', 'Mounting checkpoints', 'Starting VS Code'][i], warnings: [] }));

describe('stuck Studio transitions (unit)', () => {
  let timers: ManualTimers;
  let store: FakeStore;
  let watcher: StuckWatcher;
  let fired: string[][];

  beforeEach(() => {
    timers = new ManualTimers(T0);
    store = new FakeStore(timers);
    watcher = new StuckWatcher(store, timers);
    fired = [];
    watcher.onDidChange((ids) => fired.push(ids));
  });
  afterEach(() => watcher.dispose());

  it('a stop is dated by the Platform (statusInfo.lastUpdate): the one timer is due 10 minutes after it, and the note appears then, not before', async () => {
    const since = T0 - 3 * M;
    store.put(studio('s', 'stopping', { statusInfo: { status: 'stopping', lastUpdate: iso(since) } }));
    assert.equal(watcher.nextCheckAt, since + STUCK_AFTER_MS);
    await timers.advance(7 * M - 1);
    assert.equal(watcher.note('s-s'), undefined);
    assert.deepEqual(fired, []);
    assert.deepEqual(store.refreshed, [], 'nothing read while waiting');
    await timers.advance(1);
    assert.deepEqual(store.refreshed, ['s-s'], 'read once when it would become stuck');
    assert.deepEqual(fired, [['s-s']], 'the tree is told once');
    assert.deepEqual(watcher.note('s-s'), { kind: 'stopping', since, sinceFrom: 'platform', forMs: 10 * M, step: undefined });
    assert.equal(watcher.nextCheckAt, undefined);
    await timers.advance(60 * M);
    assert.deepEqual(fired, [['s-s']]);
    assert.deepEqual(store.refreshed, ['s-s']);
    assert.equal(watcher.note('s-s')?.forMs, 70 * M);
  });

  it('a start still at its first step is dated by the Platform; a step change restarts the ten minutes from when it was seen', async () => {
    store.put(studio('a', 'starting', { statusInfo: { status: 'starting', lastUpdate: iso(T0) }, progress: steps('in-progress', 'pending', 'pending') }));
    assert.equal(watcher.nextCheckAt, T0 + STUCK_AFTER_MS);
    await timers.advance(4 * M);
    store.put(studio('a', 'starting', { statusInfo: { status: 'starting', lastUpdate: iso(T0) }, progress: steps('succeeded', 'in-progress', 'pending') }));
    assert.equal(watcher.nextCheckAt, T0 + 4 * M + STUCK_AFTER_MS, 'dated when the change was seen');
    await timers.advance(9 * M);
    assert.equal(watcher.note('s-a'), undefined, 'thirteen minutes starting, but only nine without progress');
    // A refresh with the same steps changes nothing.
    store.put(studio('a', 'starting', { statusInfo: { status: 'starting', lastUpdate: iso(T0) }, progress: steps('succeeded', 'in-progress', 'pending') }));
    await timers.advance(M);
    assert.deepEqual(watcher.note('s-a'), { kind: 'starting', since: T0 + 4 * M, sinceFrom: 'observed', forMs: 10 * M, step: 'Mounting checkpoints' });
    assert.deepEqual(fired, [['s-a']]);
  });

  it('a start first seen past its first step is dated when it was seen (its steps carry no time); a lastUpdate in the future is not trusted', () => {
    store.put(studio('b', 'starting', { statusInfo: { status: 'starting', lastUpdate: iso(T0 - 30 * M) }, progress: steps('succeeded', 'in-progress', 'pending') }));
    store.put(studio('c', 'stopping', { statusInfo: { status: 'stopping', lastUpdate: iso(T0 + 5 * M) } }));
    assert.equal(watcher.note('s-b'), undefined);
    assert.equal(watcher.nextCheckAt, T0 + STUCK_AFTER_MS);
  });

  it('a transition already long under way when first seen is stuck at once; one that settles is forgotten', async () => {
    store.put(studio('d', 'stopping', { statusInfo: { status: 'stopping', lastUpdate: iso(T0 - 45 * M) } }));
    assert.equal(watcher.note('s-d')?.forMs, 45 * M);
    store.put(studio('e', 'stopping', { statusInfo: { status: 'stopping', lastUpdate: iso(T0 - M) } }));
    store.put(studio('e', 'stopped', { statusInfo: { status: 'stopped', lastUpdate: iso(T0) } }));
    assert.equal(watcher.nextCheckAt, undefined, 'no timer for a Studio that stopped');
    await timers.advance(30 * M);
    assert.equal(watcher.note('s-e'), undefined);
    assert.deepEqual(fired, []);
  });

  it('a Studio that stopped while the list was not refreshed gets no note: the one read at the due time shows it', async () => {
    store.put(studio('f', 'stopping', { statusInfo: { status: 'stopping', lastUpdate: iso(T0) } }));
    store.platform.set('s-f', studio('f', 'stopped', { statusInfo: { status: 'stopped', lastUpdate: iso(T0 + M) } }));
    await timers.advance(STUCK_AFTER_MS);
    assert.deepEqual(store.refreshed, ['s-f']);
    assert.equal(watcher.note('s-f'), undefined);
    assert.deepEqual(fired, []);
    assert.equal(watcher.nextCheckAt, undefined);
  });

  it("counts on the Platform's clock, not the local one: with the Platform an hour ahead, a stop it dated 3 minutes ago is stuck 7 local minutes later", async () => {
    store.skewMs = 60 * M;
    store.put(studio('g', 'stopping', { statusInfo: { status: 'stopping', lastUpdate: iso(T0 + 60 * M - 3 * M) } }));
    await timers.advance(7 * M - 1);
    assert.equal(watcher.note('s-g'), undefined);
    await timers.advance(1);
    assert.equal(watcher.note('s-g')?.forMs, 10 * M);
    assert.equal(watcher.note('s-g')?.sinceFrom, 'platform');
  });

  it('says how long, since when by whose clock, and what the API offers', () => {
    const stop = { kind: 'stopping' as const, since: T0, sinceFrom: 'platform' as const, forMs: 12 * M };
    assert.equal(stuckDescription(stop), 'stopping for 12 min: may be stuck');
    assert.match(stuckTooltip(stop, { sessionId: 'abc123' }), /^⚠ \*\*Stopping for 12 min\*\* \(since 2026-12-01 10:00 UTC, the Platform's time\).*offers no other action.*`abc123`/);
    const start = { kind: 'starting' as const, since: T0, sinceFrom: 'observed' as const, forMs: 3 * 60 * M, step: 'Mounting checkpoints' };
    assert.equal(stuckDescription(start), 'no progress for 3 h: may be stuck');
    assert.match(stuckTooltip(start, { sessionId: 'x' }), /^⚠ \*\*No progress for 3 h\*\* at \*Mounting checkpoints\* \(since 2026-12-01 10:00 UTC, when this window saw it\).*\*Stop Studio\* stops it/);
  });
});
