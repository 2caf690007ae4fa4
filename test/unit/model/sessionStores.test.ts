import * as assert from 'node:assert/strict';
import type { EndpointsResult } from '../../../src/accounts/endpointSettings';
import { CancelledError, SeqeraError, isCancellation } from '../../../src/net/errors';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { SessionStore } from '../../../src/accounts/session';
import { WorkspaceStore, activeWorkspaceKey } from '../../../src/workspaces/workspaceStore';
import { buildOrgTree } from '../../../src/workspaces/orgsAndWorkspaces';
import { orgAndWorkspaceDto } from '../../../src/platform/schemas';
import { json, startLocalServer, type Handler, type LocalServer } from '../helpers/localServer';
import { MapMemento, MapTokens } from '../../shared/fakeStores';

const GOOD = 'good-token-0123456789';


const rows = [
  { orgId: 2, orgName: 'zeta', workspaceId: null },
  { orgId: 1, orgName: 'acme', orgLogoUrl: 'https://logo/acme.png' },
  { orgId: 1, orgName: 'acme', workspaceId: 12, workspaceName: 'prod', visibility: 'PRIVATE', roles: ['admin'] },
  { orgId: 1, orgName: 'acme', workspaceId: 11, workspaceName: 'Lab', workspaceFullName: 'The Lab', visibility: 'SHARED', roles: ['owner'] },
];

/** A fake Platform: /user-info accepts only GOOD; /user/7/workspaces lists `rows`. */
const platform: Handler = (req, res) => {
  const auth = req.headers.authorization;
  const send = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (auth !== `Bearer ${GOOD}`) return send(401, { message: 'Unauthorized' });
  if (req.url === '/api/user-info') return send(200, { user: { id: 7, userName: 'ada', firstName: 'Ada', lastName: 'Lovelace' }, defaultWorkspaceId: 12 });
  if (req.url === '/api/user/7/workspaces') return send(200, { orgsAndWorkspaces: rows });
  send(404, { message: 'nope' });
};

