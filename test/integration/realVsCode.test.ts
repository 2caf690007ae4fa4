import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, manifest } from './extension';

describe('Running inside VS Code (integration)', () => {
  it('is a real VS Code whose product.json matches the API version', () => {
    const product = JSON.parse(fs.readFileSync(path.join(vscode.env.appRoot, 'product.json'), 'utf8')) as { version?: string };
    assert.equal(product.version, vscode.version);
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.ok(vscode.env.appName.length > 0);
    assert.ok([vscode.UIKind.Desktop, vscode.UIKind.Web].includes(vscode.env.uiKind));
    console.log(`    (${vscode.env.appName} ${vscode.version}, ui ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'})`);
  });

  it('loads the extension from the development folder and activates it', async () => {
    await activateExtension();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
  });

  it('runs a contributed command: seqera.showLogs reveals the Seqera log channel', async () => {
    await activateExtension();
    // e.g. output:seqera-community.seqera-vscode.Seqera.log; not the build channel "Seqera: Wave builds",
    // which earlier Wave tests reveal.
    const isSeqeraLog = (d: vscode.TextDocument): boolean =>
      d.uri.scheme === 'output' && d.uri.path.includes(EXTENSION_ID) && /(^|[.#-])Seqera(\.log)?$/.test(d.uri.path);
    assert.ok(!vscode.workspace.textDocuments.some(isSeqeraLog), 'the channel is open before the command ran');
    // The workbench opens the channel's document once the Output view shows it.
    const opened = new Promise<vscode.TextDocument>((resolve) => {
      const sub = vscode.workspace.onDidOpenTextDocument((d) => {
        if (isSeqeraLog(d)) {
          sub.dispose();
          resolve(d);
        }
      });
    });
    await vscode.commands.executeCommand('seqera.showLogs');
    await opened;
  });

  it('writes, reads back and deletes a value in SecretStorage through the extension context', async () => {
    const { services } = await activateExtension();
    const secrets = services.context.secrets;
    const key = `seqera.integration-test.${Date.now()}`;
    const changed: string[] = [];
    const sub = secrets.onDidChange((e) => changed.push(e.key));
    try {
      await secrets.store(key, 'not-a-real-token');
      assert.equal(await secrets.get(key), 'not-a-real-token');
      await secrets.delete(key);
      assert.equal(await secrets.get(key), undefined);
      assert.ok(changed.includes(key));
    } finally {
      sub.dispose();
      await secrets.delete(key);
    }
  });

  it('contributes the Seqera view container with its three views to the workbench', async () => {
    await activateExtension();
    const views = manifest().contributes?.views?.seqera?.map((v) => v.id);
    assert.deepEqual(views, ['seqera.workspaces', 'seqera.studios', 'seqera.waveBuilds']);
    // VS Code creates these commands only for views and containers it actually registered.
    const commands = new Set(await vscode.commands.getCommands(true));
    assert.ok(commands.has('workbench.view.extension.seqera'));
    for (const id of views ?? []) assert.ok(commands.has(`${id}.focus`), `${id}.focus is missing`);
    await vscode.commands.executeCommand('workbench.view.extension.seqera');
  });

  it("reads the Workspaces tree's children through its provider", async () => {
    const { services } = await activateExtension();
    const provider = services.views.workspaces;
    assert.ok(provider, 'the Workspaces view has a tree data provider');
    // Signed out here (auth.test.ts signs in against the emulator and checks the nodes):
    // no children, so VS Code shows the view's sign-in welcome content.
    assert.equal(services.session.state, 'signedOut');
    assert.deepEqual(await provider.getChildren(), []);
  });
});
