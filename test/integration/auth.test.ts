import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { readEndpoints } from '../../src/accounts/endpointSettings';
import { TokenStore, tokenKey } from '../../src/accounts/tokenStore';
import { SessionStore } from '../../src/accounts/session';
import { WorkspaceStore } from '../../src/workspaces/workspaceStore';
import type { WorkspaceNode } from '../../src/workspaces/workspaceNodes';
import { logoChecked } from './helpers/orgLogos';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';
import { filesUnder } from '../shared/files';


/**
 * Sign-in, Accounts, the Workspaces tree and token safety, in a real VS Code
 * against the emulator. The endpoint settings are pointed at the emulator in
 * user (global) settings, as a user would, and restored afterwards.
 */
describe('Sign-in and workspaces (integration)', function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  let emu: Emulator;
  const seen: string[] = [];
  const usedTokens: string[] = [];
  let tap: vscode.Disposable | undefined;
  let originalPrompt: SeqeraTestRig['services']['prompts']['token'];

  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  const tree = (): NonNullable<SeqeraTestRig['services']['views']['workspaces']> => {
    const provider = api.services.views.workspaces;
    assert.ok(provider, 'the Workspaces view is registered');
    return provider;
  };
  const labels = async (node?: WorkspaceNode): Promise<string[]> =>
    (await tree().getChildren(node)).map((n) => String(tree().getTreeItem(n).label));
  const storedToken = (): Thenable<string | undefined> => api.services.context.secrets.get(tokenKey(emu.platformUrl));

  async function pointAt(target: Emulator): Promise<void> {
    await config().update('platformUrl', target.platformUrl, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', target.waveUrl, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    assert.equal(api.session.endpoints?.apiUrl, target.platformUrl);
  }

  before(async () => {
    api = await activateExtension();
    tap = api.services.log.onDidWrite((line) => seen.push(line.text));
    emu = await startEmulator({ seed: 7 });
    usedTokens.push(emu.token);
    originalPrompt = api.services.prompts.token;
    await pointAt(emu);
    await api.session.signOut();
  });

  after(async () => {
    api.services.prompts.token = originalPrompt;
    await api.session.signOut();
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    tap?.dispose();
    await emu.stop();
  });

  it('starts signed out: no nodes, so the sign-in welcome content shows', async () => {
    assert.equal(api.session.state, 'signedOut');
    assert.deepEqual(await labels(), []);
  });

  it('a wrong token gets a clear error and nothing is stored', async () => {
    const bad = 'd3JvbmctdG9rZW4tZm9yLXRlc3Rz';
    usedTokens.push(bad);
    // An automation call rejects with the reason (a person's call would get the message instead).
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('seqera.signIn', bad)), /rejected this access token, so it was not saved/);
    assert.equal(await storedToken(), undefined);
    assert.equal(api.session.state, 'signedOut');
    assert.ok(seen.some((l) => /rejected this access token, so it was not saved/.test(l)), 'the error reached the log');
    const rejected = emu.requests.filter((r) => r.path === '/api/user-info' && r.status === 401);
    assert.equal(rejected.length, 1, 'validated once with /user-info');
  });

  it('signs in through the token prompt: validates, stores per endpoint, greets, fills the tree', async () => {
    const asked: string[] = [];
    api.services.prompts.token = async (apiUrl) => {
      asked.push(apiUrl);
      return emu.token;
    };
    const result = (await vscode.commands.executeCommand('seqera.signIn')) as { userName: string; displayName: string } | undefined;
    assert.deepEqual(asked, [emu.platformUrl]);
    assert.ok(result?.userName, 'the command resolves with the user');
    assert.equal(await storedToken(), emu.token);
    assert.equal(api.session.state, 'signedIn');

    const top = await tree().getChildren();
    assert.equal(top[0]?.kind, 'workspace', 'personal workspace first');
    const orgs = top.filter((n): n is Extract<WorkspaceNode, { kind: 'org' }> => n.kind === 'org');
    assert.ok(orgs.length > 0, 'organizations listed');
    const withLogo = orgs.find((o) => o.org.logoUrl);
    const withoutLogo = orgs.find((o) => !o.org.logoUrl);
    assert.ok(withLogo && withoutLogo, 'the seeded data has orgs with and without a logo');
    // #17.10: a logo is used once the extension checked that it is an image (orgLogos.test.ts covers the fallback).
    tree().getTreeItem(withLogo); // drawing the row starts the check
    assert.equal(await logoChecked(api, withLogo.org.logoUrl!), 'ok');
    const logo = tree().getTreeItem(withLogo).iconPath;
    assert.ok(logo instanceof vscode.Uri && logo.scheme === 'data' && /^image\/(svg\+xml|png);base64,/.test(logo.path), 'the org logo is the icon');
    assert.ok(tree().getTreeItem(withoutLogo).iconPath instanceof vscode.ThemeIcon, 'a codicon otherwise');
    const rows = (await api.session.requireClient().userWorkspaces(api.session.user?.id ?? -1)).items;
    assert.equal(orgs.length, new Set(rows.map((r) => r.orgId)).size, 'one node per organization');
    const workspaceCount = (await Promise.all(orgs.map((o) => tree().getChildren(o)))).flat().filter((n) => n.kind === 'workspace').length;
    assert.equal(workspaceCount, rows.filter((r) => r.workspaceId !== undefined).length, 'every workspace listed');
    const firstOrgChildren = await labels(orgs[0]);
    assert.ok(firstOrgChildren.length > 0, 'an org has workspaces');
    const item = tree().getTreeItem((await tree().getChildren(orgs[0]))[0] as WorkspaceNode);
    assert.ok(item.tooltip instanceof vscode.MarkdownString && /Roles|Visibility/.test(item.tooltip.value), 'tooltip with visibility/roles');
  });

  it('shows the account in the Accounts menu (authentication provider)', async () => {
    // What the Accounts menu lists. (A silent getSession would also need the user to have granted
    // this extension access to the account, which VS Code asks for even for the provider's own extension.)
    const accounts = await vscode.authentication.getAccounts('seqera');
    assert.equal(accounts.length, 1);
    assert.match(accounts[0]?.label ?? '', new RegExp(`^${api.session.user?.userName ?? '<none>'} \\(127\\.0\\.0\\.1:\\d+\\)$`));
  });

  it('Select Workspace without an argument opens a quick pick whose choice becomes active', async () => {
    // A remembered workspace that no longer exists: the pick focuses its first item (Personal).
    await api.workspaces.setActive({ workspaceId: 424242, orgName: 'gone', workspaceName: 'gone', fullName: 'gone / gone' });
    let settled = false;
    const pending = Promise.resolve(vscode.commands.executeCommand('seqera.selectWorkspace')).finally(() => {
      settled = true;
    });
    for (let i = 0; i < 100 && !settled; i++) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 50));
    }
    const chosen = (await pending) as { workspaceId?: number; fullName: string } | undefined;
    assert.equal(chosen?.fullName, 'Personal workspace');
    assert.equal(api.workspaces.active?.fullName, 'Personal workspace');
    assert.equal(api.workspaces.active?.workspaceId, undefined);
  });

  it('selects a workspace: marked active, remembered, and restored by fresh stores (a reload)', async () => {
    const all = api.workspaces.all().filter((w) => w.workspaceId !== undefined);
    const target = all[all.length - 1];
    assert.ok(target?.workspaceId !== undefined);
    await vscode.commands.executeCommand('seqera.selectWorkspace', target.workspaceId);
    assert.equal(api.workspaces.active?.workspaceId, target.workspaceId);

    const org = (await tree().getChildren()).find((n) => n.kind === 'org' && n.org.orgId === target.orgId);
    assert.ok(org);
    const nodes = await tree().getChildren(org);
    const activeItems = nodes.map((n) => tree().getTreeItem(n)).filter((i) => i.contextValue === 'workspace:active');
    assert.deepEqual(activeItems.map((i) => i.label), [target.workspaceName]);

    // A reload: new stores over the same SecretStorage and globalState, no network needed to know the active workspace.
    const before = emu.requests.length;
    const tokens = new TokenStore(api.services.context.secrets);
    const session = new SessionStore({ tokens, http: api.services.http, readEndpoints });
    const workspaces = new WorkspaceStore(session, api.services.context.globalState);
    try {
      await session.reload();
      assert.equal(session.state, 'signedIn');
      assert.equal(workspaces.active?.workspaceId, target.workspaceId);
      assert.equal(workspaces.active?.fullName, target.fullName);
      assert.equal(emu.requests.length, before);
    } finally {
      workspaces.dispose();
      session.dispose();
      tokens.dispose();
    }
  });

  it('a revoked token turns into an error node that offers Sign In', async () => {
    emu.state.revokeToken(emu.token);
    try {
      await vscode.commands.executeCommand('seqera.refreshWorkspaces');
      const nodes = await tree().getChildren();
      assert.equal(nodes.length, 1);
      const item = tree().getTreeItem(nodes[0] as WorkspaceNode);
      assert.equal(item.contextValue, 'error:auth');
      assert.match(String(item.label), /rejected the access token/);
      assert.equal(item.command?.command, 'seqera.signIn');
    } finally {
      const fresh = emu.state.addToken(api.session.user?.id ?? -1);
      usedTokens.push(fresh);
      await vscode.commands.executeCommand('seqera.signIn', fresh);
    }
    assert.ok((await tree().getChildren()).length > 1, 'signing in again recovers');
  });

  it('a workspace-level endpoint setting cannot redirect the token', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the harness opens a workspace folder');
    const other = await startEmulator({ seed: 99 });
    const dir = path.join(folder.uri.fsPath, '.vscode');
    const file = path.join(dir, 'settings.json');
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    try {
      fs.mkdirSync(dir, { recursive: true });
      // A cloned repository's settings: our endpoints plus a harmless marker that shows when VS Code has read the file.
      const marker = 7;
      fs.writeFileSync(file, JSON.stringify({ 'seqera.platformUrl': other.platformUrl, 'seqera.waveUrl': other.waveUrl, 'editor.tabSize': marker }, null, 2));
      for (let i = 0; i < 200 && vscode.workspace.getConfiguration('editor').get('tabSize') !== marker; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(vscode.workspace.getConfiguration('editor').get('tabSize'), marker, 'VS Code read the workspace settings');
      await api.session.reload();
      await vscode.commands.executeCommand('seqera.refreshWorkspaces');
      await vscode.commands.executeCommand('seqera.signIn', usedTokens[usedTokens.length - 1]);
      assert.equal(api.session.endpoints?.apiUrl, emu.platformUrl);
      assert.equal(api.session.waveCredentials()?.towerEndpoint, emu.platformUrl);
      assert.equal(other.requests.length, 0, `the other server got: ${JSON.stringify(other.requests.map((r) => r.path))}`);
    } finally {
      if (previous === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, previous);
      await other.stop();
    }
  });

  it('refuses a plain http endpoint that is not loopback, with a clear message', async () => {
    await config().update('platformUrl', 'http://seqera.example.com/api', vscode.ConfigurationTarget.Global);
    await api.session.reload();
    assert.equal(api.session.state, 'invalidEndpoint');
    assert.match(api.session.endpointError?.message ?? '', /plain http:\/\/ for seqera\.example\.com.*unencrypted/);
    assert.equal(api.session.client, undefined);
    assert.equal(api.session.waveCredentials(), undefined);
    assert.throws(() => api.session.requireClient(), /plain http/);
    await pointAt(emu);
    assert.equal(api.session.state, 'signedIn', 'the token of the emulator endpoint is still there');
  });

  it('signs out: secret gone, tree back to the welcome content, Accounts empty', async () => {
    await vscode.commands.executeCommand('seqera.signOut');
    assert.equal(await storedToken(), undefined);
    assert.equal(api.session.state, 'signedOut');
    assert.deepEqual(await labels(), []);
    assert.deepEqual(await vscode.authentication.getAccounts('seqera'), []);
  });

  it('the real token input box opens and, dismissed, stores nothing', async () => {
    api.services.prompts.token = originalPrompt;
    let settled = false;
    const pending = Promise.resolve(vscode.commands.executeCommand('seqera.signIn')).finally(() => {
      settled = true;
    });
    // Dismiss the input box as soon as it is up (closing before it shows does nothing, so repeat).
    for (let i = 0; i < 100 && !settled; i++) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await pending, undefined);
    assert.equal(await storedToken(), undefined);
  });

  it('no token appears in anything written to the log during the session', async () => {
    assert.ok(seen.length > 5, 'the session wrote to the log');
    const logDir = path.dirname(api.services.context.logUri.fsPath);
    const files = filesUnder(logDir);
    const onDisk = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.match(onDisk, /Signing in|rejected this access token/, `the scan covers the Seqera log file (${files.length} files under ${logDir})`);
    for (const token of usedTokens) {
      assert.ok(!seen.some((l) => l.includes(token)), 'token in the output channel');
      assert.ok(!onDisk.includes(token), 'token in a log file');
    }
  });
});
