import * as assert from 'node:assert/strict';
import { SeqeraError } from '../../../src/net/errors';
import { StudioStore, type StudiosChange } from '../../../src/studios/studioStore';
import { ManualTimers } from '../../../src/testing/manualTimers';
import type { ListOptions, StudiosApi } from '../../../src/platform/studios';
import type { Checkpoint, CheckpointPage, Studio, StudioStatus } from '../../../src/platform/studioTypes';
import { checkpoint, studio } from './builders';

/** An in-memory stand-in for the three calls the store makes; records them. */
class FakeApi {
  calls: string[] = [];
  studios = new Map<string, Studio>();
  checkpoints = new Map<string, Checkpoint[]>();
  failList: Error | undefined;
  failGet: Error | undefined;
  /** Resolves the next list call by hand when set. */
  gate: Promise<void> | undefined;

  /** Serves only this many Studios and reports the cut, as fetchAllPages does at its cap. */
  cap: number | undefined;

  async listStudios(options: ListOptions = {}): Promise<Studio[]> {
    this.calls.push('list');
    const snapshot = [...this.studios.values()].map((s) => structuredClone(s));
    if (this.gate) await this.gate;
    if (this.failList) throw this.failList;
    if (this.cap === undefined || snapshot.length <= this.cap) return snapshot;
    options.onTruncated?.({ kept: this.cap, total: snapshot.length });
    return snapshot.slice(0, this.cap);
  }
  async getStudio(id: string): Promise<Studio> {
    this.calls.push(`get ${id}`);
    if (this.failGet) throw this.failGet;
    const s = this.studios.get(id);
    if (!s) throw new SeqeraError('notFound', 'Studio not found', { status: 404 });
    return structuredClone(s);
  }
  async listCheckpoints(id: string, offset: number, max: number): Promise<CheckpointPage> {
    this.calls.push(`checkpoints ${id} ${offset}`);
    const all = this.checkpoints.get(id) ?? [];
    return { checkpoints: all.slice(offset, offset + max), totalSize: all.length };
  }
  set(name: string, status: StudioStatus): void {
    const s = this.studios.get(`s-${name}`) ?? studio(name);
    this.studios.set(s.sessionId, { ...s, statusInfo: { status } });
  }
  asApi(): StudiosApi {
    // The store only calls the three methods above.
    return this as unknown as StudiosApi;
  }
}

function setup() {
  const timers = new ManualTimers();
  const api = new FakeApi();
  const store = new StudioStore({ timers, fastPoll: { initialDelayMs: 1000, maxDelayMs: 1000, factor: 1, timeoutMs: 60_000, maxFailures: 2 } });
  const events: StudiosChange[] = [];
  store.onDidChange((e) => events.push(e));
  store.setContext({ api: api.asApi(), key: 'ws1', workspaceLabel: 'acme / ws1' });
  events.length = 0;
  return { timers, api, store, events };
}

