import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';
import { canReadWorkbench, notificationTexts } from './helpers/workbench';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';

/**
 * #17.5 in the real VS Code: "rejected this access token" is gone from every
 * surface that can show it once a sign-in succeeds: the Workspaces view (its
 * error node), the Studios view (error node and message), the status bar
 * item's tooltip. Background work (interval refreshes, the views' own loads)
 * never notifies: its errors are shown by the views alone, so no notification
 * is left behind when the condition ends. (A command's own failure is a
 * notification, which the VS Code API cannot close: docs/development.md.)
 */
describe('Old errors clear when their condition ends (integration)', function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  let emu: Emulator;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');

  async function surfaces(): Promise<string> {
    const ws = api.services.views.workspaces;
    assert.ok(ws);
    const wsLabels = (await ws.getChildren()).map((n) => String(ws.getTreeItem(n as never).label));
    const st = api.studios.provider;
    const stLabels = (await st.getChildren()).map((n) => String(st.getTreeItem(n).label));
    return [...wsLabels, ...stLabels, api.studios.view?.message ?? '', st.message() ?? '', api.endpointStatus?.tooltip ?? ''].join('\n');
  }

  before(async () => {
    api = await activateExtension();
    emu = await startEmulator({ seed: 3 });
    await config().update('platformUrl', emu.platformUrl, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', emu.waveUrl, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await api.session.signOut();
    await api.session.signIn(emu.token);
    await api.workspaces.load();
    const ws = emu.state.workspace('genomics-core', 'rnaseq');
    await vscode.commands.executeCommand('seqera.selectWorkspace', ws.id);
    await api.studios.store.refresh('all', 'manual');
  });
  after(async () => {
    await api.session.signOut();
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await emu.stop();
  });

  it('#17.5 a rejected token shows in the views, and is gone from all of them after a successful sign-in', async () => {
    emu.state.revokeToken(emu.token);
    await api.workspaces.load(true);
    // A manual refresh rejects with the error it shows (the command wrapper reports it).
    await assert.rejects(api.studios.store.refresh('all', 'manual'), /rejected the access token/);
    assert.equal(api.workspaces.list.kind, 'error');
    const before = await surfaces();
    assert.match(before, /token/i, `the rejection is shown:\n${before}`);

    const fresh = emu.state.addToken(emu.state.mainUser.id);
    await vscode.commands.executeCommand('seqera.signIn', fresh);
    await api.workspaces.load();
    await api.studios.store.refresh('all', 'manual');
    assert.equal(api.workspaces.list.kind, 'loaded');
    const after = await surfaces();
    assert.doesNotMatch(after, /reject|token|Sign in to/i, `nothing of the rejection is left:\n${after}`);
    assert.match(api.endpointStatus?.tooltip ?? '', /Signed in/);
  });

  it('#17.5 a Workspaces list the Platform could not be reached for loads again once a later request is answered', async () => {
    const workspacesPath = new RegExp(`^/api/user/${emu.state.mainUser.id}/workspaces$|^/user/${emu.state.mainUser.id}/workspaces$`);
    emu.faults.add({ server: 'platform', method: 'GET', path: workspacesPath, kind: 'reset' });
    await api.workspaces.load(true);
    assert.equal(api.workspaces.list.kind, 'error');
    assert.equal(api.workspaces.list.kind === 'error' && api.workspaces.list.error.kind, 'network');
    emu.faults.clear();
    // Nothing but the Studios view's own refresh: the Platform answers it, so the Workspaces error ends.
    await api.studios.store.refresh('all', 'manual');
    const end = Date.now() + 20_000;
    const kind = (): string => api.workspaces.list.kind;
    while (kind() !== 'loaded') {
      if (Date.now() > end) assert.fail(`the Workspaces list stayed ${kind()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.doesNotMatch(await surfaces(), /reach|host|reset|Retry/i);
  });

  it('#17.5 background work never notifies: a rejected token and an unreachable host during interval refreshes show in the views only', async () => {
    const token = emu.state.addToken(emu.state.mainUser.id);
    await api.session.signIn(token);
    await api.workspaces.load(true);
    await vscode.commands.executeCommand('notifications.clearAll');
    const reports: string[] = [];
    const listening = api.onDidReportError((e) => reports.push(`${e.source}: ${e.message}`));
    const timers = new ManualTimers();
    api.studios.store.scheduler.setTimers(timers);
    try {
      await vscode.commands.executeCommand('seqera.studios.focus');
      await timers.advance(0);
      // The token is revoked in the web app; the next interval refresh of the visible view meets the rejection.
      emu.state.revokeToken(token);
      const mark = emu.requests.length;
      await timers.advance(61_000);
      assert.ok(emu.requests.slice(mark).some((r) => r.status === 401), 'an interval refresh met the rejection');
      await api.workspaces.load(true); // what the Workspaces view does when it is shown
      assert.match(await surfaces(), /token/i, 'the views show the rejection');
      // Then the host cannot be reached: every Platform request is reset.
      await api.session.signIn(emu.state.addToken(emu.state.mainUser.id));
      emu.faults.add({ server: 'platform', method: 'GET', path: /./, kind: 'reset' });
      const mark2 = emu.requests.length;
      await timers.advance(61_000);
      await api.workspaces.load(true);
      assert.ok(emu.requests.length > mark2, 'the background refreshes were sent');
      assert.match(await surfaces(), /reach|reset|connection/i, 'the views show the network error');

      assert.deepEqual(reports, [], 'no error message from any background refresh');
      if (canReadWorkbench()) assert.deepEqual(await notificationTexts(), [], 'the notification centre stays empty');
    } finally {
      emu.faults.clear();
      api.studios.store.scheduler.setTimers(realTimers);
      listening.dispose();
    }
  });
});
