import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';

/**
 * #17.5 in the real VS Code: "rejected this access token" is gone from every
 * surface that can show it once a sign-in succeeds: the Workspaces view (its
 * error node), the Studios view (error node and message), the status bar
 * item's tooltip. (An error *notification* cannot be closed through the VS Code
 * API: it stays in the notification centre until the user clears it.)
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
});
