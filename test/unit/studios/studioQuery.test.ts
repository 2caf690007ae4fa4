import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { serverSearch, StudioStore } from '../../../src/studios/studioStore';
import { ManualTimers } from '../../../src/testing/manualTimers';
import { PlatformClient } from '../../../src/platform/client';
import { StudiosApi } from '../../../src/platform/studios';
import { startEmulator, type Emulator } from '../../emulator';

/**
 * #16.5 in the store, against the emulator in plain Node: My Studios and the Platform search are sent as
 * the list's `search` parameter, a new query drops the old list and its load in flight, and a workspace past
 * the 10,000-Studio cap is searched whole.
 */
describe('studio store: My Studios and Platform search (unit)', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let http: HttpClient;
  let store: StudioStore;
  let api: StudiosApi;
  let wsId: number;
  const names = (): string[] => store.studios.map((s) => s.name).sort();
  const lists = () => emu.requests.filter((r) => r.method === 'GET' && /\/studios$/.test(r.path));

  beforeEach(async () => {
    emu = await startEmulator({ seed: 5 });
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    wsId = emu.state.workspace('genomics-core', 'rnaseq').id;
    api = new StudiosApi(new PlatformClient({ apiUrl: emu.platformUrl, token: emu.token, http }), wsId);
    store = new StudioStore({ timers: new ManualTimers() });
  });
  afterEach(async () => {
    store.dispose();
    await http.close();
    await emu.stop();
  });

  it('writes the search parameter: userId: for My Studios (the spec keyword), then the typed search', () => {
    assert.equal(serverSearch({ mine: false, search: '' }, 7), undefined);
    assert.equal(serverSearch({ mine: true, search: '' }, 7), 'userId:7');
    assert.equal(serverSearch({ mine: true, search: ' status:running ' }, 7), 'userId:7 status:running');
    // The user is not known yet: nothing to ask for but the typed search.
    assert.equal(serverSearch({ mine: true, search: '' }, undefined), undefined);
  });

  it('My Studios asks the Platform for the signed-in user\'s Studios only; All Studios asks for every one', async () => {
    const me = emu.state.mainUser;
    store.setContext({ api, key: 'rnaseq', workspaceLabel: 'genomics-core / rnaseq', userId: me.id });
    await store.refresh('all', 'manual');
    const all = emu.state.studiosIn(wsId).map((s) => s.name).sort();
    assert.deepEqual(names(), all);
    emu.clearRequests();
    store.setQuery({ mine: true, search: '' });
    assert.equal(store.state, 'none', 'the old list is dropped');
    await store.ensureLoaded();
    const mine = emu.state.studiosIn(wsId).filter((s) => s.userId === me.id).map((s) => s.name).sort();
    assert.ok(mine.length > 0 && mine.length < all.length);
    assert.deepEqual(names(), mine);
    assert.deepEqual(lists().map((r) => r.query.search), [`userId:${me.id}`]);
    store.setQuery({ mine: false, search: '' });
    await store.ensureLoaded();
    assert.deepEqual(names(), all);
  });

  it('My Studios waits for the user id, then asks again with it', async () => {
    store.setQuery({ mine: true, search: '' });
    store.setContext({ api, key: 'rnaseq', workspaceLabel: 'genomics-core / rnaseq' });
    await store.ensureLoaded();
    assert.equal(store.mineApplied, false);
    assert.equal(store.studios.length, emu.state.studiosIn(wsId).length);
    emu.clearRequests();
    store.setContext({ api, key: 'rnaseq', workspaceLabel: 'genomics-core / rnaseq', userId: emu.state.mainUser.id });
    assert.equal(store.mineApplied, true);
    await store.ensureLoaded();
    assert.deepEqual(lists().map((r) => r.query.search), [`userId:${emu.state.mainUser.id}`]);
    assert.ok(store.studios.every((s) => s.user?.id === emu.state.mainUser.id));
  });

  it('a Platform search goes to the server with the keywords as typed and combines with My Studios; another workspace starts without it', async () => {
    const me = emu.state.mainUser;
    store.setContext({ api, key: 'rnaseq', workspaceLabel: 'genomics-core / rnaseq', userId: me.id });
    store.setQuery({ mine: false, search: 'userName:rsanchez' });
    await store.ensureLoaded();
    assert.deepEqual(names(), ['qc-notebook']);
    store.setQuery({ mine: true, search: 'status:errored' });
    emu.clearRequests();
    await store.ensureLoaded();
    assert.deepEqual(names(), ['igv-review']);
    assert.deepEqual(lists().map((r) => r.query.search), [`userId:${me.id} status:errored`]);
    const other = new StudiosApi(api.client, emu.state.workspace('genomics-core', 'variant-calling').id);
    store.setContext({ api: other, key: 'variants', workspaceLabel: 'genomics-core / variant-calling', userId: me.id });
    assert.deepEqual(store.query, { mine: true, search: '' }, 'the search belonged to rnaseq; My Studios stays');
  });

  it('a new query stops the old query\'s pages: its answer never lands', async () => {
    const big = emu.state.addWorkspace(emu.state.org('genomics-core').orgId, { name: 'big' }, [[emu.state.mainUser.id, 'owner']]);
    emu.state.addComputeEnv(big.id, { name: 'big-batch', status: 'AVAILABLE' });
    for (let i = 0; i < 1_500; i++) emu.state.addStudio({ workspaceId: big.id, name: `big-${String(i).padStart(4, '0')}`, status: 'stopped' });
    emu.state.addStudio({ workspaceId: big.id, name: 'needle', status: 'running' });
    store.setContext({ api: new StudiosApi(api.client, big.id), key: 'big', workspaceLabel: 'big', userId: emu.state.mainUser.id });
    const first = store.ensureLoaded();
    store.setQuery({ mine: false, search: 'needle' });
    await first;
    await store.ensureLoaded();
    assert.deepEqual(names(), ['needle']);
    const pages = lists().filter((r) => r.query.workspaceId === String(big.id) && r.query.search === undefined);
    assert.ok(pages.length < 15, `the dropped load stopped asking for its 15 pages (asked ${pages.length})`);
  });

  it('past the 10,000-Studio cap the list says it is cut, and a Platform search finds a Studio the cut left out', async function () {
    this.timeout(120_000);
    const big = emu.state.addWorkspace(emu.state.org('genomics-core').orgId, { name: 'huge' }, [[emu.state.mainUser.id, 'owner']]);
    emu.state.addComputeEnv(big.id, { name: 'huge-batch', status: 'AVAILABLE' });
    // The oldest Studio is listed last (newest first), past the cap.
    emu.state.addStudio({ workspaceId: big.id, name: 'oldest-needle', status: 'stopped', ageMs: 1000 * 86_400_000 });
    for (let i = 0; i < 10_050; i++) emu.state.addStudio({ workspaceId: big.id, name: `s-${String(i).padStart(5, '0')}`, status: 'stopped', ageMs: 1000 });
    store.setContext({ api: new StudiosApi(api.client, big.id), key: 'huge', workspaceLabel: 'huge', userId: emu.state.mainUser.id });
    await store.ensureLoaded();
    assert.deepEqual(store.truncation, { kept: 10_000, total: 10_051 });
    assert.equal(store.get(emu.state.studioByName('oldest-needle', big.id).sessionId), undefined, 'cut off');
    store.setQuery({ mine: false, search: 'needle' });
    await store.ensureLoaded();
    assert.equal(store.truncation, undefined);
    assert.deepEqual(names(), ['oldest-needle']);
  });
});
