import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExistingChoice } from '../../src/accounts/endpointPrompts';
import { maybeOfferExistingCredentials } from '../../src/accounts/signInExisting';
import { tokenKey } from '../../src/accounts/tokenStore';
import type { ReportedError } from '../../src/ui/commandRegistry';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';

/**
 * "Seqera: Sign In with Existing Credentials…" (#19) in the real VS Code
 * against the emulator, with real files in a temporary home: Nextflow's
 * seqera-auth.config, the Seqera CLI's config.toml and SEQERA_ACCESS_TOKEN,
 * each checked with GET /user-info, stored under its endpoint, never shown.
 */
describe('Sign in with existing credentials (integration)', function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  let emu: Emulator;
  let home: string;
  let prompts: SeqeraTestRig['services']['endpointPrompts'];
  let original: Pick<typeof prompts, 'pickExistingCredentials' | 'offerPrivateFile' | 'confirmEndpointChange' | 'offerExistingCredentials' | 'envWaveUrl'>;
  const VARS = ['SEQERA_ACCESS_TOKEN', 'SEQERA_API_ENDPOINT', 'SEQERA_WORKSPACE', 'TOWER_ACCESS_TOKEN', 'TOWER_API_ENDPOINT', 'TOWER_WORKSPACE_ID', 'NXF_HOME', 'XDG_CONFIG_HOME'];
  const savedEnv: Record<string, string | undefined> = {};

  let shown: ExistingChoice[][];
  let pick: (choices: readonly ExistingChoice[]) => number | undefined;
  let privateOffers: { file: string; mode: string }[];
  let makePrivate: boolean;
  let endpointQuestions: { apiUrl: string; active: string | undefined }[];
  let errors: ReportedError[];

  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  const stored = (): Thenable<string | undefined> => api.services.context.secrets.get(tokenKey(emu.platformUrl));
  const userInfoCalls = (): number => emu.requests.filter((r) => r.path === '/api/user-info').length;
  const nxfFile = (): string => path.join(home, 'nxf', 'seqera-auth.config');
  const tomlFile = (): string => path.join(home, 'xdg', 'seqera', 'config.toml');
  const write = (file: string, text: string, mode = 0o600): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    fs.chmodSync(file, mode);
  };
  const bySource = (source: string) => (choices: readonly ExistingChoice[]) => {
    const i = choices.findIndex((c) => c.source === source);
    return i >= 0 ? i : undefined;
  };
  const run = async (): Promise<unknown> => vscode.commands.executeCommand('seqera.signInExisting');

  before(async () => {
    api = await activateExtension();
    prompts = api.services.endpointPrompts;
    original = {
      pickExistingCredentials: prompts.pickExistingCredentials,
      offerPrivateFile: prompts.offerPrivateFile,
      confirmEndpointChange: prompts.confirmEndpointChange,
      offerExistingCredentials: prompts.offerExistingCredentials,
      envWaveUrl: prompts.envWaveUrl,
    };
    for (const k of VARS) savedEnv[k] = process.env[k];
    emu = await startEmulator({ seed: 19 });
    api.onDidReportError((e) => errors.push(e));
  });

  beforeEach(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-existing-'));
    for (const k of VARS) delete process.env[k];
    process.env.NXF_HOME = path.join(home, 'nxf');
    process.env.XDG_CONFIG_HOME = path.join(home, 'xdg');
    shown = [];
    privateOffers = [];
    makePrivate = true;
    endpointQuestions = [];
    errors = [];
    pick = () => undefined;
    prompts.pickExistingCredentials = async (choices) => {
      shown.push([...choices]);
      return pick(choices);
    };
    prompts.offerPrivateFile = async (file, mode) => {
      privateOffers.push({ file, mode });
      return makePrivate;
    };
    prompts.confirmEndpointChange = async (apiUrl, active) => {
      endpointQuestions.push({ apiUrl, active });
      return true;
    };
    // An Enterprise endpoint without WAVE_ENDPOINT: the extension asks which Wave gets its token (#11.2).
    prompts.envWaveUrl = async () => emu.waveUrl;
    // Start on Seqera Cloud, signed out of the emulator: signing in there is a change of endpoint.
    await api.services.tokens.delete(emu.platformUrl);
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
  });

  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  after(async () => {
    Object.assign(prompts, original);
    for (const k of VARS) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await api.services.tokens.delete(emu.platformUrl);
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await emu.stop();
  });

  function assertSignedIn(): void {
    assert.equal(api.session.endpoints?.apiUrl, emu.platformUrl, 'the chosen endpoint is active');
    assert.equal(api.session.state, 'signedIn');
    assert.deepEqual(endpointQuestions, [{ apiUrl: emu.platformUrl, active: 'https://api.cloud.seqera.io' }], 'asked before switching away from Cloud');
    assert.ok(!JSON.stringify(shown).includes(emu.token), 'the list never shows the token');
  }

  it("Nextflow's seqera-auth.config (0644): offers 0600, checks the token, stores it, opens its workspace", async () => {
    const ws = [...emu.state.workspaces.values()].find((w) => w.orgId !== undefined && emu.state.role(emu.state.mainUserId, w))!;
    write(
      nxfFile(),
      `// Seqera Platform configuration\ntower {\n    accessToken = '${emu.token}'\n    endpoint = '${emu.platformUrl}'\n    enabled = true\n    workspaceId = '${ws.id}'  // org / ws\n}\n`,
      0o644,
    );
    pick = bySource('Nextflow (nextflow auth login)');
    const before = userInfoCalls();
    await run();
    assert.deepEqual(errors, []);
    assert.equal(shown.length, 1);
    assert.deepEqual(shown[0], [
      {
        source: 'Nextflow (nextflow auth login)',
        origin: nxfFile(),
        apiUrl: emu.platformUrl,
        workspace: String(ws.id),
        notes: ['readable by other users (0644)'],
      },
    ]);
    assert.deepEqual(privateOffers, [{ file: nxfFile(), mode: '0644' }]);
    assert.equal(fs.statSync(nxfFile()).mode & 0o777, 0o600, 'made private');
    assert.ok(userInfoCalls() > before, 'checked with GET /user-info');
    assert.equal(await stored(), emu.token, 'stored under its endpoint');
    assertSignedIn();
    assert.equal(api.workspaces.active?.workspaceId, ws.id);
  });

  it('declining the 0600 offer leaves the file as it is and still signs in', async () => {
    write(nxfFile(), `tower.accessToken = "${emu.token}"\ntower.endpoint = "${emu.platformUrl}"\n`, 0o640);
    makePrivate = false;
    pick = bySource('Nextflow (nextflow auth login)');
    await run();
    assert.deepEqual(errors, []);
    assert.equal(fs.statSync(nxfFile()).mode & 0o777, 0o640);
    assert.equal(await stored(), emu.token);
    assertSignedIn();
  });

  it("the Seqera CLI's config.toml", async () => {
    write(tomlFile(), `access_token = "${emu.token}"\nurl = "${emu.platformUrl}"\n`);
    pick = bySource('Seqera CLI');
    await run();
    assert.deepEqual(errors, []);
    assert.deepEqual(shown[0]?.map((c) => [c.source, c.origin, c.apiUrl]), [['Seqera CLI', tomlFile(), emu.platformUrl]]);
    assert.deepEqual(privateOffers, []);
    assert.equal(await stored(), emu.token);
    assertSignedIn();
  });

  it('SEQERA_ACCESS_TOKEN beside a disagreeing TOWER_ACCESS_TOKEN: SEQERA_* wins and the list says why', async () => {
    process.env.SEQERA_ACCESS_TOKEN = emu.token;
    process.env.SEQERA_API_ENDPOINT = emu.platformUrl;
    process.env.TOWER_ACCESS_TOKEN = 'dG93ZXItdG9rZW4tbm90LXVzZWQ';
    pick = bySource('Environment variables');
    await run();
    assert.deepEqual(errors, []);
    const env = shown[0]?.[0];
    assert.equal(env?.origin, 'SEQERA_ACCESS_TOKEN, SEQERA_API_ENDPOINT');
    assert.match(env?.notes.join(' ') ?? '', /SEQERA_ACCESS_TOKEN and TOWER_ACCESS_TOKEN hold different tokens: SEQERA_ACCESS_TOKEN wins, as in the Seqera CLI/);
    assert.ok(!JSON.stringify(shown).includes('dG93ZXItdG9rZW4tbm90LXVzZWQ'));
    assert.equal(await stored(), emu.token);
    assertSignedIn();
  });

  it('a rejected token is not stored, and the message names the file', async () => {
    write(tomlFile(), `access_token = "bm90LWEtdmFsaWQtdG9rZW4"\nurl = "${emu.platformUrl}"\n`);
    pick = bySource('Seqera CLI');
    const rejected = () => emu.requests.filter((r) => r.path === '/api/user-info' && r.status === 401).length;
    const before = rejected();
    await run();
    assert.equal(rejected(), before + 1);
    assert.equal(await stored(), undefined);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.message, `${new URL(emu.platformUrl).host} rejected the token in ${tomlFile()}, so it was not saved. Check access_token in ${tomlFile()}.`);
  });

  it('not switching endpoints: nothing is sent, nothing stored', async () => {
    write(tomlFile(), `access_token = "${emu.token}"\nurl = "${emu.platformUrl}"\n`);
    pick = bySource('Seqera CLI');
    prompts.confirmEndpointChange = async () => false;
    const before = emu.requests.length;
    await run();
    assert.deepEqual(errors, [], 'a cancelled sign-in is silent');
    assert.equal(emu.requests.length, before, 'no request');
    assert.equal(await stored(), undefined);
    assert.equal(api.session.endpoints?.apiUrl, 'https://api.cloud.seqera.io');
  });

  it('hostile sources are listed with their reason, and choosing one sends no request', async () => {
    write(nxfFile(), `tower {\n  accessToken = '${emu.token}'\n  endpoint = 'http://seqera.corp.example.com/api'\n}\n`);
    fs.mkdirSync(tomlFile(), { recursive: true }); // a folder where the file should be
    process.env.SEQERA_ACCESS_TOKEN = `${emu.token}\nX-Injected: 1`;
    process.env.SEQERA_API_ENDPOINT = emu.platformUrl;
    const before = emu.requests.length;
    for (const source of ['Environment variables', 'Seqera CLI', 'Nextflow (nextflow auth login)']) {
      pick = bySource(source);
      await run();
    }
    assert.deepEqual(
      shown[0]?.map((c) => [c.source, c.apiUrl, c.problem?.replace(home, '~')]),
      [
        ['Environment variables', undefined, 'SEQERA_ACCESS_TOKEN contains a line break, so it is not a token as written by the tool; it is not used.'],
        ['Seqera CLI', undefined, '~/xdg/seqera/config.toml is a folder, not a file; it is not read.'],
        [
          'Nextflow (nextflow auth login)',
          undefined,
          `tower.endpoint (~/nxf/seqera-auth.config, line 3) uses plain http:// for seqera.corp.example.com. Your access token would travel unencrypted, so only https:// is allowed (http:// only for localhost). The token is not sent anywhere else.`,
        ],
      ],
    );
    assert.deepEqual(
      errors.map((e) => e.message),
      shown[0]!.map((c) => c.problem),
      'choosing an unusable source shows its reason',
    );
    assert.equal(emu.requests.length, before, 'no request to any endpoint');
    assert.deepEqual(endpointQuestions, []);
    assert.equal(await stored(), undefined);
  });

  it('nothing found: says where it looked and what to do', async () => {
    await run();
    assert.equal(errors.length, 1);
    assert.equal(
      errors[0]!.message,
      `No existing Seqera credentials were found (looked at SEQERA_ACCESS_TOKEN, TOWER_ACCESS_TOKEN, ${tomlFile()}, ${nxfFile()}). Use "Seqera: Sign In" to paste a token, or run "nextflow auth login".`,
    );
    assert.equal(shown.length, 0);
  });

  it('offers a found seqera-auth.config once (like TOWER_ACCESS_TOKEN), then signs in with it', async () => {
    await api.services.context.globalState.update('seqera.existingCredentialsOffered', undefined);
    write(nxfFile(), `tower {\n  accessToken = '${emu.token}'\n  endpoint = '${emu.platformUrl}'\n}\n`);
    const offers: { source: string; origin: string; apiUrl: string }[] = [];
    prompts.offerExistingCredentials = async (source, origin, apiUrl) => {
      offers.push({ source, origin, apiUrl });
      return 'signIn';
    };
    const result = await maybeOfferExistingCredentials(api.services);
    assert.deepEqual(offers, [{ source: 'Nextflow (nextflow auth login)', origin: nxfFile(), apiUrl: emu.platformUrl }]);
    assert.equal(result?.apiUrl, emu.platformUrl);
    assert.equal(await stored(), emu.token);
    assertSignedIn();
    // Once: not again after signing out (remembered for this endpoint and token).
    await api.session.signOut();
    assert.equal(await maybeOfferExistingCredentials(api.services), undefined);
    assert.equal(offers.length, 1);
  });

  it('with TOWER_ACCESS_TOKEN set, leaves the start-up offer to it (one question, not two)', async () => {
    await api.services.context.globalState.update('seqera.existingCredentialsOffered', undefined);
    write(tomlFile(), `access_token = "${emu.token}"\nurl = "${emu.platformUrl}"\n`);
    process.env.TOWER_ACCESS_TOKEN = emu.token;
    let offered = 0;
    prompts.offerExistingCredentials = async () => {
      offered++;
      return 'signIn';
    };
    assert.equal(await maybeOfferExistingCredentials(api.services), undefined);
    assert.equal(offered, 0);
  });
});
