import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';
import type { StudiosTreeNode } from '../../src/studios/studioNodes';
import { useEmulatorSession } from './helpers/emulatorSession';
import { ScriptedUi } from './helpers/scriptedUi';

/**
 * Finding Studios in large workspaces (#16.5) in a real VS Code against the emulator: the My Studios /
 * All Studios toggle (remembered in the workspace's state), the Platform search beside the local filter,
 * and a workspace past the 10,000-Studio cap whose view says so and leads to the search. Expected Studios
 * come from the emulator's records, never from the extension.
 */
describe('Studios: finding Studios in large workspaces (integration)', function () {
  this.timeout(180_000);
  const { api, emu, ui, workspaceId: rnaseqId } = useEmulatorSession({
    seed: 165,
    start: 'signedIn',
    settings: { 'studios.refreshInterval': 0 },
    workspace: ['genomics-core', 'rnaseq'],
    studiosUi: () => new ScriptedUi(),
    prepare: () => {
      store().scheduler.setTimers(new ManualTimers());
    },
    restore: async () => {
      await vscode.commands.executeCommand('seqera.studios.showAll');
      store().scheduler.setTimers(realTimers);
    },
  });

  const studios = () => api().studios;
  const store = () => api().studios.store;
  const provider = () => api().studios.provider;
  const listRequests = () => emu().requests.filter((r) => r.method === 'GET' && r.path === '/api/studios');

  async function rootItems(): Promise<{ node: StudiosTreeNode; item: vscode.TreeItem }[]> {
    const nodes = await provider().getChildren();
    return nodes.map((node) => ({ node, item: provider().getTreeItem(node) }));
  }
  async function rootLabels(): Promise<string[]> {
    return (await rootItems()).filter((r) => r.node.kind === 'studio').map((r) => String(r.item.label)).sort();
  }
  async function useWorkspace(orgName: string, workspaceName: string): Promise<void> {
    const ws = emu().state.workspace(orgName, workspaceName);
    await api().workspaces.setActive({ workspaceId: ws.id, orgId: ws.orgId, orgName, workspaceName, fullName: `${orgName} / ${workspaceName}` });
  }

  before(async () => {
    // Signed in, the user is known already: this only checks it (the My Studios filter needs it).
    await api().session.ensureUser();
  });

  it('My Studios lists only mine, asked of the Platform, remembered in the workspace state; All Studios lists every one', async () => {
    const me = emu().state.mainUser;
    const all = emu().state.studiosIn(rnaseqId()).map((s) => s.name).sort();
    const mine = emu().state.studiosIn(rnaseqId()).filter((s) => s.userId === me.id).map((s) => s.name).sort();
    assert.ok(mine.length > 0 && mine.length < all.length, 'the seed has Studios of other users');
    assert.deepEqual(await rootLabels(), all);

    emu().clearRequests();
    const count = await vscode.commands.executeCommand<number>('seqera.studios.showMine');
    assert.equal(count, mine.length);
    assert.deepEqual(await rootLabels(), mine);
    assert.deepEqual(listRequests().map((r) => r.query.search), [`userId:${me.id}`], 'the Platform was asked for mine only');
    assert.equal(studios().workspaceState.get('seqera.studios.mine'), true, 'remembered for this VS Code workspace');
    assert.equal(studios().view?.description, 'genomics-core / rnaseq · my Studios');
    assert.equal(ui().progresses.at(-1)?.title, 'Listing your Studios');
    // The local filter works on top of it.
    await vscode.commands.executeCommand('seqera.studios.filter', mine[0]);
    assert.deepEqual(await rootLabels(), [mine[0]]);
    await vscode.commands.executeCommand('seqera.studios.clearFilter');

    // Another workspace keeps the toggle.
    await useWorkspace('genomics-core', 'variant-calling');
    const variants = emu().state.workspace('genomics-core', 'variant-calling').id;
    assert.deepEqual(await rootLabels(), emu().state.studiosIn(variants).filter((s) => s.userId === me.id && !s.isPrivate).map((s) => s.name).sort());
    await useWorkspace('genomics-core', 'rnaseq');

    assert.equal(await vscode.commands.executeCommand<number>('seqera.studios.showAll'), all.length);
    assert.deepEqual(await rootLabels(), all);
    assert.equal(studios().workspaceState.get('seqera.studios.mine'), false);
    assert.equal(studios().view?.description, 'genomics-core / rnaseq');
  });

  it('searches on the Platform with its keywords, says so in the view, and clears; no match is a row that clears it', async () => {
    const running = emu().state.studiosIn(rnaseqId()).filter((s) => s.status === 'running').map((s) => s.name).sort();
    ui().inputs.push('status:running');
    emu().clearRequests();
    assert.equal(await vscode.commands.executeCommand<number>('seqera.studios.search'), running.length);
    assert.match(ui().shownInputs[0]?.prompt ?? '', /status:running.*userName:.*computeEnvName:/);
    assert.deepEqual(await rootLabels(), running);
    assert.deepEqual(listRequests().map((r) => r.query.search), ['status:running']);
    assert.match(String(studios().view?.message), /Platform search "status:running": \d+ Studios?/);

    await vscode.commands.executeCommand('seqera.studios.search', 'userName:nobody-at-all');
    const rows = await rootItems();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.item.label, 'The Platform found no Studio for "userName:nobody-at-all". Click to clear the search.');
    assert.equal(rows[0]?.item.command?.command, 'seqera.studios.clearSearch');

    await vscode.commands.executeCommand(String(rows[0]?.item.command?.command));
    assert.deepEqual(await rootLabels(), emu().state.studiosIn(rnaseqId()).map((s) => s.name).sort());
    assert.equal(studios().view?.message, undefined);
  });

  it('cancelling a search puts the previous list back', async () => {
    ui().inputs.push('status:stopped');
    const run = Promise.resolve(vscode.commands.executeCommand<number | undefined>('seqera.studios.search'));
    // Cancel as soon as the notification is up: the search's pages stop and the list is asked for again whole.
    for (let i = 0; i < 100 && ui().progresses.length === 0; i++) await new Promise<void>((r) => setImmediate(r));
    ui().progresses[0]?.controller.abort();
    assert.equal(await run, undefined);
    assert.deepEqual(store().query, { mine: false, search: '' });
    assert.deepEqual(await rootLabels(), emu().state.studiosIn(rnaseqId()).map((s) => s.name).sort());
  });

  it('past the 10,000-Studio cap the view says so, its last row leads to the Platform search, which finds a Studio the cut left out', async () => {
    const org = emu().state.org('genomics-core');
    const huge = emu().state.addWorkspace(org.orgId, { name: 'huge' }, [[emu().state.mainUser.id, 'owner']]);
    emu().state.addComputeEnv(huge.id, { name: 'huge-batch', status: 'AVAILABLE' });
    // Listed newest first: the oldest Studio is past the cap.
    emu().state.addStudio({ workspaceId: huge.id, name: 'oldest-needle', status: 'stopped', ageMs: 900 * 86_400_000 });
    for (let i = 0; i < 10_020; i++) emu().state.addStudio({ workspaceId: huge.id, name: `h-${String(i).padStart(5, '0')}`, status: 'stopped', ageMs: 60_000 });
    await useWorkspace('genomics-core', 'huge');
    try {
      const items = await rootItems();
      assert.equal(items.filter((r) => r.node.kind === 'studio').length, 10_000);
      assert.ok(!items.some((r) => r.item.label === 'oldest-needle'));
      const last = items.at(-1);
      assert.equal(last?.item.label, '21 more Studios not loaded: search on the Platform…');
      assert.equal(last?.item.command?.command, 'seqera.studios.search');
      assert.match(String(studios().view?.message), /Showing the first 10,000 of 10,021 Studios: search on the Platform/);

      ui().inputs.push('needle');
      assert.equal(await vscode.commands.executeCommand<number>(String(last?.item.command?.command)), 1);
      assert.deepEqual(await rootLabels(), ['oldest-needle']);
    } finally {
      await vscode.commands.executeCommand('seqera.studios.clearSearch');
      await useWorkspace('genomics-core', 'rnaseq');
    }
  });
});