describe('SessionStore and WorkspaceStore (unit)', () => {
  let server: LocalServer;
  let http: HttpClient;
  let tokens: MapTokens;
  let memento: MapMemento;
  let endpoints: EndpointsResult;
  let apiUrl: string;

  beforeEach(async () => {
    server = await startLocalServer(platform);
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    tokens = new MapTokens();
    memento = new MapMemento();
    apiUrl = `${server.url}/api`;
    endpoints = { ok: true, endpoints: { apiUrl, waveUrl: 'https://wave.example', webUrl: server.url } };
  });
  afterEach(async () => {
    await http.close();
    await server.close();
  });

  const makeSession = (): SessionStore => new SessionStore({ tokens, http, readEndpoints: () => endpoints });

  it('starts signed out without a token and without any request', async () => {
    const session = makeSession();
    await session.reload();
    assert.equal(session.state, 'signedOut');
    assert.equal(session.client, undefined);
    assert.equal(session.waveCredentials(), undefined);
    assert.equal(server.requests.length, 0);
  });

  it('signs in with a good token: validates first, then stores it', async () => {
    const session = makeSession();
    await session.reload();
    let changes = 0;
    session.onDidChange(() => changes++);
    const user = await session.signIn(` ${GOOD}\n`);
    assert.equal(user.displayName, 'Ada Lovelace');
    assert.equal(session.state, 'signedIn');
    assert.equal(tokens.map.get(apiUrl), GOOD);
    assert.deepEqual(session.waveCredentials(), { towerAccessToken: GOOD, towerEndpoint: apiUrl });
    assert.ok(changes > 0);
  });

  it('a rejected token stores nothing and says so without the token', async () => {
    const session = makeSession();
    await session.reload();
    const bad = 'bad-token-abcdefghijkl';
    await assert.rejects(session.signIn(bad), (e: unknown) => {
      assert.ok(e instanceof SeqeraError);
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /rejected this access token, so it was not saved/);
      assert.ok(!e.message.includes(bad) && !(e.detail ?? '').includes(bad));
      return true;
    });
    assert.equal(tokens.map.size, 0);
    assert.equal(session.state, 'signedOut');
  });

  it('signs out: forgets the token of this endpoint only', async () => {
    tokens.map.set(apiUrl, GOOD);
    tokens.map.set('https://other.example/api', 'other-token-1234567');
    const session = makeSession();
    await session.reload();
    assert.equal(session.state, 'signedIn');
    await session.signOut();
    assert.equal(session.state, 'signedOut');
    assert.equal(tokens.map.has(apiUrl), false);
    assert.equal(tokens.map.has('https://other.example/api'), true);
  });

  it('a changed endpoint never uses the previous endpoint token', async () => {
    tokens.map.set(apiUrl, GOOD);
    const session = makeSession();
    await session.reload();
    assert.equal(session.state, 'signedIn');
    endpoints = { ok: true, endpoints: { apiUrl: 'https://evil.example/api', waveUrl: 'https://wave.example', webUrl: 'https://evil.example' } };
    await session.reload();
    assert.equal(session.state, 'signedOut');
    assert.equal(session.client, undefined);
    assert.equal(session.waveCredentials(), undefined);
  });

  it('an invalid endpoint setting is a state of its own with the reason', async () => {
    endpoints = { ok: false, error: new SeqeraError('input', 'The setting seqera.platformUrl uses plain http://') };
    const session = makeSession();
    await session.reload();
    assert.equal(session.state, 'invalidEndpoint');
    assert.throws(() => session.requireClient(), /plain http/);
  });

  it('lists orgs → workspaces plus the personal workspace and picks the default workspace', async () => {
    tokens.map.set(apiUrl, GOOD);
    const session = makeSession();
    const store = new WorkspaceStore(session, memento);
    await session.reload();
    const actives: (string | undefined)[] = [];
    store.onDidChangeActive((a) => actives.push(a?.fullName));
    await store.load();
    assert.equal(store.list.kind, 'loaded');
    if (store.list.kind !== 'loaded') return;
    assert.deepEqual(store.list.orgs.map((o) => o.orgName), ['acme', 'zeta']);
    assert.deepEqual(store.list.orgs[0]?.workspaces.map((w) => w.workspaceName), ['Lab', 'prod']);
    assert.equal(store.list.orgs[0]?.logoUrl, 'https://logo/acme.png');
    assert.equal(store.list.personal.workspaceId, undefined);
    assert.deepEqual(store.all().map((w) => w.fullName), ['Personal workspace', 'acme / Lab', 'acme / prod']);
    assert.equal(store.active?.workspaceId, 12, 'defaultWorkspaceId of user-info');
    assert.deepEqual(actives, ['acme / prod']);
  });

  it('remembers the active workspace per endpoint and restores it without a request', async () => {
    tokens.map.set(apiUrl, GOOD);
    const session = makeSession();
    const store = new WorkspaceStore(session, memento);
    await session.reload();
    await store.setActive({ workspaceId: 11, orgId: 1, orgName: 'acme', workspaceName: 'Lab', fullName: 'acme / Lab' });
    assert.ok(memento.map.has(activeWorkspaceKey(apiUrl)));
    store.dispose();

    const before = server.requests.length;
    const session2 = makeSession();
    const store2 = new WorkspaceStore(session2, memento);
    await session2.reload();
    assert.equal(store2.active?.workspaceId, 11);
    assert.equal(server.requests.length, before);

    await session2.signOut();
    assert.equal(store2.active, undefined);
  });

  it('a load failure becomes an error state, and a retry recovers', async () => {
    tokens.map.set(apiUrl, GOOD);
    server.script(json(500, { message: 'boom' }), platform);
    const session = makeSession();
    const store = new WorkspaceStore(session, memento);
    await session.reload();
    await store.load();
    assert.equal(store.list.kind, 'error');
    const requests = server.requests.length;
    await store.load();
    assert.equal(server.requests.length, requests, 'an error is kept until a forced reload');
    await store.load(true);
    assert.equal(store.list.kind, 'loaded');
  });

  it('a caller that stops waiting for the user does not cancel the shared GET /user-info of the others (review)', async () => {
    tokens.map.set(apiUrl, GOOD);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const asked = new Promise<void>((resolve) => (arrived = resolve));
    // /user-info is held until the test lets it through; the workspaces list answers at once.
    server.script((req, res, body) => {
      arrived();
      void gate.then(() => platform(req, res, body));
    }, platform);
    const session = makeSession();
    const store = new WorkspaceStore(session, memento);
    await session.reload();
    const signIn = new AbortController();
    const first = session.ensureUser(signIn.signal); // e.g. the sign-in with TOWER_ACCESS_TOKEN, under its progress
    const load = store.load(); // the Workspaces view, which joins that request
    await asked;
    signIn.abort(new CancelledError());
    await assert.rejects(first, (e: unknown) => isCancellation(e), 'the caller that cancelled stops waiting');
    release();
    await load;
    assert.equal(store.list.kind, 'loaded', 'the list that joined the request still loads (it stayed "loading" for good)');
    assert.equal(session.user?.userName, 'ada');
    assert.equal(server.requests.filter((r) => r.url === '/api/user-info').length, 1, 'one shared request');
  });

  it('a rejected stored token gives an auth error state', async () => {
    tokens.map.set(apiUrl, 'revoked-token-123456789');
    const session = makeSession();
    const store = new WorkspaceStore(session, memento);
    await session.reload();
    await store.load();
    assert.equal(store.list.kind, 'error');
    if (store.list.kind === 'error') assert.equal(store.list.error.kind, 'auth');
  });

  it('buildOrgTree keeps orgs without workspaces and drops duplicate rows', () => {
    const orgs = buildOrgTree([...rows, rows[2]].map((r) => orgAndWorkspaceDto(r, 'row')));
    assert.equal(orgs.find((o) => o.orgName === 'zeta')?.workspaces.length, 0);
    assert.equal(orgs.find((o) => o.orgName === 'acme')?.workspaces.length, 2);
  });
});
