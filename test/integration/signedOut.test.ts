import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReportedError } from '../../src/ui/commandRegistry';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { manifest } from './extension';
import { useEmulatorSession } from './helpers/emulatorSession';
import { pressFirstButton, until } from './helpers/waveBuilds';

/**
 * #17.8 in the real VS Code: signed out, the commands that need an account stay
 * in the command palette (no `commandPalette` clause hides them) and each one
 * answers "Sign in first" with a Sign In button, which signs in.
 */
const NEEDS_ACCOUNT = [
  'seqera.selectWorkspace',
  'seqera.refreshWorkspaces',
  'seqera.studios.refresh',
  'seqera.studios.filter',
  'seqera.studios.start',
  'seqera.studios.startWithOptions',
  'seqera.studios.stop',
  'seqera.studios.openInBrowser',
  'seqera.studios.copyUrl',
  'seqera.studios.copyLink',
  'seqera.studios.copySshCommand',
  'seqera.studios.connectRemoteSsh',
  'seqera.studios.startAndConnectRemoteSsh',
  'seqera.studios.extendLifespan',
  'seqera.studios.delete',
  'seqera.studios.edit',
  'seqera.studios.create',
  'seqera.studios.startFromCheckpoint',
  'seqera.studios.renameCheckpoint',
  'seqera.studios.showRunning',
  'seqera.studios.search',
  'seqera.studios.showMine',
  'seqera.studios.showAll',
  'seqera.studios.showBuildLog',
  'seqera.sshKeys.add',
  'seqera.sshKeys.list',
  'seqera.sshKeys.remove',
];

interface PaletteEntry {
  command: string;
  when?: string;
}

describe('Signed out: Studio commands stay and ask to sign in (integration)', function () {
  this.timeout(60_000);
  let originalPrompt: SeqeraTestRig['services']['prompts']['token'];
  const reports: ReportedError[] = [];
  let listener: vscode.Disposable | undefined;
  const { api, emu } = useEmulatorSession({
    seed: 5,
    start: 'signedOut',
    prepare: () => {
      listener = api().onDidReportError((e) => reports.push(e));
      originalPrompt = api().services.prompts.token;
    },
    restore: () => {
      listener?.dispose();
      api().services.prompts.token = originalPrompt;
    },
  });

  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('#17.8 no palette clause hides them when signed out', () => {
    const menus = (manifest() as { contributes?: { menus?: { commandPalette?: PaletteEntry[] } } }).contributes?.menus?.commandPalette ?? [];
    for (const id of NEEDS_ACCOUNT) {
      const entry = menus.find((m) => m.command === id);
      assert.ok(!entry?.when || !/seqera\.state|false|never/.test(entry.when), `${id} is shown in the palette (when: ${entry?.when})`);
    }
  });

  it('#17.8 each answers "Sign in first" with Sign In, before asking anything', async () => {
    assert.equal(api().session.state, 'signedOut');
    const requestsBefore = emu().requests.length;
    for (const id of NEEDS_ACCOUNT) {
      const before = reports.length;
      assert.equal(await vscode.commands.executeCommand(id), undefined, id);
      await until(`${id}'s message`, () => reports.length > before, 10_000);
      const r = reports[before];
      assert.equal(r.source, id);
      assert.match(r.message, new RegExp(`^Sign in first: this command works with your Seqera Platform account at ${new URL(emu().platformUrl).host.replace(/\./g, '\\.')}\\.$`), id);
      assert.equal(r.kind, 'auth');
      assert.equal(r.actions[0], 'Sign In', `${id}: ${r.actions.join(', ')}`);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
    assert.equal(emu().requests.length, requestsBefore, 'nothing was sent');
  });

  it('#17.8 the Sign In button signs in; the command then works', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    let asked = 0;
    api().services.prompts.token = async () => {
      asked++;
      return emu().token;
    };
    const before = reports.length;
    await vscode.commands.executeCommand('seqera.studios.refresh');
    await until('the message', () => reports.length > before, 10_000);
    await pressFirstButton('Sign In', () => asked > 0, 20_000);
    await until('signed in through the button', () => api().session.state === 'signedIn', 20_000);
    assert.equal(asked, 1, 'the token was asked once');
    const after = reports.length;
    await vscode.commands.executeCommand('seqera.refreshWorkspaces');
    assert.equal(reports.length, after, 'signed in, the command runs without a message');
    assert.equal(api().workspaces.list.kind, 'loaded');
  });
});
