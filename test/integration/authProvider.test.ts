import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { tokenKey } from '../../src/accounts/tokenStore';
import type { ReportedError } from '../../src/ui/commandRegistry';
import { useEmulatorSession } from './helpers/emulatorSession';

/**
 * Issue #11 item 7: the AuthenticationProvider keeps vscode.d.ts's promises,
 * exercised the way other extensions and the Accounts menu use it, in a real
 * VS Code against the emulator. `getSession(…, { createIfNone })` first shows
 * VS Code's consent dialog ("… wants to sign in using Seqera Platform"), which
 * VS Code refuses to show in ExtensionMode.Test ("DialogService: refused to
 * show dialog in tests"), so the tests call the registered provider's
 * `createSession` (what VS Code calls after that consent) and use `getSession`
 * with `silent`; the Accounts menu's Sign Out (`_signOutOfAccount`) runs as is
 * (VS Code confirms its own question in test mode).
 */
type ChangeEvent = vscode.AuthenticationProviderAuthenticationSessionsChangeEvent;

describe('AuthenticationProvider (integration, issue #11 item 7)', function () {
  this.timeout(60_000);
  let originalPrompt: SeqeraTestRig['services']['prompts']['token'];
  const events: ChangeEvent[] = [];
  const reported: ReportedError[] = [];
  const subscriptions: vscode.Disposable[] = [];
  const { api, emu } = useEmulatorSession({
    seed: 11,
    start: 'signedOut',
    prepare: () => {
      originalPrompt = api().services.prompts.token;
    },
    restore: () => {
      for (const s of subscriptions) s.dispose();
    },
  });

  const storedToken = (): Thenable<string | undefined> => api().services.context.secrets.get(tokenKey(emu().platformUrl));
  const userInfoCalls = (): number => emu().requests.filter((r) => r.path === '/api/user-info').length;
  const sessionId = (): string => `seqera:${emu().platformUrl}`;
  const provider = (): NonNullable<SeqeraTestRig['authProvider']> => {
    const found = api().authProvider;
    assert.ok(found, 'the test rig exposes the provider');
    return found;
  };

  before(() => {
    subscriptions.push(
      provider().onDidChangeSessions((e) => events.push(e)),
      api().onDidReportError((e) => reported.push(e)),
    );
  });

  afterEach(() => {
    api().services.prompts.token = originalPrompt;
  });

  it('createSession with a rejected token rejects with the real error, and shows no message', async () => {
    api().services.prompts.token = async () => 'not-a-valid-token-for-the-emulator';
    const before = reported.length;
    await assert.rejects(
      provider().createSession([]),
      (e: Error) => /rejected this access token, so it was not saved/.test(e.message),
    );
    assert.deepEqual(reported.slice(before), [], 'no error message besides the rejection');
    assert.equal(await storedToken(), undefined);
    assert.equal(api().session.state, 'signedOut');
  });

  it('createSession, cancelled at the token prompt, rejects with a CancellationError and stores nothing', async () => {
    api().services.prompts.token = async () => undefined;
    await assert.rejects(provider().createSession([]), (e: Error) => e instanceof vscode.CancellationError);
    assert.equal(await storedToken(), undefined);
    assert.equal(api().session.state, 'signedOut');
  });

  it('createSession signs in directly through the token prompt and resolves with the session', async () => {
    const asked: string[] = [];
    api().services.prompts.token = async (apiUrl) => {
      asked.push(apiUrl);
      return emu().token;
    };
    const calls = userInfoCalls();
    const eventsBefore = events.length;
    const session = await provider().createSession([]);
    assert.deepEqual(asked, [emu().platformUrl], 'the token prompt of the active endpoint, once');
    assert.equal(session.id, sessionId());
    assert.equal(session.accessToken, emu().token);
    assert.match(session.account.label, new RegExp(`^${api().session.user?.userName ?? '<none>'} \\(127\\.0\\.0\\.1:\\d+\\)$`));
    assert.equal(userInfoCalls() - calls, 1, 'one GET /user-info: the sign-in check');
    assert.equal(await storedToken(), emu().token);
    const added = events.slice(eventsBefore).flatMap((e) => e.added ?? []);
    assert.deepEqual(added.map((s) => s.id), [sessionId()], 'one session added');
  });

  it('getSessions and the Accounts menu read the state: no network call, even before the user is known', async () => {
    // A reload with an unknown user (as at start-up) must not make getSessions ask /user-info.
    const label = (await vscode.authentication.getAccounts('seqera'))[0]?.label;
    const fresh = emu().state.addToken(emu().state.mainUserId);
    await api().services.context.secrets.store(tokenKey(emu().platformUrl), fresh);
    for (let i = 0; i < 100 && api().session.waveCredentials()?.towerAccessToken !== fresh; i++) await api().session.reload();
    assert.equal(api().session.waveCredentials()?.towerAccessToken, fresh, 'the session picked up the new token');
    // Every /user-info is parked: a getSessions that asked the network would never resolve.
    emu().faults.add({ server: 'platform', path: '/user-info', kind: 'hold' });
    let sessions: readonly vscode.AuthenticationSession[];
    let accounts: readonly vscode.AuthenticationSessionAccountInformation[];
    try {
      sessions = await provider().getSessions();
      accounts = await vscode.authentication.getAccounts('seqera');
      // VS Code asks the provider for its sessions (and answers undefined: this extension was never allowed, see above).
      await vscode.authentication.getSession('seqera', [], { silent: true });
    } finally {
      emu().faults.clear();
      emu().faults.release();
    }
    assert.deepEqual(sessions.map((s) => s.id), [sessionId()]);
    assert.deepEqual(accounts.map((a) => a.label), [label], 'the account keeps its label (remembered) while the user is looked up');
    assert.equal(sessions[0]?.accessToken, fresh, 'the session carries the new token');
  });

  it('a new token or the user becoming known is `changed` with the same id, never removed + added; overlapping changes agree', async () => {
    const start = events.length;
    const another = emu().state.addToken(emu().state.mainUserId);
    // Two changes in flight at once: a sign-in with another token while the user is looked up.
    await Promise.all([vscode.commands.executeCommand('seqera.signIn', another), api().session.ensureUser()]);
    const seen = events.slice(start);
    assert.ok(seen.length > 0, 'the change was announced');
    for (const e of seen) {
      assert.deepEqual(e.removed ?? [], [], `nothing removed: ${JSON.stringify(e)}`);
      assert.deepEqual(e.added ?? [], [], `nothing added: ${JSON.stringify(e)}`);
      assert.deepEqual((e.changed ?? []).map((s) => s.id), [sessionId()], 'changed carries the same id');
    }
    assert.equal(seen[seen.length - 1]?.changed?.[0]?.accessToken, another);
  });

  it('removeSession(id) honours the id: another id signs nothing out', async () => {
    await provider().removeSession('seqera:https://another.example/api');
    assert.equal(api().session.state, 'signedIn');
    assert.ok(await storedToken(), 'the token is still stored');
  });

  it('signing out from the Accounts menu removes exactly that session', async () => {
    const start = events.length;
    const label = (await vscode.authentication.getAccounts('seqera'))[0]?.label;
    assert.ok(label, 'the Accounts menu lists the account');
    // What the Accounts menu's "Sign Out" runs (VS Code asks to confirm; the harness page confirms).
    await vscode.commands.executeCommand('_signOutOfAccount', { providerId: 'seqera', accountLabel: label });
    assert.equal(api().session.state, 'signedOut');
    assert.equal(await storedToken(), undefined);
    assert.deepEqual(await vscode.authentication.getAccounts('seqera'), []);
    const removed = events.slice(start).flatMap((e) => e.removed ?? []);
    assert.deepEqual(removed.map((s) => s.id), [sessionId()]);
  });

  it("executeCommand('seqera.signIn', token): rejects on failure, resolves undefined on cancel", async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('seqera.signIn', 'bm90LWEtdG9rZW4')),
      (e: Error) => /rejected this access token/.test(e.message),
    );
    api().services.prompts.token = async () => undefined;
    assert.equal(await vscode.commands.executeCommand('seqera.signIn'), undefined, 'a cancelled prompt resolves undefined');
    assert.equal(api().session.state, 'signedOut');
  });
});
