import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nextEvent } from '../../src/testing/nextEvent';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';
import { OPEN_EMPTY_WINDOW_COMMAND } from '../../src/remoteSsh/remoteSshExtension';
import { endMarker, findStudioBlocks, startMarker } from '../../src/ssh/sshConfig';
import type { StudioRec } from '../emulator/model';
import { useEmulatorSession } from './helpers/emulatorSession';
import { ScriptedUi } from './helpers/scriptedUi';

/** The Studio prompts, with scripted answers to warnings too (Install, Continue Anyway...). */
class ConnectUi extends ScriptedUi {
  readonly warnAnswers: (string | undefined)[] = [];
  override async warn(message: string): Promise<string | undefined> {
    await super.warn(message);
    return this.warnAnswers.shift();
  }
}

/**
 * Connect with Remote-SSH in a real VS Code against the emulator, with the
 * SSH config in a temporary home. Remote-SSH itself is not installed here, so
 * its one command the extension calls, `opensshremotes.openEmptyWindow`, is
 * registered by the test and records what it was asked to open.
 */
describe('Studios over Remote-SSH, and proposed Studio names (integration)', function () {
  this.timeout(120_000);
  let timers: ManualTimers;
  let home: string;
  let originalHome: () => string;
  let originalRemoteName: () => string | undefined;
  let stub: vscode.Disposable | undefined;
  const opened: unknown[] = [];
  const studio: Record<'sshRunning' | 'webOnly' | 'sshStopped' | 'plainStopped', StudioRec> = {} as never;
  const { api, emu, ui } = useEmulatorSession({
    seed: 51,
    start: 'signedIn',
    workspace: ['genomics-core', 'remote-dev'],
    studiosUi: () => new ConnectUi(),
    prepare: () => {
      timers = new ManualTimers();
      api().studios.store.scheduler.setTimers(timers);
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-home-'));
      originalHome = api().services.remoteSsh.homeDir;
      api().services.remoteSsh.homeDir = () => home;
      // The harness's browser VS Code has a remoteName (its server's host:port): these tests are a local window,
      // except the one that says otherwise.
      originalRemoteName = api().services.remoteSsh.remoteName;
      api().services.remoteSsh.remoteName = () => undefined;

      const org = emu().state.org('genomics-core');
      const ws = emu().state.addWorkspace(org.orgId, { name: 'remote-dev' }, [[emu().state.mainUser.id, 'owner']]);
      emu().state.addComputeEnv(ws.id, { name: 'remote-batch', status: 'AVAILABLE' });
      studio.sshRunning = emu().state.addStudio({ workspaceId: ws.id, name: 'Variant Calling', status: 'running', configuration: { sshEnabled: true } });
      studio.webOnly = emu().state.addStudio({ workspaceId: ws.id, name: 'web-only', status: 'running' });
      studio.sshStopped = emu().state.addStudio({ workspaceId: ws.id, name: 'ssh-stopped', status: 'stopped', configuration: { sshEnabled: true } });
      studio.plainStopped = emu().state.addStudio({ workspaceId: ws.id, name: 'plain-stopped', status: 'stopped' });
    },
    restore: () => {
      stub?.dispose();
      api().services.remoteSsh.homeDir = originalHome;
      api().services.remoteSsh.remoteName = originalRemoteName;
      api().studios.store.scheduler.setTimers(realTimers);
    },
  });

  const sshConfig = (): string => path.join(home, '.ssh', 'config');
  const node = (s: StudioRec): { kind: 'studio'; sessionId: string } => ({ kind: 'studio', sessionId: s.sessionId });
  const host = (): string => new URL(emu().platformUrl).hostname;
  const user = (): string => emu().state.mainUser.userName;

  function registerStub(): void {
    stub = vscode.commands.registerCommand(OPEN_EMPTY_WINDOW_COMMAND, (args: unknown) => {
      opened.push(args);
    });
  }

  /** Moves emulated time and the poll timers until the command finishes (no sleeps). */
  async function drive<T>(command: string, arg: unknown): Promise<T> {
    let finished = false;
    const promise = Promise.resolve(vscode.commands.executeCommand<T>(command, arg)).finally(() => {
      finished = true;
    });
    const store = api().studios.store;
    for (let i = 0; i < 200 && !finished; i++) {
      if (store.scheduler.watchedIds().length === 0) {
        await Promise.race([promise.catch(() => undefined), nextEvent(store.scheduler.onDidWatch)]);
        continue;
      }
      await emu().clock.advance(5_000);
      await timers.advance(5_000);
    }
    assert.ok(finished, 'the command finished');
    return promise;
  }

  before(() => {
    registerStub();
  });

  beforeEach(() => {
    opened.length = 0;
  });

  after(() => {
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('asks first, then writes the Studio block into a new ~/.ssh/config and opens Remote-SSH on that host', async () => {
    ui().confirms.push(true);
    const result = await vscode.commands.executeCommand<{ alias: string; configPath: string; action: string }>(
      'seqera.studios.connectRemoteSsh',
      node(studio.sshRunning),
    );
    const id = studio.sshRunning.sessionId;
    const alias = `seqera-studio-variant-calling-${id}`;
    assert.deepEqual(result, { alias, configPath: sshConfig(), action: 'added' });
    assert.equal(ui().shownConfirms.length, 1);
    assert.match(ui().shownConfirms[0]!, /Create .*\.ssh\/config with a host for Studio Variant Calling\?/);
    assert.equal(
      fs.readFileSync(sshConfig(), 'utf8'),
      [
        startMarker(id),
        `# Studio "Variant Calling" on ${emu().platformUrl}. Seqera for VS Code rewrites this block on each connect; edit outside it.`,
        `Host ${alias}`,
        `  HostName ${host()}`,
        '  Port 2222',
        `  User ${user()}@${id}`,
        endMarker(id),
        '',
      ].join('\n'),
    );
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(path.dirname(sshConfig())).mode & 0o777, 0o700);
      assert.equal(fs.statSync(sshConfig()).mode & 0o777, 0o600);
    }
    assert.deepEqual(opened, [{ host: alias }], 'Remote-SSH was asked to open the Studio host');
  });

  it('a second connect updates the block in place without asking; other blocks stay byte-identical', async () => {
    const id = studio.sshRunning.sessionId;
    const mine = fs.readFileSync(sshConfig(), 'utf8');
    const before = 'Host github.com\r\n  IdentityFile ~/.ssh/gh\r\n\r\n';
    const after = '\r\nHost *\r\n  ServerAliveInterval 30'; // no final newline
    fs.writeFileSync(sshConfig(), before + mine.replace('Port 2222', 'Port 2200') + after);

    const result = await vscode.commands.executeCommand<{ action: string }>('seqera.studios.connectRemoteSsh', node(studio.sshRunning));
    assert.equal(result?.action, 'updated');
    assert.equal(ui().shownConfirms.length, 0, 'asked only before the first write');
    const text = fs.readFileSync(sshConfig(), 'utf8');
    assert.equal(findStudioBlocks(text).length, 1, 'one block for the Studio');
    assert.ok(text.startsWith(before), 'the content before the block is unchanged');
    assert.ok(text.endsWith(after), 'the content after the block is unchanged');
    assert.equal(text, before + mine + after, 'only our block changed back');
    assert.equal(fs.readFileSync(`${sshConfig()}.seqera.bak`, 'utf8'), before + mine.replace('Port 2222', 'Port 2200') + after, 'backup before the first change of an existing file');
    assert.deepEqual(opened, [{ host: `seqera-studio-variant-calling-${id}` }]);
  });

  it('in a remote window (#11 item 12), writes nothing on the remote machine and offers the Host block to copy', async () => {
    const remoteHome = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-remote-home-'));
    api().services.remoteSsh.homeDir = () => remoteHome;
    api().services.remoteSsh.remoteName = () => 'ssh-remote';
    try {
      ui().confirms.push(true); // Copy Host Block
      const result = await vscode.commands.executeCommand<Record<string, unknown>>('seqera.studios.connectRemoteSsh', node(studio.sshRunning));
      const id = studio.sshRunning.sessionId;
      const alias = `seqera-studio-variant-calling-${id}`;
      const block = [
        startMarker(id),
        `# Studio "Variant Calling" on ${emu().platformUrl}. Seqera for VS Code rewrites this block on each connect; edit outside it.`,
        `Host ${alias}`,
        `  HostName ${host()}`,
        '  Port 2222',
        `  User ${user()}@${id}`,
        endMarker(id),
        '',
      ].join('\n');
      assert.deepEqual(result, { alias, action: 'notWritten', remoteName: 'ssh-remote', block, copied: true });
      assert.deepEqual(fs.readdirSync(remoteHome), [], 'no ~/.ssh or config written on the remote machine');
      assert.deepEqual(opened, [], 'Remote-SSH was not asked to open a host this machine configured');
      assert.equal(ui().shownConfirms.length, 1);
      assert.match(ui().shownConfirms[0]!, /This window runs on a remote machine \(ssh-remote\), so Seqera did not write an SSH config here: Remote-SSH connects from your own computer/);
      const detail = ui().shownConfirmDetails[0]!;
      assert.match(detail, /copy this block into ~\/\.ssh\/config on your computer/);
      assert.match(detail, new RegExp(`run "Remote-SSH: Connect to Host…" and choose ${alias}\\.`));
      assert.ok(detail.endsWith(`\n\n${block}`), 'the block itself is shown');
      assert.deepEqual(ui().copied, [block], 'Copy put exactly the block on the clipboard');
      assert.match(ui().infos[0] ?? '', /Copied the Host block for Studio Variant Calling: paste it into ~\/\.ssh\/config on your computer/);

      // Dismissed: still nothing written, nothing copied.
      ui().confirms.push(false);
      const dismissed = await vscode.commands.executeCommand<Record<string, unknown>>('seqera.studios.connectRemoteSsh', node(studio.sshRunning));
      assert.equal(dismissed?.copied, false);
      assert.deepEqual(ui().copied, [block]);
      assert.deepEqual(fs.readdirSync(remoteHome), []);
    } finally {
      api().services.remoteSsh.homeDir = () => home;
      api().services.remoteSsh.remoteName = () => undefined;
      fs.rmSync(remoteHome, { recursive: true, force: true });
    }
  });

  it('a running Studio without SSH gets an explanation, not a dead end', async () => {
    const before = fs.readFileSync(sshConfig(), 'utf8');
    const result = await vscode.commands.executeCommand('seqera.studios.connectRemoteSsh', node(studio.webOnly));
    assert.equal(result, undefined);
    assert.equal(ui().warnings.length, 1);
    assert.match(ui().warnings[0]!, /Studio web-only runs without SSH, so Remote-SSH cannot reach it\. .*Start and Connect with Remote-SSH/);
    assert.equal(fs.readFileSync(sshConfig(), 'utf8'), before, 'the SSH config is untouched');
    assert.deepEqual(opened, []);
  });

  it('Start and Connect starts a stopped SSH Studio, follows it to running, then connects', async () => {
    const result = await drive<{ alias: string; action: string }>('seqera.studios.startAndConnectRemoteSsh', node(studio.sshStopped));
    assert.equal(emu().state.studio(studio.sshStopped.sessionId)?.status, 'running');
    assert.equal(result?.action, 'added');
    assert.equal(findStudioBlocks(fs.readFileSync(sshConfig(), 'utf8')).length, 2);
    assert.deepEqual(opened, [{ host: result?.alias }]);
  });

  it('a stopped Studio set up without SSH is started with SSH once the user agrees', async () => {
    ui().confirms.push(true);
    emu().clearRequests();
    const result = await drive<{ alias: string }>('seqera.studios.startAndConnectRemoteSsh', node(studio.plainStopped));
    assert.match(ui().shownConfirms[0]!, /was set up without SSH\. Start it with SSH enabled/);
    const start = emu().requests.find((r) => r.method === 'PUT' && r.path.endsWith(`/studios/${studio.plainStopped.sessionId}/start`));
    assert.equal((start?.body as { configuration?: { sshEnabled?: boolean } } | undefined)?.configuration?.sshEnabled, true);
    assert.deepEqual(opened, [{ host: result?.alias }]);
  });

  it('without Remote-SSH, offers to install it and writes nothing', async () => {
    stub?.dispose();
    stub = undefined;
    try {
      const before = fs.readFileSync(sshConfig(), 'utf8');
      ui().warnAnswers.push(undefined); // the user dismisses "Install Remote-SSH"
      const result = await vscode.commands.executeCommand('seqera.studios.connectRemoteSsh', node(studio.sshRunning));
      assert.equal(result, undefined);
      assert.match(ui().warnings[0]!, /needs the Remote - SSH extension \(ms-vscode-remote\.remote-ssh\)/);
      assert.equal(fs.readFileSync(sshConfig(), 'utf8'), before);
    } finally {
      registerStub();
    }
  });

  it('from the palette, lists the Studios that can be connected, SSH-ready first', async () => {
    ui().picks.push((items) => items[0]);
    const result = await vscode.commands.executeCommand<{ alias: string }>('seqera.studios.connectRemoteSsh');
    const labels = ui().shownPicks[0]?.labels ?? [];
    assert.deepEqual([...labels].sort(), ['Variant Calling', 'plain-stopped', 'ssh-stopped', 'web-only'].sort(), labels.join(', '));
    assert.equal(labels[labels.length - 1], 'web-only', 'the Studio without SSH comes last');
    assert.ok(result?.alias.startsWith('seqera-studio-'));
  });

  it('Create Studio proposes a name from GET /workflow/random-name that the user can keep', async () => {
    const first = (items: readonly vscode.QuickPickItem[]): vscode.QuickPickItem | undefined => items[0];
    ui().picks.push(first, first, first, (items) => items.find((i) => i.label === 'No conda environment'));
    ui().chooseAnswers.push('Create Only');
    ui().pickManys.push(() => []);
    let proposed: string | undefined;
    ui().inputs.push((options) => (proposed = options.value)); // keep the proposal
    emu().clearRequests();
    const created = await vscode.commands.executeCommand<{ name: string }>('seqera.studios.create');
    assert.ok(emu().requests.some((r) => r.method === 'GET' && r.path === '/api/workflow/random-name' && r.status === 200));
    assert.match(proposed ?? '', /^[a-z]+_[a-z]+$/, 'a Platform name such as angry_euler');
    assert.equal(created?.name, proposed);
  });

  it('without an SSH key in the Platform profile, explains and links to the profile before writing anything', async () => {
    const userId = emu().state.mainUser.id;
    const keys = emu().state.sshKeys.get(userId);
    emu().state.sshKeys.delete(userId);
    try {
      const before = fs.readFileSync(sshConfig(), 'utf8');
      ui().warnAnswers.push('Open Profile');
      const result = await vscode.commands.executeCommand('seqera.studios.connectRemoteSsh', node(studio.sshRunning));
      assert.equal(result, undefined);
      assert.match(ui().warnings[0]!, /Your Seqera profile has no SSH public key/);
      assert.deepEqual(ui().opened, [`${emu().platformUrl.replace(/\/api$/, '')}/profile`]);
      assert.equal(fs.readFileSync(sshConfig(), 'utf8'), before);
      assert.deepEqual(opened, []);

      ui().warnAnswers.push('Continue Anyway');
      const anyway = await vscode.commands.executeCommand<{ action: string }>('seqera.studios.connectRemoteSsh', node(studio.sshRunning));
      assert.equal(anyway?.action, 'unchanged');
      assert.equal(opened.length, 1, 'the user may know better (a key added elsewhere): it still connects');
    } finally {
      if (keys) emu().state.sshKeys.set(userId, keys);
    }
  });
});
