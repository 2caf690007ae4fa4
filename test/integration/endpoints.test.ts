import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { tokenKey } from '../../src/accounts/tokenStore';
import type { ServiceWarning } from '../../src/accounts/serviceInfoStore';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';



/**
 * Several endpoints: two emulators stand for Seqera Cloud and an Enterprise
 * install. The user switches between them without retyping tokens; each
 * emulator's request log proves it never received the other's token (the
 * emulators' tokens differ, so a foreign token would be logged as invalid).
 */
describe('Endpoints, service-info and switching (integration)', function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  let cloud: Emulator;
  let enterprise: Emulator;
  const warnings: ServiceWarning[] = [];
  let sub: vscode.Disposable | undefined;

  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  const secret = (e: Emulator): Thenable<string | undefined> => api.services.context.secrets.get(tokenKey(e.platformUrl));
  const foreignTokens = (e: Emulator): string[] =>
    e.requests.filter((r) => r.tokenPresent && !r.tokenValid).map((r) => `${r.server} ${r.method} ${r.path}`);

  before(async () => {
    api = await activateExtension();
    cloud = await startEmulator({ seed: 21 });
    enterprise = await startEmulator({ seed: 22 });
    assert.notEqual(cloud.token, enterprise.token, 'the two endpoints have different tokens');
    sub = api.services.serviceInfo.onWarning((w) => warnings.push(w));
    await vscode.commands.executeCommand('seqera.switchEndpoint', { apiUrl: cloud.platformUrl, waveUrl: cloud.waveUrl, label: 'Cloud (emulated)' });
    await vscode.commands.executeCommand('seqera.signIn', cloud.token);
    assert.equal(api.session.state, 'signedIn');
  });

  after(async () => {
    sub?.dispose();
    for (const e of [cloud, enterprise]) await api.services.tokens.delete(e.platformUrl);
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await cloud.stop();
    await enterprise.stop();
  });

  it('shows the active endpoint in the status bar, the Workspaces view and the account tooltip with versions', async () => {
    await api.services.serviceInfo.settled();
    const status = api.endpointStatus;
    assert.ok(status);
    assert.equal(status.label, 'Cloud (emulated)');
    assert.equal(api.services.views.workspacesView?.description, 'Cloud (emulated)');
    // The tooltip is Markdown whose server text is backslash-escaped (src/markdown/escape.ts): read it as rendered.
    const shown = status.tooltip.replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.match(shown, /Signed in/);
    assert.match(shown, /Platform 25\.2\.0\S* · API 1\.187\.0/);
    assert.match(shown, /Wave \d/);
    assert.ok(shown.includes(cloud.platformUrl) && shown.includes(cloud.waveUrl));
  });

  it('adds a second endpoint and switches to it: no token there, the first keeps its own', async () => {
    const active = (await vscode.commands.executeCommand('seqera.addEndpoint', {
      apiUrl: enterprise.platformUrl,
      waveUrl: enterprise.waveUrl,
      label: 'Enterprise (emulated)',
    })) as { apiUrl: string; signedIn: boolean };
    assert.equal(active.apiUrl, enterprise.platformUrl);
    assert.equal(active.signedIn, false);
    assert.equal(api.session.state, 'signedOut', 'the Cloud token is not used for the Enterprise endpoint');
    assert.equal(api.endpointStatus?.label, 'Enterprise (emulated)');
    assert.equal(api.services.views.workspacesView?.description, 'Enterprise (emulated)');
    assert.equal(await secret(cloud), cloud.token);
    assert.equal(await secret(enterprise), undefined);
    const saved = (config().inspect<{ apiUrl: string }[]>('endpoints')?.globalValue ?? []).map((e) => e.apiUrl);
    assert.ok(saved.includes(cloud.platformUrl) && saved.includes(enterprise.platformUrl), `both endpoints are saved: ${saved.join(', ')}`);

    await vscode.commands.executeCommand('seqera.signIn', enterprise.token);
    assert.equal(api.session.state, 'signedIn');
    await api.workspaces.load(true);
    const ws = api.workspaces.all().find((w) => w.workspaceId !== undefined);
    assert.ok(ws);
    await vscode.commands.executeCommand('seqera.selectWorkspace', ws.workspaceId);
  });

  it('switches back without retyping the token, and each endpoint only ever saw its own token', async () => {
    const back = (await vscode.commands.executeCommand('seqera.switchEndpoint', cloud.platformUrl)) as { signedIn: boolean; label: string };
    assert.equal(back.signedIn, true);
    assert.equal(back.label, 'Cloud (emulated)');
    assert.equal(api.session.waveCredentials()?.towerEndpoint, cloud.platformUrl);
    await api.workspaces.load(true);
    assert.ok(api.workspaces.all().length > 0);
    // Wave, too, gets the token of the endpoint it belongs to.
    await vscode.commands.executeCommand('wave.inspectImage', { image: 'ubuntu:22.04' });
    const inspect = cloud.requests.filter((r) => r.server === 'wave' && r.path === '/v1alpha1/inspect');
    assert.equal(inspect.length, 1);
    assert.ok(inspect[0]!.tokenPresent && inspect[0]!.tokenValid);

    assert.deepEqual(foreignTokens(cloud), [], 'Cloud never received the Enterprise token');
    assert.deepEqual(foreignTokens(enterprise), [], 'Enterprise never received the Cloud token');
    assert.ok(enterprise.requests.some((r) => r.tokenPresent && r.tokenValid), 'Enterprise was used with its own token');
    assert.ok(cloud.requests.some((r) => r.tokenPresent && r.tokenValid));
  });

  it('warns clearly when the Platform says Wave or Studios are not enabled, on switching to it', async () => {
    // Standing alone (e.g. under SEQERA_TEST_GREP) this test first makes what the tests above leave behind:
    // Enterprise saved with its token and a remembered workspace, Cloud active.
    if ((await secret(enterprise)) === undefined) {
      await vscode.commands.executeCommand('seqera.addEndpoint', { apiUrl: enterprise.platformUrl, waveUrl: enterprise.waveUrl, label: 'Enterprise (emulated)' });
      await vscode.commands.executeCommand('seqera.signIn', enterprise.token);
      await api.workspaces.load(true);
      const ws = api.workspaces.all().find((w) => w.workspaceId !== undefined);
      assert.ok(ws);
      await vscode.commands.executeCommand('seqera.selectWorkspace', ws.workspaceId);
      await vscode.commands.executeCommand('seqera.switchEndpoint', cloud.platformUrl);
    }
    enterprise.state.serviceInfoOverrides = { waveEnabled: false };
    enterprise.faults.add({ server: 'platform', method: 'GET', path: '/studios', kind: 'status', status: 404 });
    try {
      await vscode.commands.executeCommand('seqera.switchEndpoint', enterprise.platformUrl);
      await api.services.serviceInfo.settled();
    } finally {
      enterprise.faults.clear();
    }
    const wave = warnings.find((x) => x.key === `wave-disabled:${enterprise.platformUrl}`);
    assert.ok(wave, `warnings: ${JSON.stringify(warnings.map((x) => x.key))}`);
    assert.match(wave.message, /Wave is not enabled for the Seqera Platform at 127\.0\.0\.1:\d+/);
    const active = api.workspaces.active;
    assert.ok(active?.workspaceId !== undefined, 'the remembered workspace is active again');
    const studios = warnings.find((x) => x.key === `studios-disabled:${enterprise.platformUrl}:${active.workspaceId}`);
    assert.ok(studios, `warnings: ${JSON.stringify(warnings.map((x) => x.key))}`);
    assert.match(studios.message, /Studios are not enabled for the workspace/);
    assert.match(api.endpointStatus?.tooltip ?? '', /Wave is not enabled for this Platform/);
    assert.match(api.endpointStatus?.tooltip ?? '', /Studios not enabled in/);
  });

  it('removes the other endpoint together with its token; the active one cannot be removed', async () => {
    await assert.doesNotReject(Promise.resolve(vscode.commands.executeCommand('seqera.removeEndpoint', enterprise.platformUrl)));
    assert.equal(await secret(enterprise), enterprise.token, 'refused for the active endpoint: nothing deleted');
    const removed = await vscode.commands.executeCommand('seqera.removeEndpoint', cloud.platformUrl);
    assert.equal(removed, true);
    assert.equal(await secret(cloud), undefined);
    const saved = (config().inspect<{ apiUrl: string }[]>('endpoints')?.globalValue ?? []).map((e) => e.apiUrl);
    assert.ok(!saved.includes(cloud.platformUrl) && saved.includes(enterprise.platformUrl), saved.join(', '));
  });
});