describe('studio store (unit)', () => {
  it('loads the list once and reports only the Studios that changed', async () => {
    const { api, store, events } = setup();
    for (const n of ['a', 'b', 'c']) api.set(n, 'stopped');
    await store.ensureLoaded();
    await store.ensureLoaded();
    assert.deepEqual(api.calls, ['list']);
    assert.equal(store.studios.length, 3);
    assert.ok(events.some((e) => e.structural && e.changed.length === 3));

    events.length = 0;
    api.set('b', 'starting');
    await store.refresh('all', 'manual');
    assert.deepEqual(events, [{ structural: false, changed: ['s-b'], checkpoints: [] }]);

    events.length = 0;
    await store.refresh('all', 'manual');
    assert.deepEqual(events, [], 'nothing changed, nothing fired');

    api.studios.delete('s-a');
    await store.refresh('all', 'manual');
    assert.deepEqual(events, [{ structural: true, changed: ['s-a'], checkpoints: [] }]);
  });

  it('shares one list request between concurrent refreshes', async () => {
    const { api, store } = setup();
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const a = store.refresh('all', 'manual');
    const b = store.refresh('all', 'interval');
    open();
    await Promise.all([a, b]);
    assert.deepEqual(api.calls, ['list']);
  });

  it('keeps the old list when a refresh fails; rejects only manual refreshes', async () => {
    const { api, store } = setup();
    api.set('a', 'running');
    await store.refresh('all', 'manual');
    api.failList = new SeqeraError('server', 'Bad gateway', { status: 502 });
    const failures: unknown[] = [];
    store.onDidFailRefresh((f) => failures.push(f.error));
    await store.refresh('all', 'interval');
    await assert.rejects(store.refresh('all', 'manual'), /Bad gateway/);
    assert.equal(store.studios.length, 1, 'old data kept');
    assert.equal(store.state, 'loaded');
    assert.equal(failures.length, 2);
    api.failList = undefined;
    await store.refresh('all', 'interval');
    assert.equal(store.lastError, undefined);
  });

  it('#17.5 a kept error clears when its condition ends: the host answers again, or the session works again', async () => {
    const { api, store } = setup();
    api.set('a', 'running');
    await store.refresh('all', 'manual');
    api.failList = new SeqeraError('network', 'Cannot find the host cloud.seqera.io.');
    await store.refresh('all', 'interval');
    assert.match(String((store.lastError as Error).message), /Cannot find the host/);
    api.failList = new SeqeraError('server', 'Bad gateway', { status: 502 });
    await store.refresh('all', 'interval');
    await store.refresh({ studio: 's-a' }, 'action');
    assert.match(String((store.lastError as Error).message), /Bad gateway/, 'a server error of the list is not ended by another call');
    api.failList = new SeqeraError('network', 'Cannot find the host cloud.seqera.io.');
    await store.refresh('all', 'interval');
    const events: StudiosChange[] = [];
    store.onDidChange((e) => events.push(e));
    await store.refresh({ studio: 's-a' }, 'action');
    assert.equal(store.lastError, undefined, 'a later answer from the host ends the host error');
    assert.ok(events.length >= 1, 'the view hears of it (its message is recomputed)');

    api.failList = new SeqeraError('auth', 'cloud.seqera.io rejected this access token');
    await store.refresh('all', 'interval');
    assert.ok(store.lastError);
    store.setContext({ api: api.asApi(), key: 'ws1', workspaceLabel: 'acme / ws1', userId: 1 });
    assert.equal(store.lastError, undefined, 'signed in again: the rejected-token error is gone');
  });

  it('a first load that fails leaves the store in error until a retry', async () => {
    const { api, store } = setup();
    api.failList = new SeqeraError('forbidden', 'No access', { status: 403 });
    await store.ensureLoaded();
    assert.equal(store.state, 'error');
    await store.ensureLoaded();
    assert.deepEqual(api.calls, ['list'], 'no automatic retry loop');
  });

  it('#17.1 a start/stop answer drops the steps of the previous transition', async () => {
    const { api, store } = setup();
    api.studios.set('s-a', studio('a', 'running', {
      progress: [
        { status: 'succeeded', message: 'Provisioning compute resources', warnings: [] },
        { status: 'succeeded', message: 'Starting JupyterLab', warnings: [] },
      ],
    }));
    await store.refresh('all', 'manual');
    assert.equal(store.get('s-a')?.progress.length, 2);
    store.applyStatus('s-a', 'stopping');
    assert.equal(store.get('s-a')?.statusInfo.status, 'stopping');
    assert.deepEqual(store.get('s-a')?.progress, []);
  });

  it('drops answers that arrive after a workspace switch', async () => {
    const { api, store, events } = setup();
    api.set('a', 'running');
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const pending = store.refresh('all', 'manual');
    store.setContext(undefined);
    open();
    await pending;
    assert.equal(store.studios.length, 0);
    assert.ok(events.every((e) => e.changed.length === 0));
  });

  it('fast-polls a started Studio until it settles, then reloads its checkpoints', async () => {
    const { api, store, timers, events } = setup();
    api.set('a', 'running');
    api.checkpoints.set('s-a', [checkpoint(1)]);
    await store.refresh('all', 'manual');
    await store.ensureCheckpoints('s-a');
    assert.equal(store.checkpoints('s-a')?.items.length, 1);

    api.set('a', 'stopping');
    store.applyStatus('s-a', 'stopping');
    const outcome = store.watch('s-a');
    await timers.advance(1000);
    api.set('a', 'stopped');
    api.checkpoints.set('s-a', [checkpoint(2), checkpoint(1)]);
    events.length = 0;
    await timers.advance(1000);
    assert.deepEqual(await outcome, { kind: 'settled', status: 'stopped' });
    assert.deepEqual(events.at(-1), { structural: false, changed: ['s-a'], checkpoints: ['s-a'] });
    await store.ensureCheckpoints('s-a');
    assert.deepEqual(store.checkpoints('s-a')?.items.map((c) => c.id), [2, 1]);
    const gets = api.calls.filter((c) => c === 'get s-a').length;
    await timers.advance(600_000);
    assert.equal(api.calls.filter((c) => c === 'get s-a').length, gets, 'no fast poll once settled');
  });

  it('#11.4 a workspace switch ends the follows quietly (abandoned, not gone) and polls nothing of the old workspace', async () => {
    const { api, store, timers } = setup();
    api.set('a', 'starting');
    await store.refresh('all', 'manual');
    const outcome = store.watch('s-a');
    const other = new FakeApi();
    store.setContext({ api: other.asApi(), key: 'ws2', workspaceLabel: 'acme / ws2' });
    assert.deepEqual(await outcome, { kind: 'abandoned' });
    const before = api.calls.length;
    await timers.advance(60_000);
    assert.equal(api.calls.length, before, 'no poll of the old workspace after the switch');
    assert.deepEqual(other.calls, [], 'nor of its Studio in the new one');
  });

  it('#11.4 an answer from the old context (create, start from checkpoint) is never written into the new list', async () => {
    const { api, store } = setup();
    api.set('a', 'stopped');
    await store.refresh('all', 'manual');
    const old = store.context;
    const other = new FakeApi();
    other.set('b', 'stopped');
    store.setContext({ api: other.asApi(), key: 'ws2', workspaceLabel: 'acme / ws2' });
    await store.refresh('all', 'manual');
    store.applyStudio(studio('created-in-ws1', 'starting'), old);
    store.applyStatus('s-b', 'starting', undefined, old);
    assert.deepEqual(store.studios.map((s) => `${s.name}:${s.statusInfo.status}`), ['b:stopped']);
    store.applyStudio(studio('created-in-ws2', 'starting'), store.context);
    assert.deepEqual(store.studios.map((s) => s.name).sort(), ['b', 'created-in-ws2']);
  });

  it('a fast poll that finds the Studio gone removes it', async () => {
    const { api, store, timers } = setup();
    api.set('a', 'stopping');
    await store.refresh('all', 'manual');
    const outcome = store.watch('s-a');
    api.studios.delete('s-a');
    await timers.advance(1000);
    assert.deepEqual(await outcome, { kind: 'gone' });
    assert.equal(store.get('s-a'), undefined);
  });

  it('pages checkpoints, newest first as the server sends them', async () => {
    const { api, store } = setup();
    api.set('a', 'stopped');
    api.checkpoints.set('s-a', Array.from({ length: 45 }, (_, i) => checkpoint(45 - i)));
    await store.refresh('all', 'manual');
    await store.ensureCheckpoints('s-a');
    assert.equal(store.checkpoints('s-a')?.items.length, 20);
    await store.loadMoreCheckpoints('s-a');
    await store.loadMoreCheckpoints('s-a');
    const list = store.checkpoints('s-a');
    assert.equal(list?.items.length, 45);
    assert.equal(list?.totalSize, 45);
    assert.equal(list?.items[0].id, 45);
  });

  it('keeps the paging cap it was told of until a list comes back whole, and forgets it on a workspace switch', async () => {
    const { api, store, events } = setup();
    for (const n of ['a', 'b', 'c']) api.set(n, 'stopped');
    api.cap = 2;
    await store.ensureLoaded();
    assert.equal(store.studios.length, 2);
    assert.deepEqual(store.truncation, { kept: 2, total: 3 });

    events.length = 0;
    await store.refresh('all', 'manual');
    assert.deepEqual(events, [], 'the same cut again: nothing fired');

    api.cap = undefined;
    await store.refresh('all', 'manual');
    assert.equal(store.truncation, undefined);
    assert.equal(store.studios.length, 3);
    assert.ok(events.length > 0, 'the view hears that the cut is gone');

    api.cap = 1;
    await store.refresh('all', 'manual');
    assert.deepEqual(store.truncation, { kept: 1, total: 3 });
    store.setContext({ api: api.asApi(), key: 'ws2', workspaceLabel: 'acme / ws2' });
    assert.equal(store.truncation, undefined);
  });
});
