import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { maybeOfferEnvToken } from '../../src/accounts/envImport';
import { tokenKey } from '../../src/accounts/tokenStore';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';



/**
 * TOWER_ACCESS_TOKEN / TOWER_API_ENDPOINT / TOWER_WORKSPACE_ID, as tw and
 * Nextflow users have them: offered once, validated, stored like a typed token.
 */
describe('Sign-in from environment variables (integration)', function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  let emu: Emulator;
  let originalOffer: SeqeraTestRig['services']['endpointPrompts']['offerEnvToken'];
  let originalWave: SeqeraTestRig['services']['endpointPrompts']['envWaveUrl'];
  /** Each time the extension asked which Wave goes with an Enterprise endpoint from the environment. */
  const waveQuestions: { apiUrl: string; publicWave: string }[] = [];
  let waveAnswer: () => string | undefined;
  const saved: Record<string, string | undefined> = {};
  const VARS = ['TOWER_ACCESS_TOKEN', 'TOWER_API_ENDPOINT', 'TOWER_WORKSPACE_ID', 'WAVE_ENDPOINT'];

  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  const stored = (): Thenable<string | undefined> => api.services.context.secrets.get(tokenKey(emu.platformUrl));
  const setEnv = (values: Record<string, string | undefined>): void => {
    for (const k of VARS) {
      if (values[k] === undefined) delete process.env[k];
      else process.env[k] = values[k];
    }
  };

  before(async () => {
    api = await activateExtension();
    for (const k of VARS) saved[k] = process.env[k];
    originalOffer = api.services.endpointPrompts.offerEnvToken;
    originalWave = api.services.endpointPrompts.envWaveUrl;
    emu = await startEmulator({ seed: 31 });
    waveAnswer = () => emu.waveUrl;
    api.services.endpointPrompts.envWaveUrl = async (apiUrl, publicWave) => {
      waveQuestions.push({ apiUrl, publicWave });
      return waveAnswer();
    };
  });

  after(async () => {
    api.services.endpointPrompts.offerEnvToken = originalOffer;
    api.services.endpointPrompts.envWaveUrl = originalWave;
    setEnv(saved);
    await api.services.tokens.delete(emu.platformUrl);
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await emu.stop();
  });

  it('a rejected environment token is not stored', async () => {
    setEnv({ TOWER_ACCESS_TOKEN: 'bm90LWEtdmFsaWQtdG9rZW4', TOWER_API_ENDPOINT: emu.platformUrl });
    const result = await vscode.commands.executeCommand('seqera.importEnvToken');
    assert.equal(result, undefined);
    assert.equal(await stored(), undefined);
    assert.equal(emu.requests.filter((r) => r.path === '/api/user-info' && r.status === 401).length, 1);
  });

  it('never offers a token whose endpoint is unusable (no fallback to Cloud)', async () => {
    setEnv({ TOWER_ACCESS_TOKEN: emu.token, TOWER_API_ENDPOINT: 'http://seqera.corp.example.com/api' });
    let asked = 0;
    api.services.endpointPrompts.offerEnvToken = async () => {
      asked++;
      return 'signIn';
    };
    assert.equal(await maybeOfferEnvToken(api.services), undefined);
    assert.equal(asked, 0);
  });

  it('an Enterprise TOWER_API_ENDPOINT without WAVE_ENDPOINT: asks which Wave gets the token (cancel stores nothing), never the public one silently', async () => {
    setEnv({ TOWER_ACCESS_TOKEN: emu.token, TOWER_API_ENDPOINT: emu.platformUrl });
    const before = waveQuestions.length;
    waveAnswer = () => undefined;
    try {
      assert.equal(await vscode.commands.executeCommand('seqera.importEnvToken'), undefined, 'a cancelled question resolves undefined');
    } finally {
      waveAnswer = () => emu.waveUrl;
    }
    assert.deepEqual(waveQuestions.slice(before), [{ apiUrl: emu.platformUrl, publicWave: 'https://wave.seqera.io' }]);
    assert.equal(await stored(), undefined, 'nothing stored');
    assert.notEqual(api.session.endpoints?.apiUrl, emu.platformUrl, 'the endpoint did not change');
  });

  it('offers once, then signs in to the environment endpoint and opens TOWER_WORKSPACE_ID', async () => {
    const target = [...emu.state.workspaces.values()].find((w) => w.orgId !== undefined && emu.state.role(emu.state.mainUserId, w));
    assert.ok(target, 'the main user has an org workspace');
    setEnv({ TOWER_ACCESS_TOKEN: emu.token, TOWER_API_ENDPOINT: emu.platformUrl, TOWER_WORKSPACE_ID: String(target.id) });
    const offers: { apiUrl: string; workspace?: string }[] = [];
    api.services.endpointPrompts.offerEnvToken = async (apiUrl, workspace) => {
      offers.push({ apiUrl, workspace });
      return 'signIn';
    };
    const result = await maybeOfferEnvToken(api.services);
    assert.deepEqual(offers, [{ apiUrl: emu.platformUrl, workspace: String(target.id) }]);
    assert.equal(result?.apiUrl, emu.platformUrl);
    assert.equal(await stored(), emu.token, 'stored under the environment endpoint, like a typed token');
    assert.equal(api.session.endpoints?.apiUrl, emu.platformUrl, 'the environment endpoint is active');
    assert.equal(api.session.endpoints?.waveUrl, emu.waveUrl, 'with the Wave the user named for it (asked: WAVE_ENDPOINT is not set)');
    assert.equal(waveQuestions[waveQuestions.length - 1]?.apiUrl, emu.platformUrl);
    assert.equal(api.session.state, 'signedIn');
    assert.equal(api.workspaces.active?.workspaceId, target.id);
    const org = emu.state.orgs.get(target.orgId!)!;
    assert.equal(result?.workspace, `${org.name} / ${target.name}`);

    // Offered once: not again, even after signing out (the choice is remembered for this token).
    await api.session.signOut();
    assert.equal(await maybeOfferEnvToken(api.services), undefined);
    assert.equal(offers.length, 1);
  });

  it('signs in on demand with "Sign In with Environment Token" (Org/Workspace form)', async () => {
    const ws = [...emu.state.workspaces.values()].find((w) => w.orgId !== undefined && emu.state.role(emu.state.mainUserId, w))!;
    const org = emu.state.orgs.get(ws.orgId!)!;
    setEnv({ TOWER_ACCESS_TOKEN: emu.token, TOWER_API_ENDPOINT: emu.platformUrl, TOWER_WORKSPACE_ID: `${org.name}/${ws.name}` });
    const result = (await vscode.commands.executeCommand('seqera.importEnvToken')) as { userName: string; apiUrl: string } | undefined;
    assert.equal(result?.apiUrl, emu.platformUrl);
    assert.equal(result?.userName, emu.state.mainUser.userName);
    assert.equal(await stored(), emu.token);
    assert.equal(api.workspaces.active?.workspaceId, ws.id);
  });
});
