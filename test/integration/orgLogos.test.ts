import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';

/**
 * #17.10 in the real VS Code: an organization's logo is shown only once it is
 * known to load; one that cannot load (here a 404 from the emulator) or an
 * organization without a logo gets the `organization` codicon instead of a
 * blank space.
 */
describe('Organization logos with a fallback icon (integration)', function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  let emu: Emulator;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');

  async function orgItem(name: string): Promise<vscode.TreeItem> {
    const tree = api.services.views.workspaces;
    assert.ok(tree);
    for (const node of await tree.getChildren()) {
      const item = tree.getTreeItem(node);
      if (item.label === name) return item;
    }
    return assert.fail(`no organization ${name} in the tree`);
  }
  async function settled(url: string): Promise<void> {
    const logos = api.services.views.orgLogos;
    assert.ok(logos);
    const end = Date.now() + 20_000;
    while (logos.state(url) === undefined || logos.state(url) === 'checking') {
      if (Date.now() > end) assert.fail(`the logo check of ${url} did not end`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  const isCodicon = (item: vscode.TreeItem): boolean => item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'organization';

  before(async () => {
    api = await activateExtension();
    emu = await startEmulator({ seed: 11 });
    await config().update('platformUrl', emu.platformUrl, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', emu.waveUrl, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await api.session.signOut();
  });
  after(async () => {
    await api.session.signOut();
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await emu.stop();
  });

  it('#17.10 a logo that loads is shown; one that cannot load, or none, is the organization icon', async () => {
    const main = emu.state.mainUser;
    const broken = emu.state.addOrg({ name: 'broken-logo', logo: true }, [[main.id, 'owner']]);
    broken.logoUrl = `${emu.state.webUrl}/avatars/no-such-logo.svg`;
    emu.state.addWorkspace(broken.orgId, { name: 'lab' }, [[main.id, 'owner']]);
    const none = emu.state.addOrg({ name: 'no-logo' }, [[main.id, 'owner']]);
    emu.state.addWorkspace(none.orgId, { name: 'lab' }, [[main.id, 'owner']]);
    const good = emu.state.org('genomics-core').logoUrl;
    assert.ok(good, 'the seed gives genomics-core a logo');
    assert.equal((await fetch(broken.logoUrl)).status, 404, 'the emulator has no such logo');

    await api.session.signIn(emu.token);
    await api.workspaces.load(true);
    await orgItem('genomics-core'); // drawing the tree starts the checks
    await settled(good);
    await settled(broken.logoUrl);
    const shown = (await orgItem('genomics-core')).iconPath;
    assert.ok(shown instanceof vscode.Uri && shown.toString() === vscode.Uri.parse(good).toString(), `genomics-core shows its logo (${String(shown)})`);
    assert.ok(isCodicon(await orgItem('broken-logo')), 'a logo that cannot load: the codicon');
    assert.ok(isCodicon(await orgItem('no-logo')), 'no logo: the codicon');
  });
});
