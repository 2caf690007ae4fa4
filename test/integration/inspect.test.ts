import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { INSPECT_SCHEME } from '../../src/waveInspect/inspectDocuments';
import type { RequestLogEntry } from '../emulator';
import { useEmulatorSession } from './helpers/emulatorSession';



/** Inspect Container Image against the emulated Wave, signed in and not. */
describe('Inspect Container Image (integration)', function () {
  this.timeout(60_000);
  const { api, emu } = useEmulatorSession({ seed: 41, start: 'reloaded' });
  const inspectCalls = (): RequestLogEntry[] => emu().requests.filter((r) => r.server === 'wave' && r.path === '/v1alpha1/inspect');

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('signed out: inspects anonymously and opens a read-only Markdown document', async () => {
    await api().session.signOut();
    const uri = (await vscode.commands.executeCommand('wave.inspectImage', { image: 'docker.io/library/python:3.12-slim', platform: 'linux/arm64' })) as
      | vscode.Uri
      | undefined;
    assert.ok(uri, 'the command resolves with the document URI');
    assert.equal(uri.scheme, INSPECT_SCHEME);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# Container image `docker\.io\/library\/python:3\.12-slim`$/m);
    assert.match(text, /\| Platform \| `linux\/arm64` \|/);
    assert.match(text, /\| Digest \| `sha256:[0-9a-f]{64}` \|/);
    assert.match(text, /^## Layers \(4\)$/m);
    assert.match(text, /^PYTHON_VERSION=3\.12\.7$/m);
    assert.match(text, /\| Command \| `\["python3"\]` \|/);
    const [call] = inspectCalls();
    assert.equal(call?.query.platform, 'linux/arm64');
    assert.equal(call?.tokenPresent, false);
    assert.deepEqual(call?.body, { containerImage: 'docker.io/library/python:3.12-slim' });
  });

  it('signed in: passes the token, endpoint and active workspace so private registries work', async () => {
    await vscode.commands.executeCommand('seqera.signIn', emu().token);
    await api().workspaces.load(true);
    const ws = api().workspaces.all().find((w) => w.workspaceId !== undefined);
    assert.ok(ws);
    await api().workspaces.setActive(ws);
    emu().clearRequests();
    const uri = (await vscode.commands.executeCommand('wave.inspectImage', 'rocker/r-ver:4.4.1')) as vscode.Uri;
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /^R_VERSION=4\.4\.1$/m);
    const [call] = inspectCalls();
    assert.ok(call?.tokenPresent && call.tokenValid, 'a valid token went to Wave');
    assert.deepEqual(call.body, {
      containerImage: 'rocker/r-ver:4.4.1',
      towerAccessToken: '***',
      towerEndpoint: emu().platformUrl,
      towerWorkspaceId: ws.workspaceId,
    });
  });

  it('on a finished build in the Wave Builds view: inspects the built image for its platform', async () => {
    const id = 'inspect-build-1';
    await api().services.waveBuilds.add({
      id,
      waveUrl: emu().waveUrl,
      source: { kind: 'packages', entries: ['bioconda::samtools=1.17'], channels: ['conda-forge', 'bioconda'], label: 'samtools=1.17' },
      options: { platform: 'linux/arm64', format: 'docker', freeze: false },
      targetImage: 'wave.example.org/wt/5e1c/wave/build:samtools--1.17',
      buildId: 'bd-5e1c_1',
      cached: false,
      anonymous: false,
      state: 'succeeded',
      startedAt: Date.now() - 60_000,
      finishedAt: Date.now(),
    });
    try {
      const provider = api().services.views.waveBuilds;
      assert.ok(provider, 'the Wave Builds view is registered');
      const node = provider.getChildren().find((n) => n.kind === 'build' && n.id === id);
      assert.ok(node);
      const menu = (vscode.extensions.getExtension('seqera-community.seqera-vscode')?.packageJSON as {
        contributes: { menus: { 'view/item/context': { command: string; when: string }[] } };
      }).contributes.menus['view/item/context'].find((m) => m.command === 'wave.inspectImage');
      const contextValue = String(provider.getTreeItem(node).contextValue);
      assert.ok(menu && new RegExp(/viewItem =~ \/(.+)\/$/.exec(menu.when)![1]!).test(contextValue), `the menu shows on ${contextValue}`);
      emu().clearRequests();
      const uri = (await vscode.commands.executeCommand('wave.inspectImage', node)) as vscode.Uri;
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      assert.match(text, /^# Container image `wave\.example\.org\/wt\/5e1c\/wave\/build:samtools--1\.17`$/m);
      assert.match(text, /\| Platform \| `linux\/arm64` \|/);
      const [call] = inspectCalls();
      assert.equal(call?.query.platform, 'linux/arm64');
      assert.ok(call?.tokenPresent && call.tokenValid, 'same Wave as the active endpoint: the token goes along');
    } finally {
      await api().services.waveBuilds.clear();
    }
  });

  it('an image Wave cannot find gives one clear error and no document', async () => {
    const lines: string[] = [];
    const tap = api().services.log.onDidWrite((l) => lines.push(l.text));
    try {
      const result = await vscode.commands.executeCommand('wave.inspectImage', 'quay.io/nobody/doesnotexist:1');
      assert.equal(result, undefined);
      assert.ok(lines.some((l) => /does not exist or access is not authorized/.test(l)), lines.join('\n'));
    } finally {
      tap.dispose();
    }
  });
});
