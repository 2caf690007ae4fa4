import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { StudioStore } from '../../../src/studios/studioStore';
import { ManualTimers } from '../../../src/testing/manualTimers';
import { PlatformClient } from '../../../src/platform/client';
import { StudiosApi } from '../../../src/platform/studios';
import { startEmulator, type Emulator } from '../../emulator';

/**
 * The store and the Studios API against the emulator in plain Node: the
 * lifecycle as the Platform plays it (start → starting with steps → running,
 * stop → stopped with a finalized checkpoint), both clocks moved by hand.
 */
describe('studio store against the emulator (unit)', function () {
  this.timeout(20_000);
  let emu: Emulator;
  let http: HttpClient;
  let timers: ManualTimers;
  let store: StudioStore;
  let api: StudiosApi;
  let wsId: number;

  beforeEach(async () => {
    emu = await startEmulator({ seed: 5 });
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    wsId = emu.state.workspace('genomics-core', 'rnaseq').id;
    api = new StudiosApi(new PlatformClient({ apiUrl: emu.platformUrl, token: emu.token, http }), wsId);
    timers = new ManualTimers();
    store = new StudioStore({ timers });
    store.setContext({ api, key: 'rnaseq', workspaceLabel: 'genomics-core / rnaseq', userId: emu.state.mainUser.id });
  });
  afterEach(async () => {
    store.dispose();
    await http.close();
    await emu.stop();
  });

  async function step(ms: number): Promise<void> {
    await emu.clock.advance(ms);
    await timers.advance(ms);
  }

  it('follows a start through the real progress steps to running, then a stop to a finalized checkpoint', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'unit-life', status: 'stopped' });
    await store.refresh('all', 'manual');
    const id = rec.sessionId;
    const answer = await api.startStudio(id);
    store.applyStatus(id, answer.statusInfo.status);
    const watching = store.watch(id);
    const seenSteps = new Set<string>();
    store.onDidChange(() => {
      for (const p of store.get(id)?.progress ?? []) if (p.status === 'in-progress') seenSteps.add(p.message);
    });
    let outcome: unknown;
    void watching.then((o) => (outcome = o));
    for (let i = 0; i < 60 && outcome === undefined; i++) await step(2_000);
    assert.deepEqual(outcome, { kind: 'settled', status: 'running' });
    assert.ok(seenSteps.has('Provisioning compute resources'), [...seenSteps].join());
    assert.equal(store.scheduler.isWatching(id), false);

    await store.ensureCheckpoints(id);
    const before = store.checkpoints(id)?.items ?? [];
    await api.stopStudio(id);
    store.applyStatus(id, 'stopping');
    const stopping = store.watch(id);
    outcome = undefined;
    void stopping.then((o) => (outcome = o));
    for (let i = 0; i < 60 && outcome === undefined; i++) await step(2_000);
    assert.deepEqual(outcome, { kind: 'settled', status: 'stopped' });
    await store.ensureCheckpoints(id);
    const after = store.checkpoints(id)?.items ?? [];
    assert.equal(after[0]?.status, 'finalized', JSON.stringify({ before, after }));
  });

  it('creates with autoStart and the new Studio is on its way', async () => {
    const ce = emu.state.computeEnvsIn(wsId).find((c) => c.status === 'AVAILABLE');
    assert.ok(ce);
    const s = await api.createStudio({ name: 'unit-created', computeEnvId: ce.id, dataStudioToolUrl: emu.state.templates[0].repository }, true);
    assert.ok(['starting', 'building'].includes(s.statusInfo.status), s.statusInfo.status);
    const stopped = await api.createStudio({ name: 'unit-created-2', computeEnvId: ce.id, dataStudioToolUrl: emu.state.templates[0].repository }, false);
    assert.equal(stopped.statusInfo.status, 'stopped');
  });

  it('#11.6 deletes a Studio whose DELETE answer was lost: the retry\'s 404 is success, not an error', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'unit-lost-delete', status: 'stopped' });
    emu.faults.add({ method: 'DELETE', path: `/studios/${rec.sessionId}`, kind: 'lostReply', count: 1 });
    await api.deleteStudio(rec.sessionId);
    const deletes = emu.requests.filter((r) => r.method === 'DELETE');
    assert.deepEqual(deletes.map((r) => r.status), [0, 404], 'the first answer was lost, the retry found nothing');
    assert.equal(emu.state.studiosIn(wsId).some((s) => s.sessionId === rec.sessionId), false);
  });

  it('#11.9 switching away from a 5,000-Studio workspace mid-load stops its page requests', async () => {
    const org = emu.state.org('genomics-core');
    const big = emu.state.addWorkspace(org.orgId, { name: 'big5k' }, [[emu.state.mainUser.id, 'owner']]);
    emu.state.addComputeEnv(big.id, { name: 'big-batch', status: 'AVAILABLE' });
    for (let i = 0; i < 5_000; i++) emu.state.addStudio({ workspaceId: big.id, name: `s-${i}`, status: 'stopped' });
    const bigApi = new StudiosApi(new PlatformClient({ apiUrl: emu.platformUrl, token: emu.token, http }), big.id);
    store.setContext({ api: bigApi, key: 'big5k', workspaceLabel: 'genomics-core / big5k' });
    emu.faults.add({ method: 'GET', path: '/studios', query: { workspaceId: String(big.id) }, kind: 'hold' });
    const loading = store.ensureLoaded();
    await emu.faults.whenHeld(1);
    emu.faults.release(); // the first page: 100 of 5,000
    await emu.faults.whenHeld(10); // ten more pages in flight
    const bigPages = () => emu.requests.filter((r) => r.method === 'GET' && r.path === '/api/studios' && r.query.workspaceId === String(big.id));
    store.setContext({ api, key: 'rnaseq', workspaceLabel: 'genomics-core / rnaseq' });
    emu.faults.clear();
    emu.faults.release();
    await loading;
    await store.refresh('all', 'manual');
    // The log holds what the emulator answered: the first page and the ten in flight at the switch, none of the 39 left.
    assert.equal(bigPages().length, 11, 'no page of the old workspace is asked after the switch');
    assert.ok(store.studios.length > 0 && store.studios.every((st) => emu.state.studiosIn(wsId).some((r) => r.sessionId === st.sessionId)));
  });

  it('#11.9 dispose aborts the requests of the current context', async () => {
    emu.faults.add({ method: 'GET', path: '/studios', kind: 'hold' });
    const loading = store.ensureLoaded();
    await emu.faults.whenHeld(1);
    store.dispose();
    await loading;
    assert.equal(store.state, 'none', 'the load ended as cancelled, not as an error');
    emu.faults.clear();
    emu.faults.release();
  });
});
