import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { nextEvent } from '../../src/testing/nextEvent';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';
import { useEmulatorSession } from './helpers/emulatorSession';
import { ScriptedUi } from './helpers/scriptedUi';

/**
 * The Studios daily loop (#16) in a real VS Code against the emulator: the
 * lifespan warning, deep links, who is connected. The extension's timers are
 * manual ones that start at the emulator's clock, so both move together and
 * no test sleeps.
 */
describe('Studios daily loop (integration)', function () {
  this.timeout(120_000);
  let timers: ManualTimers;
  const M = 60_000;
  const H = 60 * M;
  const { api, emu, ui, config, requests, workspaceId: rnaseqId } = useEmulatorSession({
    seed: 16,
    start: 'signedIn',
    // No interval refresh: whatever reaches the server here was asked for by the feature under test.
    settings: { 'studios.refreshInterval': 0 },
    resets: ['studios.lifespanWarningMinutes'],
    workspace: ['genomics-core', 'rnaseq'],
    studiosUi: () => new ScriptedUi(),
    prepare: () => {
      timers = new ManualTimers(emu().clock.now());
      store().scheduler.setTimers(timers);
      studios().lifespan.setTimers(timers);
    },
    restore: () => {
      store().scheduler.setTimers(realTimers);
      studios().lifespan.setTimers(realTimers);
    },
  });

  const studios = () => api().studios;
  const store = () => api().studios.store;

  async function advance(ms: number): Promise<void> {
    await emu().clock.advance(ms);
    await timers.advance(ms);
  }

  it('warns 15 minutes before my running Studio reaches its lifespan, once per run, from one timer; Extend extends it', async () => {
    const mine = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'life-mine', status: 'running', configuration: { lifespanHours: 3 } });
    const other = emu().state.addUser({ userName: 'lifespan-other' });
    emu().state.addStudio({ workspaceId: rnaseqId(), name: 'life-other', status: 'running', userId: other.id, configuration: { lifespanHours: 3 } });
    await store().refresh('all', 'manual');
    assert.ok(mine.lastStarted !== undefined);
    const warnAt = mine.lastStarted + 3 * H - 15 * M;
    assert.equal(studios().lifespan.nextWarningAt, warnAt, 'the one timer is set to 15 min before the known expiry');
    // The view hidden: the warning does not depend on it.
    store().scheduler.setVisible(false);
    emu().clearRequests();
    ui().warningAnswers.push('Extend');

    await advance(warnAt - 1_000 - emu().clock.now());
    assert.deepEqual(ui().warnings, [], 'nothing before the lead time');
    assert.equal(emu().requests.length, 0, 'no polling while waiting');

    const extended = nextEvent(store().onDidChange, (c) => c.changed.includes(mine.sessionId) && (store().get(mine.sessionId)?.effectiveLifespanHours ?? 0) > 3);
    await advance(1_000);
    assert.equal(ui().warnings.length, 1, ui().warnings.join(' | '));
    assert.match(ui().warnings[0], /Studio life-mine reaches its lifespan in 15 min/);
    assert.deepEqual(ui().warningActions[0], ['Extend', 'Stop']);
    assert.deepEqual(requests('GET', /\/studios\//).map((r) => r.path), [`/api/studios/${mine.sessionId}`], 'one fetch of that Studio at the warning time');
    await extended;
    assert.equal(requests('POST', /\/lifespan$/).length, 1, 'Extend ran Extend Studio Lifespan');
    assert.equal(store().get(mine.sessionId)?.effectiveLifespanHours, 6);

    // Once per run: the extended lifespan's new warning time passes without a second warning.
    assert.notEqual(studios().lifespan.nextWarningAt, mine.lastStarted + 6 * H - 15 * M, 'no timer for the extended run');
    await advance(mine.lastStarted + 6 * H - 15 * M - emu().clock.now());
    assert.equal(ui().warnings.length, 1, 'warned once for this run, and never for another user\'s Studio');
  });

  it('reads seqera.studios.lifespanWarningMinutes: 0 turns the warning off, another lead time moves the timer', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'life-again', status: 'running', configuration: { lifespanHours: 3 } });
    await config().update('studios.lifespanWarningMinutes', 0, vscode.ConfigurationTarget.Global);
    await store().refresh('all', 'manual');
    assert.equal(studios().lifespan.nextWarningAt, undefined, '0 turns it off');
    await config().update('studios.lifespanWarningMinutes', 5, vscode.ConfigurationTarget.Global);
    assert.ok(rec.lastStarted !== undefined);
    assert.equal(studios().lifespan.nextWarningAt, rec.lastStarted + 3 * H - 5 * M, 'the setting is read again when it changes');
    await advance(rec.lastStarted + 3 * H - 5 * M - emu().clock.now());
    assert.equal(ui().warnings.filter((w) => /life-again/.test(w)).length, 1);
    assert.match(ui().warnings[0], /in 5 min/);
  });

  it('shows who is connected in the tree, and since when in the tooltip (#16.9)', async () => {
    const explore = [...emu().state.studios.values()].find((s) => s.name === 'rnaseq-explore' && s.workspaceId === rnaseqId());
    assert.ok(explore && explore.activeConnections.length === 2);
    await store().refresh('all', 'manual');
    const provider = studios().provider;
    const node = provider.nodeFor(explore.sessionId);
    const item = provider.getTreeItem(node);
    const other = emu().state.users.get(explore.activeConnections[1].userId);
    assert.ok(other);
    assert.match(String(item.description), new RegExp(`connected: you, ${other.userName}$`));
    const tip = (provider.resolveTreeItem(item, node).tooltip as vscode.MarkdownString).value;
    // #17.10: one date format in the user's locale (the test VS Code runs en-US, UTC).
    const when = new Date(explore.activeConnections[1].lastActive).toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
    assert.ok(tip.replace(/\\/g, '').includes(`${other.userName} (last active ${when} UTC)`), tip);
  });

  describe('deep links', () => {
    const reported: string[] = [];
    let sub: vscode.Disposable | undefined;
    before(() => {
      sub = api().onDidReportError((e) => reported.push(e.message));
    });
    after(() => sub?.dispose());
    beforeEach(() => {
      reported.length = 0;
    });

    async function copiedLink(sessionId: string): Promise<vscode.Uri> {
      await vscode.commands.executeCommand('seqera.studios.copyLink', { sessionId });
      assert.equal(ui().copied.length, 1, 'one link copied');
      return vscode.Uri.parse(ui().copied[0]);
    }

    it('Copy VS Code Link names this extension, the endpoint, the workspace and the Studio', async () => {
      const explore = [...emu().state.studios.values()].find((s) => s.name === 'rnaseq-explore' && s.workspaceId === rnaseqId());
      assert.ok(explore);
      const uri = await copiedLink(explore.sessionId);
      assert.equal(uri.scheme, vscode.env.uriScheme);
      assert.equal(uri.authority, 'seqera-community.seqera-vscode');
      assert.equal(uri.path, '/studio');
      const q = new URLSearchParams(uri.query);
      assert.equal(q.get('endpoint'), api().session.endpoints?.apiUrl);
      assert.ok(q.get('endpoint')?.startsWith(emu().platformUrl.replace(/\/$/, '')));
      assert.equal(q.get('workspaceId'), String(rnaseqId()));
      assert.equal(q.get('sessionId'), explore.sessionId);
    });

    it('opening a link switches to its workspace, reveals the Studio and offers Open and Connect; Open opens it', async () => {
      const explore = [...emu().state.studios.values()].find((s) => s.name === 'rnaseq-explore' && s.workspaceId === rnaseqId());
      assert.ok(explore);
      const uri = await copiedLink(explore.sessionId);
      const other = emu().state.workspace('genomics-core', 'single-cell');
      await api().workspaces.setActive({ workspaceId: other.id, orgId: other.orgId, orgName: 'genomics-core', workspaceName: 'single-cell', fullName: 'genomics-core / single-cell' });
      assert.notEqual(store().context?.workspaceLabel, 'genomics-core / rnaseq');
      ui().messageAnswer = 'Open';
      const links = api().studioLinks;
      assert.ok(links, 'the rig exposes the UriHandler');
      await links.handleUri(uri);
      assert.deepEqual(reported, []);
      assert.equal(api().workspaces.active?.workspaceId, rnaseqId());
      assert.equal(store().context?.workspaceLabel, 'genomics-core / rnaseq');
      const selected = studios().view?.selection ?? [];
      assert.deepEqual(selected.map((n) => (n as { sessionId?: string }).sessionId), [explore.sessionId], 'the Studio is selected in the view');
      const offered = ui().infos.findIndex((m) => /Studio rnaseq-explore \(running\)/.test(m));
      assert.ok(offered >= 0, ui().infos.join(' | '));
      assert.deepEqual(ui().infoActions[offered], ['Open', 'Connect']);
      assert.equal(ui().opened.length, 1);
      assert.match(ui().opened[0], new RegExp(`/studios/${explore.sessionId}/connect`));
    });

    it('a stopped Studio is offered Start', async () => {
      const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'link-stopped', status: 'stopped' });
      const q = new URLSearchParams({ endpoint: api().session.endpoints?.apiUrl ?? '', workspaceId: String(rnaseqId()), sessionId: rec.sessionId });
      await api().studioLinks?.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://seqera-community.seqera-vscode/studio?${q.toString()}`));
      assert.deepEqual(reported, []);
      const offered = ui().infos.findIndex((m) => /Studio link-stopped \(stopped\)/.test(m));
      assert.deepEqual(ui().infoActions[offered], ['Start']);
    });

    it('a link to an endpoint that is not saved is refused and nothing switches or is sent there', async () => {
      const before = api().session.endpoints?.apiUrl;
      const q = new URLSearchParams({ endpoint: 'https://evil.example.com/api', workspaceId: '1', sessionId: 'abc123' });
      await api().studioLinks?.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://seqera-community.seqera-vscode/studio?${q.toString()}`));
      assert.equal(reported.length, 1);
      assert.match(reported[0], /https:\/\/evil\.example\.com\/api, which is not one of your saved Seqera endpoints/);
      assert.match(reported[0], /Add Endpoint/);
      assert.equal(api().session.endpoints?.apiUrl, before, 'the endpoint did not change');
      assert.equal(config().get('platformUrl'), emu().platformUrl);
    });

    it('a broken link says what is wrong', async () => {
      await api().studioLinks?.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://seqera-community.seqera-vscode/studio?endpoint=x`));
      assert.equal(reported.length, 1);
      assert.match(reported[0], /no valid sessionId/);
    });
  });
});
