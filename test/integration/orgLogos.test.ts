import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import type { WorkspaceNode } from '../../src/workspaces/workspaceNodes';
import type { OrgRec } from '../emulator/model';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';
import { logoChecked } from './helpers/orgLogos';
import { canReadWorkbench, waitForRowIcon } from './helpers/workbench';

/**
 * #17.10 in the real VS Code: an organization's logo is shown once the extension fetched it and found a
 * real image, handed to VS Code as a data: URI of those bytes (the workbench's page refuses plain http
 * images, which left the emulator's logos blank); every other organization gets the `organization` codicon.
 * The second test reads the workbench's page: each row really shows a decoded image or the codicon.
 */
describe('Organization logos with a fallback icon (integration)', function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  let emu: Emulator;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  /** Organizations this test adds, with what their logo URL answers. */
  const refused = ['broken-logo', 'html-logo', 'script-logo', 'huge-logo', 'no-logo'];

  async function orgNode(name: string): Promise<WorkspaceNode> {
    const tree = api.services.views.workspaces;
    assert.ok(tree);
    const node = (await tree.getChildren()).find((n) => tree.getTreeItem(n).label === name);
    return node ?? assert.fail(`no organization ${name} in the tree`);
  }
  async function orgItem(name: string): Promise<vscode.TreeItem> {
    return api.services.views.workspaces!.getTreeItem(await orgNode(name));
  }
  /** Scrolls the row into the view (the tree draws only the rows on screen). */
  async function reveal(name: string): Promise<void> {
    await api.services.views.workspacesView!.reveal(await orgNode(name), { select: false, focus: false });
  }
  const isCodicon = (item: vscode.TreeItem): boolean => item.iconPath instanceof vscode.ThemeIcon && item.iconPath.id === 'organization';

  before(async () => {
    api = await activateExtension();
    emu = await startEmulator({ seed: 11 });
    await config().update('platformUrl', emu.platformUrl, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', emu.waveUrl, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await api.session.signOut();
    const main = emu.state.mainUser;
    const add = (name: string, logo?: { contentType: string; body: Buffer }): OrgRec => {
      const org = emu.state.addOrg({ name, logo: logo !== undefined }, [[main.id, 'owner']]);
      if (logo) org.logo = logo;
      emu.state.addWorkspace(org.orgId, { name: 'lab' }, [[main.id, 'owner']]);
      return org;
    };
    add('broken-logo').logoUrl = `${emu.state.webUrl}/avatars/no-such-logo.svg`; // a 404
    add('html-logo', { contentType: 'image/png', body: Buffer.from('<!DOCTYPE html><html><body>Please sign in</body></html>') });
    add('script-logo', { contentType: 'image/svg+xml', body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="8" height="8"/></svg>') });
    const huge = Buffer.alloc(70 * 1024);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(huge);
    add('huge-logo', { contentType: 'image/png', body: huge });
    add('no-logo');
    await api.session.signIn(emu.token);
    await api.workspaces.load(true);
  });
  after(async () => {
    await api.session.signOut();
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await emu.stop();
  });

  it('#17.10 a logo that is a real image is its own bytes as a data: URI; anything else is the organization icon', async () => {
    const svgUrl = emu.state.org('genomics-core').logoUrl;
    const pngUrl = emu.state.org('structural-bio').logoUrl;
    assert.ok(svgUrl && pngUrl, 'the seed gives genomics-core and structural-bio logos');
    assert.ok(svgUrl.startsWith('http://') && svgUrl.endsWith('.svg') && pngUrl.endsWith('.png'), 'an SVG and a PNG, over plain http');
    assert.equal((await fetch(emu.state.org('broken-logo').logoUrl!)).status, 404, 'the emulator has no such logo');
    for (const name of ['genomics-core', 'structural-bio', ...refused]) await orgItem(name); // drawing the rows starts the checks
    assert.equal(await logoChecked(api, svgUrl), 'ok');
    assert.equal(await logoChecked(api, pngUrl), 'ok');
    for (const name of refused.slice(0, -1)) assert.equal(await logoChecked(api, emu.state.org(name).logoUrl!), 'failed', name);

    for (const [name, url, type] of [['genomics-core', svgUrl, 'image/svg+xml'], ['structural-bio', pngUrl, 'image/png']] as const) {
      const icon = (await orgItem(name)).iconPath;
      assert.ok(icon instanceof vscode.Uri && icon.scheme === 'data', `${name} shows its logo as a data: URI (${String(icon)})`);
      const [head, base64] = icon.toString(true).split(',');
      assert.equal(head, `data:${type};base64`);
      const served = Buffer.from(await (await fetch(url)).arrayBuffer());
      assert.deepEqual(Buffer.from(base64 ?? '', 'base64'), served, `${name}: the very bytes the logo URL serves`);
    }
    for (const name of refused) assert.ok(isCodicon(await orgItem(name)), `${name}: the organization icon`);
  });

  it('#17.10 in the workbench every organization row shows its decoded logo or the organization icon, none blank', async function () {
    if (!canReadWorkbench()) this.skip(); // desktop VS Code (SEQERA_TEST_ELECTRON=1): no page to read
    await vscode.commands.executeCommand('workbench.view.extension.seqera');
    await vscode.commands.executeCommand('seqera.workspaces.focus');
    for (const name of ['genomics-core', 'structural-bio']) {
      await reveal(name);
      const icon = await waitForRowIcon(name, 'image');
      assert.deepEqual(icon, { kind: 'image', scheme: 'data', width: 64 }, `${name}: its 64 px logo, decoded by the browser`);
    }
    for (const name of ['community', ...refused]) {
      await reveal(name);
      assert.deepEqual(await waitForRowIcon(name, 'codicon'), { kind: 'codicon', name: 'organization' }, name);
    }
  });
});
