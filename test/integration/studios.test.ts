import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { nextEvent } from '../../src/testing/nextEvent';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';
import type { Checkpoint } from '../../src/platform/studioTypes';
import { webUrlFromApiUrl } from '../../src/platform/endpoint';
import type { StudiosTreeNode } from '../../src/studios/studioNodes';
import { useEmulatorSession } from './helpers/emulatorSession';
import { byLabel, first, ScriptedUi } from './helpers/scriptedUi';

/**
 * The Studios view and its commands in a real VS Code against the emulator.
 * Time never passes by itself: the emulator's clock and the extension's poll
 * timers (swapped for manual ones) are moved forward together by `drive`, so
 * Studio lifecycles and polls happen in a fixed order with no sleeps.
 * Prompts are answered by a ScriptedUi; error messages are read from the log,
 * where the command wrapper writes each one it shows.
 */
describe('Studios (integration)', function () {
  this.timeout(120_000);
  let timers: ManualTimers;
  const logErrors: string[] = [];
  let tap: vscode.Disposable | undefined;
  const { api, emu, ui, requests, workspaceId: rnaseqId } = useEmulatorSession({
    seed: 11,
    start: 'signedIn',
    settings: { 'studios.refreshInterval': 30 },
    workspace: ['genomics-core', 'rnaseq'],
    studiosUi: () => new ScriptedUi(),
    prepare: () => {
      tap = api().services.log.onDidWrite((line) => {
        if (line.level === 'error') logErrors.push(line.text);
      });
      // Manual poll timers before anything can arm a real one.
      timers = new ManualTimers();
      store().scheduler.setTimers(timers);
    },
    restore: () => {
      tap?.dispose();
      store().scheduler.setTimers(realTimers);
    },
  });

  const studios = () => api().studios;
  const store = () => api().studios.store;
  const provider = () => api().studios.provider;

  async function useWorkspace(orgName: string, workspaceName: string): Promise<number> {
    const ws = emu().state.workspace(orgName, workspaceName);
    await api().workspaces.setActive({ workspaceId: ws.id, orgId: ws.orgId, orgName, workspaceName, fullName: `${orgName} / ${workspaceName}` });
    assert.equal(store().context?.workspaceLabel, `${orgName} / ${workspaceName}`);
    return ws.id;
  }

  async function rootItems(): Promise<{ node: StudiosTreeNode; item: vscode.TreeItem }[]> {
    const nodes = await provider().getChildren();
    return nodes.map((node) => ({ node, item: provider().getTreeItem(node) }));
  }

  async function itemOf(name: string): Promise<{ node: StudiosTreeNode; item: vscode.TreeItem }> {
    const found = (await rootItems()).find((r) => r.item.label === name);
    assert.ok(found, `the tree lists ${name}`);
    return found;
  }

  async function checkpointsOf(node: StudiosTreeNode): Promise<Checkpoint[]> {
    const children = await provider().getChildren(node);
    return children.flatMap((c) => (c.kind === 'checkpoint' ? [c.checkpoint] : []));
  }

  interface Tracked<T> {
    promise: Promise<T>;
    done(): boolean;
  }

  function run<T>(command: string, ...args: unknown[]): Tracked<T> {
    let finished = false;
    const promise = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => {
      finished = true;
    });
    return { promise, done: () => finished };
  }

  /**
   * Moves emulated time and the poll timers forward in steps until the command
   * finishes. Between steps it waits (without a clock) for the command to
   * start a fast poll or finish, so no step is wasted before the request that
   * starts the Studio has been answered.
   */
  async function drive<T>(cmd: Tracked<T>, stepMs = 5_000, maxSteps = 200): Promise<T> {
    for (let i = 0; i < maxSteps && !cmd.done(); i++) {
      if (store().scheduler.watchedIds().length === 0) {
        await Promise.race([cmd.promise.catch(() => undefined), nextEvent(store().scheduler.onDidWatch)]);
        continue;
      }
      await emu().clock.advance(stepMs);
      await timers.advance(stepMs);
    }
    assert.ok(cmd.done(), `the command finished within ${maxSteps} steps`);
    return cmd.promise;
  }

  function errorsOf(command: string): string[] {
    const found = logErrors.filter((l) => l.startsWith(`${command}:`));
    if (process.env.SEQERA_TEST_SHOW_ERRORS) console.log(found.join('\n'));
    return found;
  }

  before(() => {
    assert.equal(store().context?.workspaceLabel, 'genomics-core / rnaseq');
  });

  beforeEach(() => {
    logErrors.length = 0;
  });

  it('lists every Studio of a 250-Studio workspace, running first then by name, from parallel pages', async () => {
    const org = emu().state.org('genomics-core');
    const big = emu().state.addWorkspace(org.orgId, { name: 'big' }, [[emu().state.mainUser.id, 'owner']]);
    emu().state.addComputeEnv(big.id, { name: 'big-batch', status: 'AVAILABLE' });
    const statuses = ['stopped', 'running', 'errored', 'stopped', 'buildFailed'] as const;
    for (let i = 0; i < 250; i++) {
      emu().state.addStudio({ workspaceId: big.id, name: `big-${String(i).padStart(3, '0')}`, status: statuses[i % statuses.length] });
    }
    emu().clearRequests();
    await useWorkspace('genomics-core', 'big');
    try {
      await checkBigWorkspace(big.id);
    } finally {
      await useWorkspace('genomics-core', 'rnaseq');
    }
  });

  async function checkBigWorkspace(bigId: number): Promise<void> {
    const items = await rootItems();
    assert.equal(items.length, 250);
    assert.equal(new Set(items.map((i) => i.item.label)).size, 250);
    const running = items.filter((i) => String(i.item.contextValue).startsWith('studio:running'));
    assert.equal(running.length, 50);
    assert.deepEqual(items.slice(0, 50), running, 'running Studios come first');
    const names = items.slice(50).map((i) => String(i.item.label));
    assert.deepEqual(names, [...names].sort(), 'then by name');
    const lists = requests('GET', /\/api\/studios$/).filter((r) => r.query.workspaceId === String(bigId));
    assert.deepEqual(lists.map((r) => r.query.offset).sort(), ['0', '100', '200'], 'three pages, each fetched once');
    assert.ok(lists.every((r) => r.query.max === '100'));
    assert.equal(api().studios.view?.description, 'genomics-core / big');
    assert.equal(api().studios.statusBar.shownCount, 50);
  }

  it('starts a Studio: starting with the real progress steps, then running; Open yields the connect URL', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-start', status: 'stopped' });
    await store().refresh('all', 'manual');
    const { node } = await itemOf('it-start');
    const cmd = run('seqera.studios.start', node);
    await nextEvent(store().scheduler.onDidWatch, (id) => id === rec.sessionId);
    assert.equal(store().get(rec.sessionId)?.statusInfo.status, 'starting');
    await emu().clock.advance(1_000);
    await timers.advance(1_000);
    const starting = provider().getTreeItem(node);
    assert.equal(starting.contextValue, 'studio:starting');
    // #17.2: the live step and its place lead the row (read from the emulator's record), so a 300 px sidebar
    // shows "Provisioning compute resources (1/3)" instead of "jupyte…"; the tool is in the tooltip, and the
    // accessible label says "Starting".
    assert.equal(starting.label, 'it-start');
    const steps = emu().state.studio(rec.sessionId).progress;
    const at = steps.findIndex((p) => p.status === 'in-progress');
    assert.equal(steps[at]?.message, 'Provisioning compute resources');
    assert.equal(starting.description, `Provisioning compute resources (${at + 1}/${steps.length})`);
    assert.equal(starting.accessibilityInformation?.label, `it-start, Starting, Provisioning compute resources (${at + 1}/${steps.length})`);
    const hovered = provider().resolveTreeItem(starting, node);
    assert.match((hovered.tooltip as vscode.MarkdownString).value, /Provisioning compute resources/);
    const tool = emu().state.studio(rec.sessionId).template.tool;
    assert.ok((hovered.tooltip as vscode.MarkdownString).value.split('\n')[0]?.includes(` · ${tool} · Starting`), 'the tool is in the tooltip');
    // The next step shows as soon as the Platform reports it.
    const second = steps[at + 1]!;
    for (let i = 0; i < 600 && emu().state.studio(rec.sessionId).progress[at + 1]?.status !== 'in-progress'; i++) await emu().clock.advance(1_000);
    await store().refresh({ studio: rec.sessionId }, 'manual');
    assert.equal(provider().getTreeItem(node).description, `${second.message} (${at + 2}/${steps.length})`);

    await drive(cmd);
    assert.equal(store().get(rec.sessionId)?.statusInfo.status, 'running');
    assert.equal(provider().getTreeItem(node).contextValue, 'studio:running');
    const shown = ui().progresses.find((p) => p.title === 'Starting Studio it-start');
    assert.ok(shown, 'a progress notification followed the start');
    assert.ok(shown.messages.some((m) => /^Provisioning compute resources \(1\/\d\)$/.test(m)), shown.messages.join(' | '));
    assert.ok(shown.messages.some((m) => /^Mounting checkpoints \(2\/\d\)$/.test(m)), shown.messages.join(' | '));
    assert.ok(ui().infos.some((m) => /it-start is running/.test(m)), 'offers to open it');
    assert.deepEqual(errorsOf('seqera.studios.start'), []);

    const url = await vscode.commands.executeCommand<string>('seqera.studios.openInBrowser', node);
    assert.equal(url, `${webUrlFromApiUrl(emu().platformUrl)}/orgs/genomics-core/workspaces/rnaseq/studios/${rec.sessionId}/connect`);
    assert.deepEqual(ui().opened, [url]);
    assert.ok((api().studios.statusBar.shownCount ?? 0) >= 1);
  });

  it("the \"is running\" message's Open, clicked after a workspace switch, is reported like a failed Open (no unhandled rejection)", async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-open-late', status: 'stopped' });
    await store().refresh('all', 'manual');
    const { node } = await itemOf('it-open-late');
    // The message waits in the notification centre: the user clicks Open only after switching workspace.
    let click!: (choice: string | undefined) => void;
    const clicked = new Promise<string | undefined>((resolve) => (click = resolve));
    const info = ui().info.bind(ui());
    ui().info = (message, ...actions) => (/it-open-late is running/.test(message) ? info(message, ...actions).then(() => clicked) : info(message, ...actions));
    try {
      await drive(run('seqera.studios.start', node));
      assert.equal(store().get(rec.sessionId)?.statusInfo.status, 'running');
      const offered = ui().infos.findIndex((m) => /it-open-late is running/.test(m));
      assert.deepEqual(ui().infoActions[offered], ['Open']);
      await useWorkspace('genomics-core', 'variant-calling');
      const opened = ui().opened.length;
      const reported = nextEvent(api().onDidReportError, (e) => e.source === 'seqera.studios.openInBrowser');
      let onUnhandled!: (reason: unknown) => void;
      const unhandled = new Promise<unknown>((resolve) => (onUnhandled = resolve));
      process.on('unhandledRejection', onUnhandled);
      try {
        click('Open');
        const outcome = await Promise.race([reported.then((e) => ({ e })), unhandled.then((reason) => ({ reason }))]);
        assert.ok('e' in outcome, `the late Open was an unhandled rejection: ${'reason' in outcome ? String(outcome.reason) : ''}`);
        // The Studio is not in variant-calling: the Platform answers 404 and the wrapper says so, with its actions.
        assert.equal(outcome.e.kind, 'notFound', outcome.e.message);
        assert.ok(outcome.e.actions.includes('Show Logs'), outcome.e.actions.join(', '));
        assert.equal(ui().opened.length, opened, 'nothing was opened in the browser');
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
    } finally {
      ui().info = info;
      await useWorkspace('genomics-core', 'rnaseq');
    }
  });

  it('does not poll a settled Studio fast, and polls the list only while the view is visible', async () => {
    const rec = emu().state.studioByName('it-start', rnaseqId());
    assert.equal(store().scheduler.isWatching(rec.sessionId), false);
    await vscode.commands.executeCommand('workbench.view.explorer');
    const shownView = api().studios.view;
    if (shownView?.visible) await nextEvent(shownView.onDidChangeVisibility, (e) => !e.visible);
    emu().clearRequests();
    await emu().clock.advance(10 * 60_000);
    await timers.advance(10 * 60_000);
    assert.deepEqual(requests('GET', /\/api\/studios/).map((r) => r.path), [], 'hidden and settled: no request at all');
    assert.equal(store().scheduler.isIntervalArmed, false);

    const view = api().studios.view;
    assert.ok(view);
    const shown = nextEvent(view.onDidChangeVisibility, (e) => e.visible);
    await vscode.commands.executeCommand('seqera.studios.focus');
    if (!view.visible) await shown;
    assert.equal(store().scheduler.isIntervalArmed, true);
    emu().clearRequests();
    await timers.advance(30_000);
    assert.ok(requests('GET', /\/api\/studios$/).length >= 1, 'visible: the list is refreshed on the interval');
    assert.deepEqual(requests('GET', new RegExp(`/api/studios/${rec.sessionId}$`)), [], 'still no fast poll');

    emu().faults.add({ server: 'platform', method: 'GET', path: '/studios', kind: 'status', status: 500 });
    await timers.advance(30_000);
    emu().faults.clear();
    assert.match(String(view.message), /Could not refresh .*showing the last known state/);
    assert.ok((await rootItems()).length > 1, 'the last known Studios stay listed');
    assert.deepEqual(logErrors, [], 'a failed automatic refresh shows no error message');
    await timers.advance(30_000);
    assert.equal(view.message, undefined, 'the next good refresh clears it');

    const hidden = nextEvent(view.onDidChangeVisibility, (e) => !e.visible);
    await vscode.commands.executeCommand('workbench.view.explorer');
    if (view.visible) await hidden;
    emu().clearRequests();
    await timers.advance(10 * 60_000);
    assert.deepEqual(requests('GET', /\/api\/studios/), [], 'hidden again: polling stopped');
  });

  it('stops a Studio others are connected to after asking, then shows its new finalized checkpoint', async () => {
    const rec = emu().state.studioByName('it-start', rnaseqId());
    const { node } = await itemOf('it-start');
    const before = await checkpointsOf(node);
    const other = [...emu().state.users.values()].find((u) => u.id !== emu().state.mainUser.id);
    assert.ok(other);
    emu().state.connect(rec.sessionId, other.id);
    await store().refresh({ studio: rec.sessionId }, 'manual');
    ui().confirms.push(true);
    const cmd = run('seqera.studios.stop', node);
    await drive(cmd);
    assert.equal(ui().shownConfirms.length, 1);
    assert.match(ui().shownConfirms[0], /other users are connected/);
    assert.equal(provider().getTreeItem(node).contextValue, 'studio:stopped');
    // #17.1: the last start's steps ("Starting JupyterLab (3/3)") are not this stop's.
    const stopping = ui().progresses.find((p) => p.title === 'Stopping Studio it-start');
    assert.ok(stopping, 'a progress notification followed the stop');
    assert.deepEqual(stopping.messages.filter((m) => /\(\d+\/\d+\)/.test(m)), [], stopping.messages.join(' | '));
    assert.ok(stopping.messages.includes('Stopping'), stopping.messages.join(' | '));
    const after = await checkpointsOf(node);
    const finalized = after.filter((c) => c.status === 'finalized' && !before.some((b) => b.id === c.id && b.status === 'finalized'));
    assert.equal(finalized.length, 1, `one new finalized checkpoint (before: ${JSON.stringify(before)}, after: ${JSON.stringify(after)})`);
    assert.equal(after[0].id, finalized[0].id, 'newest first');
    assert.deepEqual(errorsOf('seqera.studios.stop'), []);
  });

  it('creates a Studio from a template in a few steps, checking the name with the Platform', async () => {
    ui().condaFiles = [{ label: 'envs/environment.yml', text: 'name: it\ndependencies:\n  - numpy=1.26\n' }];
    ui().picks.push(byLabel(/VS Code 1\.93\.1/), first, first, byLabel(/environment\.yml/));
    ui().chooseAnswers.push('Create Only');
    ui().inputs.push('qc-notebook', 'it-created');
    ui().pickManys.push((items) => items.slice(0, 1));
    emu().clearRequests();
    const created = await vscode.commands.executeCommand<{ sessionId: string; name: string }>('seqera.studios.create');
    assert.equal(created?.name, 'it-created');
    // #17.6: the refusal belongs to the refused name: it shows for it and clears for any other.
    assert.match(String(ui().shownInputs[1].validate?.('qc-notebook')), /A Studio named "qc-notebook" already exists in genomics-core \/ rnaseq/);
    assert.equal(ui().shownInputs[1].validate?.('qc-notebook-2'), undefined);
    assert.doesNotMatch(String(ui().shownInputs[1].prompt), /already exists/);
    const posts = requests('POST', /\/api\/studios$/);
    assert.equal(posts.length, 1);
    assert.equal(posts[0].query.autoStart, 'false');
    const body = posts[0].body as {
      name: string;
      dataStudioToolUrl: string;
      configuration: { cpu: number; memory: number; condaEnvironment?: string; mountDataV2?: { dataLinkId: string }[] };
    };
    assert.equal(body.name, 'it-created');
    assert.match(String(body.configuration.condaEnvironment), /numpy=1\.26/);
    assert.equal(body.configuration.mountDataV2?.length, 1);
    assert.ok(emu().state.dataLinksIn(rnaseqId()).some((d) => d.id === body.configuration.mountDataV2?.[0].dataLinkId));
    assert.match(body.dataStudioToolUrl, /data-studio-vscode/);
    assert.equal(body.configuration.cpu, 2);
    assert.equal(body.configuration.memory, 8192);
    const { item } = await itemOf('it-created');
    assert.equal(item.contextValue, 'studio:stopped');
  });

  it('starts a new Studio from a checkpoint', async () => {
    const { node: parent } = await itemOf('qc-notebook');
    const cpNode = (await provider().getChildren(parent)).find((c) => c.kind === 'checkpoint' && c.checkpoint.status === 'finalized');
    assert.ok(cpNode && cpNode.kind === 'checkpoint');
    assert.match(String(provider().getTreeItem(cpNode).contextValue), /^checkpoint:finalized$/);
    ui().inputs.push('it-from-checkpoint');
    ui().picks.push(first);
    emu().clearRequests();
    const cmd = run<{ sessionId: string }>('seqera.studios.startFromCheckpoint', cpNode);
    const studio = await drive(cmd);
    assert.ok(studio);
    const post = requests('POST', /\/api\/studios$/)[0];
    assert.equal((post.body as { initialCheckpointId: number }).initialCheckpointId, cpNode.checkpoint.id);
    assert.equal(store().get(studio.sessionId)?.statusInfo.status, 'running');
    const { node, item } = await itemOf('it-from-checkpoint');
    assert.equal(item.tooltip, undefined, 'tooltips are built on hover, not for every row');
    const hovered = provider().resolveTreeItem(item, node);
    assert.match((hovered.tooltip as vscode.MarkdownString).value, /Started from checkpoint/);
  });

  it('starts with other resources; cancelling the notification ends only the notification', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-cancel', status: 'stopped' });
    await store().refresh('all', 'manual');
    const { node } = await itemOf('it-cancel');
    ui().picks.push(byLabel(/^4 CPU · 16 GiB$/));
    emu().clearRequests();
    const cmd = run('seqera.studios.startWithOptions', node);
    await nextEvent(store().scheduler.onDidWatch, (id) => id === rec.sessionId);
    const put = requests('PUT', /\/start$/)[0];
    const config = (put.body as { configuration: { cpu: number; memory: number; gpu: number } }).configuration;
    assert.deepEqual([config.cpu, config.memory, config.gpu], [4, 16384, 0]);
    const shown = ui().progresses.find((p) => p.title === 'Starting Studio it-cancel');
    assert.ok(shown);
    shown.controller.abort();
    assert.equal(await cmd.promise, undefined);
    assert.deepEqual(errorsOf('seqera.studios.start'), [], 'cancelling is silent');
    assert.equal(store().scheduler.isWatching(rec.sessionId), true);
    for (let i = 0; i < 60 && store().scheduler.isWatching(rec.sessionId); i++) {
      await emu().clock.advance(5_000);
      await timers.advance(5_000);
    }
    assert.equal(provider().getTreeItem(node).contextValue, 'studio:running');
  });

  it('copies the SSH command and URL, extends the lifespan, and picks from the running Studios', async () => {
    const { node, item } = await itemOf('rnaseq-explore');
    assert.equal(item.contextValue, 'studio:running:ssh');
    const ssh = await vscode.commands.executeCommand<string>('seqera.studios.copySshCommand', node);
    assert.match(String(ssh), /^ssh /);
    const url = await vscode.commands.executeCommand<string>('seqera.studios.copyUrl', node);
    assert.match(String(url), /\/orgs\/genomics-core\/workspaces\/rnaseq\/studios\/[^/]+\/connect$/);
    assert.deepEqual(ui().copied, [ssh, url]);

    emu().clearRequests();
    await vscode.commands.executeCommand('seqera.studios.extendLifespan', node);
    assert.equal(requests('POST', /\/lifespan$/).length, 1);
    assert.ok(ui().infos.some((m) => /Extended the lifespan of Studio rnaseq-explore/.test(m)), ui().infos.join(' | '));

    ui().picks.push(byLabel(/^rnaseq-explore$/), byLabel(/Copy URL/));
    await vscode.commands.executeCommand('seqera.studios.showRunning');
    const offered = ui().shownPicks[0].labels;
    assert.ok(offered.length >= 1 && offered.every((l) => store().studios.some((s) => s.name === l && s.statusInfo.status === 'running')), 'only running Studios are offered');
    assert.equal(ui().copied.at(-1), url);
  });

  it('deletes a stopped Studio after a modal confirmation, and refuses a running one', async () => {
    const { node } = await itemOf('it-created');
    ui().confirms.push(true);
    emu().clearRequests();
    assert.equal(await vscode.commands.executeCommand('seqera.studios.delete', node), true);
    assert.equal(requests('DELETE', /\/api\/studios\//).length, 1);
    assert.ok(!(await rootItems()).some((r) => r.item.label === 'it-created'));

    const { node: running } = await itemOf('it-from-checkpoint');
    await vscode.commands.executeCommand('seqera.studios.delete', running);
    assert.equal(requests('DELETE', /\/api\/studios\//).length, 1, 'no DELETE for a running Studio');
    assert.equal(errorsOf('seqera.studios.delete').length, 1);
    assert.match(errorsOf('seqera.studios.delete')[0], /it-from-checkpoint is running; stop it before deleting it/);
  });

  it('renames a checkpoint; a taken name gives one clear message and the tree stays usable', async () => {
    const { node } = await itemOf('qc-notebook');
    const [a, b] = (await provider().getChildren(node)).filter((c) => c.kind === 'checkpoint');
    ui().inputs.push('renamed-by-test');
    const renamed = await vscode.commands.executeCommand<Checkpoint>('seqera.studios.renameCheckpoint', a);
    assert.equal(renamed?.name, 'renamed-by-test');
    assert.ok((await checkpointsOf(node)).some((c) => c.name === 'renamed-by-test'));

    ui().inputs.push('renamed-by-test');
    await vscode.commands.executeCommand('seqera.studios.renameCheckpoint', b);
    assert.equal(errorsOf('seqera.studios.renameCheckpoint').length, 1);
    assert.match(errorsOf('seqera.studios.renameCheckpoint')[0], /already exists/);
    assert.ok((await checkpointsOf(node)).length >= 2, 'the checkpoints are still listed');
  });

  it('filters the tree and says so in the view message', async () => {
    try {
      await vscode.commands.executeCommand('seqera.studios.filter', 'igv-review');
      const items = await rootItems();
      assert.deepEqual(items.map((i) => i.item.label), ['igv-review']);
      assert.match(String(api().studios.view?.message), /Filter "igv-review": 1 of \d+ Studios/);
    } finally {
      await vscode.commands.executeCommand('seqera.studios.clearFilter');
    }
    assert.ok((await rootItems()).length > 1);
    assert.equal(api().studios.view?.message, undefined);
  });

  describe('error paths', () => {
    it('403: starting a Studio in a view-only workspace gives one message', async () => {
      const archive = await useWorkspace('genomics-core', 'archive');
      try {
        emu().state.addStudio({ workspaceId: archive, name: 'archived-one', status: 'stopped' });
        await store().refresh('all', 'manual');
        const { node } = await itemOf('archived-one');
        await vscode.commands.executeCommand('seqera.studios.start', node);
        assert.equal(errorsOf('seqera.studios.start').length, 1);
        assert.match(errorsOf('seqera.studios.start')[0], /Starting was refused for Studio archived-one in genomics-core \/ archive: your role/);
        assert.equal(provider().getTreeItem(node).contextValue, 'studio:stopped');
        assert.ok((await rootItems()).length >= 1, 'the tree still lists the workspace');
      } finally {
        await useWorkspace('genomics-core', 'rnaseq');
      }
    });

    it('404: a Studio deleted elsewhere gives one message and disappears on refresh', async () => {
      const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-vanishing', status: 'stopped' });
      await store().refresh('all', 'manual');
      const { node } = await itemOf('it-vanishing');
      emu().state.studios.delete(rec.sessionId);
      await vscode.commands.executeCommand('seqera.studios.start', node);
      assert.equal(errorsOf('seqera.studios.start').length, 1);
      assert.match(errorsOf('seqera.studios.start')[0], /Studio it-vanishing no longer exists in genomics-core \/ rnaseq/);
      assert.ok(!(await rootItems()).some((r) => r.item.label === 'it-vanishing'), 'gone from the tree at once');
      await vscode.commands.executeCommand('seqera.studios.refresh');
      assert.ok(!(await rootItems()).some((r) => r.item.label === 'it-vanishing'));
    });

    it('409: a name taken between the check and the create gives one message', async () => {
      emu().faults.add({ server: 'platform', method: 'POST', path: '/studios', kind: 'status', status: 409, count: 1 });
      ui().picks.push(byLabel(/JupyterLab 4\.2\.5/), first, first, byLabel(/No conda environment/));
      ui().chooseAnswers.push('Create Only');
      ui().inputs.push('it-raced');
      ui().pickManys.push(() => []);
      await vscode.commands.executeCommand('seqera.studios.create');
      emu().faults.clear();
      assert.equal(errorsOf('seqera.studios.create').length, 1);
      assert.match(errorsOf('seqera.studios.create')[0], /A Studio named "it-raced" already exists in genomics-core \/ rnaseq/);
      assert.ok((await rootItems()).length > 0);
    });

    it('5xx while following a start gives one message; the tree recovers', async () => {
      const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-flaky', status: 'stopped' });
      await store().refresh('all', 'manual');
      const { node } = await itemOf('it-flaky');
      const cmd = run('seqera.studios.start', node);
      await nextEvent(store().scheduler.onDidWatch, (id) => id === rec.sessionId);
      emu().faults.add({ server: 'platform', method: 'GET', path: `/studios/${rec.sessionId}`, kind: 'status', status: 500 });
      await drive(cmd);
      emu().faults.clear();
      const errors = errorsOf('seqera.studios.start');
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], /Lost track of Studio it-flaky while it was starting/);
      await vscode.commands.executeCommand('seqera.studios.refresh');
      assert.match(String(provider().getTreeItem(node).contextValue), /^studio:(starting|running)/);
    });
  });

  describe('#11 status model and context switches', () => {
    it('#11.4 switching workspace during a start ends the follow quietly: no "was deleted" message', async () => {
      const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-switch-start', status: 'stopped' });
      await store().refresh('all', 'manual');
      const { node } = await itemOf('it-switch-start');
      const cmd = run('seqera.studios.start', node);
      await nextEvent(store().scheduler.onDidWatch, (id) => id === rec.sessionId);
      try {
        await useWorkspace('genomics-core', 'variant-calling');
        assert.equal(await cmd.promise, undefined);
        assert.deepEqual(errorsOf('seqera.studios.start'), [], 'no error, in particular no false deletion');
        assert.deepEqual([...ui().warnings, ...ui().infos].filter((m) => /deleted|it-switch-start/.test(m)), []);
        assert.equal(store().get(rec.sessionId), undefined, 'the old workspace\'s Studio is not in the new list');
        assert.equal(store().scheduler.isWatching(rec.sessionId), false);
      } finally {
        await useWorkspace('genomics-core', 'rnaseq');
      }
    });

    it('#11.4 a create answered after a switch is not written into the new workspace\'s list', async () => {
      emu().faults.add({ server: 'platform', method: 'POST', path: '/studios', kind: 'hold', count: 1 });
      ui().picks.push(byLabel(/JupyterLab 4\.2\.5/), first, first, byLabel(/No conda environment/));
      ui().chooseAnswers.push('Create Only');
      ui().inputs.push('it-created-before-switch');
      ui().pickManys.push(() => []);
      const cmd = run<{ name: string } | undefined>('seqera.studios.create');
      try {
        await emu().faults.whenHeld(1);
        const variants = await useWorkspace('genomics-core', 'variant-calling');
        await store().refresh('all', 'manual');
        emu().faults.release();
        const created = await cmd.promise;
        assert.equal(created?.name, 'it-created-before-switch', 'created in rnaseq, where it was asked for');
        assert.ok(!store().studios.some((st) => st.name === 'it-created-before-switch'), 'not listed in variant-calling');
        assert.ok(store().studios.every((st) => emu().state.studiosIn(variants).some((r) => r.sessionId === st.sessionId)));
        assert.deepEqual(errorsOf('seqera.studios.create'), []);
      } finally {
        emu().faults.clear();
        emu().faults.release();
        await useWorkspace('genomics-core', 'rnaseq');
      }
    });

    it('#11.5 Start on a Studio whose status this version does not know names it, never "already running"', async () => {
      const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-suspended', status: 'stopped' });
      rec.reportedStatus = 'suspended';
      await store().refresh('all', 'manual');
      const { node, item } = await itemOf('it-suspended');
      assert.equal(item.contextValue, 'studio:unknown');
      emu().clearRequests();
      await vscode.commands.executeCommand('seqera.studios.start', node);
      assert.deepEqual(ui().infos.filter((m) => /already running/.test(m)), []);
      assert.ok(ui().infos.some((m) => /it-suspended is suspended/.test(m)), ui().infos.join(' | '));
      assert.deepEqual(requests('PUT', /\/start$/), [], 'no start was sent');
    });

    it('#11.5 a start that meets an unknown status follows on to the timeout, and the message names the status', async () => {
      const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-future', status: 'stopped' });
      await store().refresh('all', 'manual');
      const { node } = await itemOf('it-future');
      const saved = studios().settleTimeoutMs.start;
      studios().settleTimeoutMs.start = 30_000;
      try {
        const cmd = run('seqera.studios.start', node);
        await nextEvent(store().scheduler.onDidWatch, (id) => id === rec.sessionId);
        // A newer Platform's transitional status: the emulator's lifecycle holds still while it is reported.
        emu().state.lifecycle.clearTimers(rec);
        rec.reportedStatus = 'warming-up';
        await drive(cmd);
        assert.deepEqual(errorsOf('seqera.studios.start'), [], 'not "failed to start (unknown)"');
        assert.ok(ui().warnings.some((m) => /it-future is still not running after .*the Platform says warming-up/.test(m)), ui().warnings.join(' | '));
      } finally {
        studios().settleTimeoutMs.start = saved;
      }
    });

    it('#11.5 a stop whose first poll still reads running follows on until the Studio has stopped', async () => {
      const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-slow-stop', status: 'running' });
      await store().refresh('all', 'manual');
      const { node } = await itemOf('it-slow-stop');
      const cmd = run<{ statusInfo: { status: string } } | undefined>('seqera.studios.stop', node);
      await nextEvent(store().scheduler.onDidWatch, (id) => id === rec.sessionId);
      rec.reportedStatus = 'running'; // the Platform has not picked the stop up yet
      await emu().clock.advance(1_000);
      await timers.advance(1_000);
      assert.equal(store().get(rec.sessionId)?.statusInfo.status, 'running', 'the first poll read running');
      assert.equal(cmd.done(), false, 'and the stop is still followed');
      const stopped = await drive(cmd);
      assert.equal(stopped?.statusInfo.status, 'stopped');
      assert.deepEqual(errorsOf('seqera.studios.stop'), []);
    });

    it('#11.10 a Studio without sessionId is left out, logged and counted in the view\'s message; the rest are shown', async () => {
      const warnings: string[] = [];
      const warnTap = api().services.log.onDidWrite((line) => {
        if (line.level === 'warn') warnings.push(line.text);
      });
      const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'it-no-session-id', status: 'stopped' });
      rec.dtoOverride = { sessionId: undefined };
      try {
        await store().refresh('all', 'manual');
        assert.equal(store().state, 'loaded');
        assert.match(String(api().studios.view?.message), /1 Studio could not be read/);
        const names = (await rootItems()).map((r) => String(r.item.label));
        assert.ok(names.includes('rnaseq-explore') && !names.includes('it-no-session-id'), names.join(', '));
        assert.ok(warnings.some((w) => /studios\[\d+\]\.sessionId should be a string but is missing/.test(w)), warnings.join('\n'));
      } finally {
        warnTap.dispose();
        emu().state.studios.delete(rec.sessionId);
        await store().refresh('all', 'manual');
      }
      assert.equal(api().studios.view?.message, undefined, 'the count goes once the list reads cleanly');
    });

    it('#11.10 a workspace row with a mistyped orgName is left out and counted; the Workspaces view lists the rest', async () => {
      const variants = emu().state.workspace('genomics-core', 'variant-calling');
      variants.rowOverride = { orgName: 42 };
      try {
        await api().workspaces.load(true);
        assert.equal(api().workspaces.list.kind, 'loaded', 'not an error for the whole view');
        const names = api().workspaces.all().map((w) => w.fullName);
        assert.ok(names.includes('genomics-core / rnaseq') && !names.some((n) => n.endsWith('variant-calling')), names.join(', '));
        assert.match(String(api().services.views.workspacesView?.message), /1 workspace could not be read/);
      } finally {
        variants.rowOverride = undefined;
        await api().workspaces.load(true);
      }
      assert.equal(api().services.views.workspacesView?.message, undefined);
    });

    it('#11.13 hidden means exactly 0: a refresh in flight when the view is hidden asks no more pages, nor anything over a full interval', async () => {
      const org = emu().state.org('genomics-core');
      const wide = emu().state.addWorkspace(org.orgId, { name: 'wide' }, [[emu().state.mainUser.id, 'owner']]);
      emu().state.addComputeEnv(wide.id, { name: 'wide-batch', status: 'AVAILABLE' });
      for (let i = 0; i < 250; i++) emu().state.addStudio({ workspaceId: wide.id, name: `wide-${i}`, status: 'stopped' }); // three pages per refresh
      const bigId = wide.id;
      const view = api().studios.view;
      assert.ok(view);
      await useWorkspace('genomics-core', 'wide');
      try {
        const shown = nextEvent(view.onDidChangeVisibility, (e) => e.visible);
        await vscode.commands.executeCommand('seqera.studios.focus');
        if (!view.visible) await shown;
        await store().refresh('all', 'manual');
        assert.equal(store().scheduler.isIntervalArmed, true);
        emu().faults.add({ server: 'platform', method: 'GET', path: '/studios', query: { workspaceId: String(bigId) }, kind: 'hold' });
        const tick = timers.advance(30_000); // the interval poll starts; its first page waits in the emulator
        await emu().faults.whenHeld(1);
        const hidden = nextEvent(view.onDidChangeVisibility, (e) => !e.visible);
        await vscode.commands.executeCommand('workbench.view.explorer');
        if (view.visible) await hidden;
        const mark = emu().requests.length;
        emu().faults.clear();
        emu().faults.release();
        await tick;
        const lists = () => emu().requests.slice(mark).filter((r) => r.method === 'GET' && /\/api\/studios/.test(r.path));
        assert.deepEqual(
          lists().map((r) => r.query.offset),
          ['0'],
          'only the page already in flight when the view was hidden is answered: no page is asked after',
        );
        const quiet = emu().requests.length;
        await timers.advance(30_000);
        await timers.advance(30_000);
        assert.deepEqual(emu().requests.slice(quiet).map((r) => `${r.method} ${r.path}`), [], 'hidden: no request at all over a full refresh interval');
        assert.equal(store().scheduler.isIntervalArmed, false);
      } finally {
        emu().faults.clear();
        emu().faults.release();
        await useWorkspace('genomics-core', 'rnaseq');
      }
    });
  });
});
