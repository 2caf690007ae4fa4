import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { statusMenuItems } from '../../src/accounts/statusMenu';
import { useEmulatorSession } from './helpers/emulatorSession';

/**
 * #17.10 in the real VS Code: ONE Seqera status bar item says the endpoint,
 * the workspace and how many Studios run there in words (it was three items,
 * one a bare "4" beside the Problems counts), with a tooltip that says the
 * same, and a click menu reaching what the three items did. The running count
 * comes from the emulator's own state, not from the extension.
 */
describe('One Seqera status bar item (integration)', function () {
  this.timeout(60_000);
  const { api, emu } = useEmulatorSession({ seed: 11, start: 'signedOut' });

  it('#17.10 signed out: the endpoint only, and a menu to sign in', () => {
    const status = api().endpointStatus;
    assert.ok(status?.label);
    assert.equal(status.text, `$(server-environment) ${status.label}`);
    assert.deepEqual(statusMenuItems(api().services).map((i) => i.command), ['seqera.switchEndpoint', 'seqera.signIn']);
  });

  it('#17.10 signed in: endpoint · workspace · "N running", the same in the tooltip, and the menu reaches all three', async () => {
    await api().session.signIn(emu().token);
    await api().workspaces.load();
    const ws = emu().state.workspace('genomics-core', 'rnaseq');
    emu().state.addStudio({ workspaceId: ws.id, name: 'status-bar-second', status: 'running' });
    await vscode.commands.executeCommand('seqera.selectWorkspace', ws.id);
    await api().studios.store.refresh('all', 'manual');
    const running = [...emu().state.studios.values()].filter((s) => s.workspaceId === ws.id && s.status === 'running').length;
    assert.ok(running > 1, `Studios run in rnaseq (${running}), so the count is plural`);
    const status = api().endpointStatus;
    assert.ok(status);
    assert.equal(status.text, `$(server-environment) ${status.label} · genomics-core / rnaseq · $(vm-running) ${running} running`);
    const tip = status.tooltip.replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.match(tip, /Workspace: genomics-core \/ rnaseq/);
    assert.ok(tip.includes(`${running} running Studios in genomics-core / rnaseq`), tip);
    assert.match(tip, /Click for the workspace, the endpoint and the running Studios/);
    assert.deepEqual(statusMenuItems(api().services).map((i) => i.command), ['seqera.selectWorkspace', 'seqera.studios.showRunning', 'seqera.switchEndpoint', 'seqera.signOut']);
    assert.equal(api().studios.statusBar.shownCount, running);
  });
});
