import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import type { ReportedError } from '../../src/ui/commandRegistry';
import { OPEN_EMPTY_WINDOW_COMMAND } from '../../src/remoteSsh/remoteSshExtension';
import { runKeygenProcess } from '../../src/ssh/keygenProcess';
import type { KeygenMode, KeygenRunner } from '../../src/ssh/keygen';
import type { StudioRec } from '../emulator/model';
import { ED25519_FINGERPRINT, ED25519_PUB, PRIVATE_KEY_TEXT, RSA_FINGERPRINT, RSA_PUB } from '../shared/sshKeyFixtures';
import { useEmulatorSession } from './helpers/emulatorSession';
import { byLabel, ScriptedUi } from './helpers/scriptedUi';

/** The real ssh-keygen when it is on PATH; a fake that writes what it would otherwise (said in the test names). */
const REAL_KEYGEN = spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;
const KEYGEN = REAL_KEYGEN ? 'the real ssh-keygen' : 'a fake ssh-keygen (none on PATH)';

/**
 * SSH keys of the Platform profile (#16 item 2) in a real VS Code against the
 * emulator, with `~` a temporary folder: adding a local public key from
 * Connect with Remote-SSH or the palette, generating one with ssh-keygen,
 * listing and removing keys. Only the `.pub` line may reach the server.
 */
