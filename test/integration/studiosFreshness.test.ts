import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { nextEvent } from '../../src/testing/nextEvent';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';
import type { StudiosTreeNode } from '../../src/studios/studioNodes';
import { startEmulator, STUDIO_TIMINGS, type Emulator } from '../emulator';
import { activateExtension } from './extension';
import { ScriptedUi } from './helpers/scriptedUi';

/**
 * #17.9 in a real VS Code: the Studios view's freshness bounds (shown again, a
 * Studio in transition started elsewhere) and lifespans counted on the
 * Platform's clock. The emulator's clock is manual and starts at 2025-06-02, a
 * year and a half behind this machine's, as a Platform whose clock differs
 * from the user's; the extension's poll timers are manual too.
 */
describe('Studios freshness (integration)', function () {
  this.timeout(120_000);
  let api: SeqeraTestRig;
  let emu: Emulator;
  let timers: ManualTimers;
  let ui: ScriptedUi;
  let originalUi: SeqeraTestRig['studios']['ui'];
  let wsId: number;
  const H = 3_600_000;

  const store = () => api.studios.store;
  const provider = () => api.studios.provider;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');

  async function itemOf(name: string): Promise<{ node: StudiosTreeNode; item: vscode.TreeItem }> {
    for (const node of await provider().getChildren()) {
      const item = provider().getTreeItem(node);
      if (item.label === name) return { node, item };
    }
    assert.fail(`the tree lists ${name}`);
  }

  async function setVisible(visible: boolean): Promise<void> {
    const view = api.studios.view;
    assert.ok(view);
    if (view.visible === visible) return;
    const changed = nextEvent(view.onDidChangeVisibility, (e) => e.visible === visible);
    await vscode.commands.executeCommand(visible ? 'seqera.studios.focus' : 'workbench.view.explorer');
    if (view.visible !== visible) await changed;
  }

  /** Requests to this workspace's Studios since `mark`, as "GET /api/studios[/id]". */
  function studioRequests(mark: number): string[] {
    return emu.requests
      .slice(mark)
      .filter((r) => /^\/api\/studios/.test(r.path) && r.query.workspaceId === String(wsId))
      .map((r) => `${r.method} ${r.path}`);
  }

  before(async () => {
    api = await activateExtension();
    emu = await startEmulator({ seed: 23 });
    timers = new ManualTimers();
    store().scheduler.setTimers(timers);
    await config().update('platformUrl', emu.platformUrl, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', emu.waveUrl, vscode.ConfigurationTarget.Global);
    await config().update('studios.refreshInterval', 60, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await api.session.signIn(emu.token);
    await api.workspaces.load();
    const org = emu.state.org('genomics-core');
    const ws = emu.state.addWorkspace(org.orgId, { name: 'fresh' }, [[emu.state.mainUser.id, 'owner']]);
    emu.state.addComputeEnv(ws.id, { name: 'fresh-batch', status: 'AVAILABLE' });
    wsId = ws.id;
    // Two pages per list refresh, so checking one Studio alone is the cheaper way.
    for (let i = 0; i < 120; i++) emu.state.addStudio({ workspaceId: ws.id, name: `f-idle-${String(i).padStart(3, '0')}`, status: 'stopped' });
    await api.workspaces.setActive({ workspaceId: ws.id, orgId: ws.orgId, orgName: 'genomics-core', workspaceName: 'fresh', fullName: 'genomics-core / fresh' });
    originalUi = api.studios.ui;
  });

  beforeEach(() => {
    ui = new ScriptedUi();
    api.studios.ui = ui;
  });

  afterEach(() => {
    assert.deepEqual(ui.unexpected, [], 'every prompt was scripted');
  });

  after(async () => {
    if (!api) return;
    api.studios.ui = originalUi;
    store().scheduler.setTimers(realTimers);
    await api.session.signOut();
    for (const key of ['platformUrl', 'waveUrl', 'studios.refreshInterval']) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await emu?.stop();
  });

  it('#17.9 a Studio stopped outside VS Code while the view was hidden shows stopping as soon as the view is shown again (43 s later), not at the next 60 s refresh', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'f-elsewhere', status: 'running' });
    await setVisible(true);
    await store().refresh('all', 'manual');
    assert.equal((await itemOf('f-elsewhere')).item.contextValue?.startsWith('studio:running'), true);
    await setVisible(false);
    emu.state.lifecycle.stop(rec); // in the web app
    const mark = emu.requests.length;
    await timers.advance(43_000);
    assert.deepEqual(studioRequests(mark), [], 'hidden: nothing');
    await setVisible(true);
    await timers.advance(0);
    assert.deepEqual(studioRequests(mark), ['GET /api/studios', 'GET /api/studios'], 'one list refresh (two pages) on showing again');
    assert.equal((await itemOf('f-elsewhere')).item.contextValue, 'studio:stopping');
    // Hidden and shown again 2 s later: the data is fresh, nothing is asked.
    await setVisible(false);
    await timers.advance(2_000);
    await setVisible(true);
    await timers.advance(0);
    assert.deepEqual(studioRequests(mark), ['GET /api/studios', 'GET /api/studios'], 'fresher than 5 s: no second refresh');
    await emu.clock.advance(STUDIO_TIMINGS.stopping);
    await store().refresh('all', 'manual');
    assert.equal((await itemOf('f-elsewhere')).item.contextValue, 'studio:stopped');
  });

  it('#17.9 a Studio started by someone else is checked every 5 s while it starts and the view is visible, alone, and shown running 5 s after it runs at the latest', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'f-colleague', status: 'stopped' });
    const colleague = emu.state.addUser({ userName: 'fresh-colleague' });
    await setVisible(true);
    emu.state.lifecycle.start(rec, colleague.id);
    await store().refresh('all', 'manual');
    assert.equal((await itemOf('f-colleague')).item.contextValue, 'studio:starting');
    assert.equal(store().scheduler.isWatching(rec.sessionId), false, 'nobody here follows it');
    const mark = emu.requests.length;
    const runsAfter = STUDIO_TIMINGS.provisioning + STUDIO_TIMINGS.mountingCheckpoints + STUDIO_TIMINGS.startingTool; // 35 s, no data links
    for (let t = 0; t < runsAfter; t += 5_000) {
      await emu.clock.advance(5_000);
      await timers.advance(5_000);
    }
    assert.equal((await itemOf('f-colleague')).item.contextValue?.startsWith('studio:running'), true, 'running, seen by the check at 35 s');
    const checks = studioRequests(mark);
    assert.deepEqual(checks, Array(runsAfter / 5_000).fill(`GET /api/studios/${rec.sessionId}`), 'one GET of that Studio every 5 s, no list');
    await emu.clock.advance(20_000);
    await timers.advance(20_000);
    assert.deepEqual(studioRequests(mark), checks, 'settled: the checks end');

    emu.state.lifecycle.stop(rec);
    await store().refresh('all', 'manual');
    await setVisible(false);
    const hidden = emu.requests.length;
    await emu.clock.advance(30_000);
    await timers.advance(30_000);
    assert.deepEqual(studioRequests(hidden), [], 'hidden: a Studio stopping is not checked');
  });

  it('#18 a workspace switch while VS Code waits for the root answers with the new workspace\'s Studios, never its empty list in loading', async () => {
    const org = emu.state.org('genomics-core');
    const other = emu.state.addWorkspace(org.orgId, { name: 'fresh-other' }, [[emu.state.mainUser.id, 'owner']]);
    emu.state.addComputeEnv(other.id, { name: 'other-batch', status: 'AVAILABLE' });
    emu.state.addStudio({ workspaceId: other.id, name: 'f-other-1', status: 'stopped' });
    const useWs = (id: number, name: string) =>
      api.workspaces.setActive({ workspaceId: id, orgId: org.orgId, orgName: 'genomics-core', workspaceName: name, fullName: `genomics-core / ${name}` });
    try {
      await useWs(other.id, 'fresh-other');
      await store().refresh('all', 'manual');
      // Back to the big one: its first page waits in the emulator while VS Code (here: the test) asks for the root.
      emu.faults.add({ server: 'platform', method: 'GET', path: '/studios', query: { workspaceId: String(wsId) }, kind: 'hold' });
      await useWs(wsId, 'fresh');
      const asked = provider().getChildren();
      await emu.faults.whenHeld(1);
      emu.faults.clear();
      await useWs(other.id, 'fresh-other'); // switched again before the answer
      emu.faults.release();
      const nodes = await asked;
      assert.deepEqual(nodes.map((n) => provider().getTreeItem(n).label), ['f-other-1']);
    } finally {
      emu.faults.clear();
      emu.faults.release();
      await useWs(wsId, 'fresh');
      await store().refresh('all', 'manual');
    }
  });

  it('#18 a workspace switch fires one root refresh, not one per step of the load (each put VS Code\'s ask off by its debounce)', async () => {
    const org = emu.state.org('genomics-core');
    const third = emu.state.addWorkspace(org.orgId, { name: 'fresh-third' }, [[emu.state.mainUser.id, 'owner']]);
    emu.state.addComputeEnv(third.id, { name: 'third-batch', status: 'AVAILABLE' });
    for (let i = 0; i < 3; i++) emu.state.addStudio({ workspaceId: third.id, name: `f-third-${i}`, status: 'stopped' });
    await setVisible(false); // VS Code does not ask meanwhile: every refresh the provider fires is counted
    await provider().getChildren(); // as VS Code's ask would: no refresh of before is still waiting for one
    const fired: string[] = [];
    const sub = provider().onDidChangeTreeData((node) => fired.push(node === undefined ? 'root' : 'item'));
    try {
      const loaded = nextEvent(store().onDidChange, () => store().state === 'loaded' && store().studios.length === 3);
      await api.workspaces.setActive({ workspaceId: third.id, orgId: org.orgId, orgName: 'genomics-core', workspaceName: 'fresh-third', fullName: 'genomics-core / fresh-third' });
      await store().ensureLoaded();
      await loaded;
      assert.deepEqual(fired, ['root'], 'the switch, the load starting, the list and its end: one refresh');
      assert.deepEqual((await provider().getChildren()).map((n) => provider().getTreeItem(n).label), ['f-third-0', 'f-third-1', 'f-third-2']);
    } finally {
      sub.dispose();
      await api.workspaces.setActive({ workspaceId: wsId, orgId: org.orgId, orgName: 'genomics-core', workspaceName: 'fresh', fullName: 'genomics-core / fresh' });
      await store().refresh('all', 'manual');
    }
  });

  it('#18 a workspace switch sets the view\'s message only when its text changes, and after the root refresh (VS Code debounces a message with the refreshes: one set first put the refresh off until the load was over)', async () => {
    const org = emu.state.org('genomics-core');
    const fourth = emu.state.addWorkspace(org.orgId, { name: 'fresh-fourth' }, [[emu.state.mainUser.id, 'owner']]);
    emu.state.addComputeEnv(fourth.id, { name: 'fourth-batch', status: 'AVAILABLE' });
    for (let i = 0; i < 2; i++) emu.state.addStudio({ workspaceId: fourth.id, name: `f-fourth-${i}`, status: 'stopped' });
    const useWs = (id: number, name: string) =>
      api.workspaces.setActive({ workspaceId: id, orgId: org.orgId, orgName: 'genomics-core', workspaceName: name, fullName: `genomics-core / ${name}` });
    const view = api.studios.view;
    assert.ok(view);
    await setVisible(false); // VS Code does not ask meanwhile: what the provider and the view send is all there is
    await provider().getChildren();
    const own = Object.getOwnPropertyDescriptor(view, 'message');
    const set = own?.set;
    assert.ok(own && set, 'the TreeView has a message setter');
    const events: string[] = [];
    Object.defineProperty(view, 'message', {
      ...own,
      set(value: unknown) {
        events.push(`message ${String(value)}`);
        set.call(view, value);
      },
    });
    const sub = provider().onDidChangeTreeData((node) => events.push(node === undefined ? 'root' : 'item'));
    try {
      assert.equal(view.message, undefined);
      await useWs(fourth.id, 'fresh-fourth');
      await store().ensureLoaded();
      assert.deepEqual(events, ['root'], 'no message before, none after: it is never set');
      await provider().getChildren();

      events.length = 0;
      provider().setFilter('f-fourth-1');
      assert.deepEqual(events, ['root', 'message Filter "f-fourth-1": 1 of 2 Studios']);
      await provider().getChildren();

      events.length = 0;
      await useWs(wsId, 'fresh'); // the filter stays, its counts change: the message does change
      await store().ensureLoaded();
      const loaded = `message Filter "f-fourth-1": 0 of ${emu.state.studiosIn(wsId).length} Studios`;
      assert.equal(events[0], 'root', events.join(', '));
      assert.equal(events.filter((e) => e === loaded).length, 1, `set once: ${events.join(', ')}`);
    } finally {
      sub.dispose();
      Object.defineProperty(view, 'message', own);
      provider().setFilter('');
      await useWs(wsId, 'fresh');
      await store().refresh('all', 'manual');
    }
  });

  it('#17.9 lifespan left is counted on the Platform clock (Date header), not this machine\'s: 6 h left of 8 h started 2 h ago, and Extend says 14 h', async () => {
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'f-lifespan', status: 'running', configuration: { lifespanHours: 8 } });
    assert.equal(rec.lastStarted, emu.clock.now() - 2 * H);
    assert.ok(Date.now() - emu.clock.now() > 100 * 24 * H, 'the emulator clock is far behind this machine\'s');
    await store().refresh('all', 'manual');
    const { node, item } = await itemOf('f-lifespan');
    const tooltip = provider().resolveTreeItem(item, node).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /Lifespan left: 6 h(?! \d)/, tooltip.value);
    await vscode.commands.executeCommand('seqera.studios.extendLifespan', node);
    assert.ok(ui.infos.some((m) => /^Extended the lifespan of Studio f-lifespan: 14 h left\.$/.test(m)), ui.infos.join(' | '));
  });
});