describe('SSH keys of the Seqera profile (integration)', function () {
  this.timeout(120_000);
  let home: string;
  let original: Pick<SeqeraTestRig['services']['remoteSsh'], 'homeDir' | 'remoteName' | 'keygen' | 'keyComment'>;
  let stub: vscode.Disposable | undefined;
  let running: StudioRec;
  const opened: unknown[] = [];
  const errors: ReportedError[] = [];
  const runs: { args: readonly string[]; mode: KeygenMode }[] = [];
  const { api, emu, ui } = useEmulatorSession({
    seed: 16,
    start: 'signedIn',
    workspace: ['genomics-core', 'keys-dev'],
    studiosUi: () => new ScriptedUi(),
    prepare: async () => {
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-keys-home-'));
      const env = api().services.remoteSsh;
      original = { homeDir: env.homeDir, remoteName: env.remoteName, keygen: env.keygen, keyComment: env.keyComment };
      env.homeDir = () => home;
      env.remoteName = () => undefined; // the harness's browser VS Code has a remoteName of its own
      env.keyComment = () => 'jsmith@test-laptop';
      env.keygen = async (args, mode, signal) => {
        runs.push({ args, mode });
        return realOrFake(args, mode, signal);
      };
      api().onDidReportError((e) => errors.push(e));

      const org = emu().state.org('genomics-core');
      const ws = emu().state.addWorkspace(org.orgId, { name: 'keys-dev' }, [[userId(), 'owner']]);
      emu().state.addComputeEnv(ws.id, { name: 'keys-batch', status: 'AVAILABLE' });
      running = emu().state.addStudio({ workspaceId: ws.id, name: 'keys-studio', status: 'running', configuration: { sshEnabled: true } });
      await vscode.workspace.getConfiguration('remote.SSH').update('configFile', undefined, vscode.ConfigurationTarget.Global);
    },
    restore: () => {
      stub?.dispose();
      Object.assign(api().services.remoteSsh, original);
    },
  });

  const ssh = (...p: string[]): string => path.join(home, '.ssh', ...p);
  const userId = (): number => emu().state.mainUser.id;
  const profileKeys = (): string[] => (emu().state.sshKeys.get(userId()) ?? []).map((k) => k.publicKey);
  const keyRequests = () => emu().requests.filter((r) => r.path.startsWith('/api/ssh-keys'));
  /** Every byte the extension sent the emulator: bodies and queries of every request. */
  const sent = (): string => JSON.stringify(emu().requests.map((r) => [r.body, r.query]));

  const fakeKeygen: KeygenRunner = async (args) => {
    const file = args[args.indexOf('-f') + 1];
    fs.writeFileSync(file, PRIVATE_KEY_TEXT, { mode: 0o600 });
    fs.writeFileSync(`${file}.pub`, `${ED25519_PUB.split(' ').slice(0, 2).join(' ')} ${args[args.indexOf('-C') + 1]}\n`);
    return { exitCode: 0, output: '' };
  };
  const realOrFake: KeygenRunner = REAL_KEYGEN ? (args, _mode, signal) => runKeygenProcess(args, signal) : fakeKeygen;

  function freshHome(files: Record<string, string> = {}): void {
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(ssh(), { recursive: true, mode: 0o700 });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(ssh(name), text, { mode: name.endsWith('.pub') ? 0o644 : 0o600 });
  }

  before(() => {
    stub = vscode.commands.registerCommand(OPEN_EMPTY_WINDOW_COMMAND, (args: unknown) => void opened.push(args));
  });

  beforeEach(() => {
    opened.length = 0;
    errors.length = 0;
    runs.length = 0;
    emu().state.sshKeys.delete(userId());
    emu().clearRequests();
  });

  after(() => {
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('Connect with Remote-SSH without a profile key offers Add SSH Key…: picks ~/.ssh/id_ed25519.pub, validates, sends only its line, then connects', async () => {
    freshHome({ id_ed25519: PRIVATE_KEY_TEXT, 'id_ed25519.pub': `${ED25519_PUB}\n`, 'id_rsa.pub': `${RSA_PUB}\n`, config: '' });
    ui().warningAnswers.push('Add SSH Key…');
    ui().picks.push(byLabel(/id_ed25519\.pub$/));
    ui().inputs.push((o) => o.value); // the proposed name
    ui().confirms.push(true); // write the SSH config
    const result = await vscode.commands.executeCommand<{ alias: string }>('seqera.studios.connectRemoteSsh', { kind: 'studio', sessionId: running.sessionId });

    assert.match(ui().warnings[0]!, /Your Seqera profile has no SSH public key/);
    assert.deepEqual(ui().warningActions[0], ['Add SSH Key…', 'Open Profile', 'Continue Anyway']);
    const shown = ui().shownPicks[0]!;
    assert.deepEqual(shown.labels, ['$(key) ~/.ssh/id_ed25519.pub', '$(key) ~/.ssh/id_rsa.pub', '$(add) Generate a New ed25519 Key…']);
    assert.equal(ui().shownInputs[0]!.value, 'fixture@emulator (VS Code)', 'named after the key comment');

    const calls = keyRequests().map((r) => `${r.method} ${r.path} ${r.status}`);
    assert.deepEqual(calls, ['GET /api/ssh-keys 200', 'GET /api/ssh-keys 200', 'GET /api/ssh-keys/validate/name 204', 'GET /api/ssh-keys/validate/key 204', 'POST /api/ssh-keys 200']);
    const post = keyRequests().find((r) => r.method === 'POST')!;
    assert.deepEqual(post.body, { name: 'fixture@emulator (VS Code)', publicKey: ED25519_PUB });
    assert.equal(keyRequests().find((r) => r.path.endsWith('/validate/key'))!.query.key, ED25519_PUB);
    assert.ok(!sent().includes('PRIVATE KEY') && !sent().includes('b3BlbnNzaC1rZXkt'), 'nothing of the private key file was sent');
    assert.deepEqual(profileKeys(), [ED25519_PUB]);
    assert.match(ui().infos.at(-1)!, new RegExp(`Added ~/.ssh/id_ed25519.pub \\(${ED25519_FINGERPRINT.replace(/[+/]/g, '\\$&')}\\) to your Seqera profile`));
    assert.ok(result?.alias, 'then it connected');
    assert.equal(opened.length, 1);
    assert.equal(fs.readFileSync(ssh('id_ed25519'), 'utf8'), PRIVATE_KEY_TEXT, 'the key files are untouched');
  });

  it('the pick shows type, comment and fingerprint, marks a key already in the profile, and says so instead of sending it again', async () => {
    freshHome({ 'id_ed25519.pub': ED25519_PUB, 'id_rsa.pub': RSA_PUB });
    emu().state.addSshKey(userId(), 'old laptop', ED25519_PUB.replace(/\S+$/, 'renamed@elsewhere'));
    let items: readonly vscode.QuickPickItem[] = [];
    ui().picks.push((list) => ((items = list), list[0]));
    const result = await vscode.commands.executeCommand('seqera.sshKeys.add');
    assert.equal(result, undefined);
    assert.deepEqual(items.map((i) => [i.description, i.detail]).slice(0, 2), [
      ['ED25519 · fixture@emulator', `${ED25519_FINGERPRINT} · already in your profile as "old laptop"`],
      ['RSA · rsa fixture', RSA_FINGERPRINT],
    ]);
    assert.match(ui().infos[0]!, /~\/\.ssh\/id_ed25519\.pub is already in your Seqera profile as "old laptop"/);
    assert.equal(keyRequests().filter((r) => r.method !== 'GET').length, 0);
  });

  it('a .pub file that holds a private key is refused with its file and line, and nothing is sent', async () => {
    freshHome({ 'id_ed25519.pub': PRIVATE_KEY_TEXT });
    ui().picks.push(byLabel(/id_ed25519\.pub$/));
    await vscode.commands.executeCommand('seqera.sshKeys.add');
    assert.equal(ui().shownPicks[0]!.labels[0], '$(warning) ~/.ssh/id_ed25519.pub');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /^~\/\.ssh\/id_ed25519\.pub:1: this is a private key\. It never leaves this computer: choose the public key/);
    assert.deepEqual(keyRequests().map((r) => `${r.method} ${r.path}`), ['GET /api/ssh-keys'], 'only the list was asked');
    assert.ok(!sent().includes('PRIVATE KEY'));
  });

  it(`generates a new ed25519 key with ${KEYGEN} after asking, never overwriting id_ed25519, and uploads its .pub`, async () => {
    freshHome({ id_ed25519: 'my existing private key', 'id_ed25519.pub': RSA_PUB });
    ui().picks.push(byLabel(/Generate a New ed25519 Key/), byLabel(/Without a Passphrase/));
    ui().inputs.push((o) => o.value);
    const added = await vscode.commands.executeCommand<{ file: string; generated: boolean; fingerprint: string }>('seqera.sshKeys.add');
    assert.equal(ui().shownPicks[1]!.options.title, 'Generate ~/.ssh/id_ed25519_seqera and ~/.ssh/id_ed25519_seqera.pub with ssh-keygen?');
    assert.deepEqual(runs.map((r) => r.mode), ['noPassphrase']);
    assert.deepEqual(runs[0]!.args, ['-t', 'ed25519', '-C', 'jsmith@test-laptop', '-f', ssh('id_ed25519_seqera'), '-N', '']);
    assert.equal(fs.readFileSync(ssh('id_ed25519'), 'utf8'), 'my existing private key');
    assert.equal(fs.readFileSync(ssh('id_ed25519.pub'), 'utf8'), RSA_PUB);
    const pub = fs.readFileSync(ssh('id_ed25519_seqera.pub'), 'utf8').trim();
    assert.ok(fs.existsSync(ssh('id_ed25519_seqera')));
    assert.equal(added?.generated, true);
    assert.equal(added?.file, ssh('id_ed25519_seqera.pub'));
    assert.equal(ui().shownInputs[0]!.value, 'jsmith@test-laptop (VS Code)');
    assert.deepEqual(keyRequests().find((r) => r.method === 'POST')!.body, { name: 'jsmith@test-laptop (VS Code)', publicKey: pub });
    assert.deepEqual(profileKeys(), [pub]);
    const privateText = fs.readFileSync(ssh('id_ed25519_seqera'), 'utf8');
    const body = privateText.split('\n')[1]!;
    assert.ok(!sent().includes(body), 'the new private key was not sent');
    if (REAL_KEYGEN) {
      assert.match(pub, /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\S+ jsmith@test-laptop$/);
      const printed = spawnSync('ssh-keygen', ['-lf', ssh('id_ed25519_seqera.pub')], { encoding: 'utf8' }).stdout;
      assert.ok(printed.includes(added!.fingerprint), `${printed} has ${added!.fingerprint}`);
    }
  });

  it('with a passphrase, ssh-keygen asks for it itself (no -N): the extension never prompts for or holds one', async () => {
    freshHome();
    const before = api().services.remoteSsh.keygen;
    api().services.remoteSsh.keygen = async (args, mode) => (runs.push({ args, mode }), fakeKeygen(args, mode, new AbortController().signal));
    try {
      ui().picks.push(byLabel(/Generate a New ed25519 Key/), byLabel(/With a Passphrase/));
      ui().inputs.push('laptop');
      await vscode.commands.executeCommand('seqera.sshKeys.add');
    } finally {
      api().services.remoteSsh.keygen = before;
    }
    assert.deepEqual(runs, [{ args: ['-t', 'ed25519', '-C', 'jsmith@test-laptop', '-f', ssh('id_ed25519')], mode: 'askPassphrase' }]);
    assert.equal(ui().shownInputs.length, 1, 'one input: the key name, no passphrase');
    assert.deepEqual(emu().state.sshKeys.get(userId())!.map((k) => k.name), ['laptop']);
  });

  it('a taken name asks again with the reason (GET /ssh-keys/validate/name 409)', async () => {
    freshHome({ 'id_rsa.pub': RSA_PUB });
    emu().state.addSshKey(userId(), 'work', ED25519_PUB);
    ui().picks.push(byLabel(/id_rsa\.pub$/));
    ui().inputs.push('work', 'work 2');
    const added = await vscode.commands.executeCommand<{ name: string }>('seqera.sshKeys.add');
    assert.equal(ui().shownInputs[1]!.prompt, 'Your profile already has a key named "work". Choose another name.');
    assert.equal(added?.name, 'work 2');
  });

  it('List SSH Keys shows each key with type, fingerprint, dates and whether it is on this computer; picking one removes it after asking', async () => {
    freshHome({ 'id_rsa.pub': RSA_PUB });
    emu().state.addSshKey(userId(), 'desktop', RSA_PUB, emu().clock.now() - 3 * 86_400_000);
    const laptop = emu().state.addSshKey(userId(), 'laptop', ED25519_PUB);
    laptop.lastUsed = emu().clock.now();
    let items: readonly vscode.QuickPickItem[] = [];
    ui().picks.push((list) => ((items = list), list.find((i) => i.label === '$(key) laptop')));
    ui().confirms.push(true);
    const listed = await vscode.commands.executeCommand<{ name: string; onThisComputer: boolean }[]>('seqera.sshKeys.list');
    assert.deepEqual(listed?.map((k) => [k.name, k.onThisComputer]), [['desktop', true], ['laptop', false]]);
    // #17.10: one date format in the user's locale (the test VS Code runs en-US, UTC).
    const day = (t: number): string => new Date(t).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    assert.deepEqual(items.map((i) => [i.label, i.description, i.detail]), [
      ['$(key) desktop', 'RSA · rsa fixture · on this computer', `${RSA_FINGERPRINT} · added ${day(emu().clock.now() - 3 * 86_400_000)} · never used`],
      ['$(key) laptop', 'ED25519 · fixture@emulator', `${ED25519_FINGERPRINT} · added ${day(emu().clock.now() - 10 * 86_400_000)} · last used ${day(emu().clock.now())}`],
      ['$(add) Add SSH Key…', undefined, undefined],
    ]);
    assert.equal(ui().shownConfirms[0], 'Remove the SSH key "laptop" from your Seqera profile?');
    assert.match(ui().shownConfirmDetails[0]!, new RegExp(`^ED25519 ${ED25519_FINGERPRINT.replace(/[+/]/g, '\\$&')} \\(fixture@emulator\\)\\. The Studios SSH proxy will no longer let this key in`));
    assert.deepEqual(keyRequests().filter((r) => r.method === 'DELETE').map((r) => `${r.path} ${r.status}`), [`/api/ssh-keys/${laptop.id} 204`]);
    assert.deepEqual(emu().state.sshKeys.get(userId())!.map((k) => k.name), ['desktop']);
  });

  it('Remove SSH Key… from the palette: saying no sends no DELETE; a key already gone says so', async () => {
    freshHome();
    const k = emu().state.addSshKey(userId(), 'temp', ED25519_PUB);
    ui().picks.push(byLabel(/temp/));
    ui().confirms.push(false);
    assert.equal(await vscode.commands.executeCommand('seqera.sshKeys.remove'), undefined);
    assert.equal(keyRequests().filter((r) => r.method === 'DELETE').length, 0);
    emu().state.sshKeys.delete(userId());
    ui().confirms.push(true);
    await vscode.commands.executeCommand('seqera.sshKeys.remove', { id: k.id, name: 'temp' });
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.message, 'The SSH key "temp" is no longer in your Seqera profile.');
  });

  it('in a remote window nothing is read, generated or sent, and Connect offers no Add', async () => {
    freshHome({ 'id_ed25519.pub': ED25519_PUB });
    api().services.remoteSsh.remoteName = () => 'ssh-remote';
    try {
      ui().warningAnswers.push('Open Profile');
      await vscode.commands.executeCommand('seqera.sshKeys.add');
      assert.match(ui().warnings[0]!, /This window runs on a remote machine \(ssh-remote\)\. Remote-SSH connects to Studios from your own computer/);
      assert.deepEqual(ui().opened, [`${emu().platformUrl.replace(/\/api$/, '')}/profile`]);
      await vscode.commands.executeCommand('seqera.studios.connectRemoteSsh', { kind: 'studio', sessionId: running.sessionId });
      assert.deepEqual(ui().warningActions[1], ['Open Profile', 'Continue Anyway']);
    } finally {
      api().services.remoteSsh.remoteName = () => undefined;
    }
    assert.deepEqual(runs, []);
    assert.deepEqual(fs.readdirSync(ssh()), ['id_ed25519.pub'], 'no file written');
    assert.equal(keyRequests().filter((r) => r.method !== 'GET').length, 0);
  });
});
