import * as assert from 'node:assert/strict';
import type { EndpointsResult } from '../../../src/accounts/endpointSettings';
import { SessionStore, type TokenSource } from '../../../src/accounts/session';
import { WorkspaceStore } from '../../../src/workspaces/workspaceStore';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { SeqeraError } from '../../../src/net/errors';
import { arrayOf, num, object, optional } from '../../../src/net/validate';
import { StudioStore } from '../../../src/studios/studioStore';
import { ManualTimers } from '../../../src/testing/manualTimers';
import { PlatformClient } from '../../../src/platform/client';
import { StudiosApi } from '../../../src/platform/studios';
import { WaveClient } from '../../../src/wave/client';
import { watchBuild } from '../../../src/wave/watch';
import { startLocalServer, type Handler, type LocalServer } from '../helpers/localServer';
import { assertClearError, thrownBy, type Expectation } from './clearError';

/**
 * A Platform that answers nonsense: wrong types, missing fields, `null`,
 * arrays for objects, HTML, cut-off JSON, empty and oversized bodies, and
 * pages whose totalSize lies. Driven through the real stores (sign-in, the
 * workspaces list) and the real pagination, against a local server that
 * counts requests. Each answer gives a SeqeraError that names the problem,
 * sign-in stores no token, nothing crashes, and a readable-but-wrong body is
 * not asked for again (only unreadable bodies of a GET are retried).
 */
const TOKEN = 'abuse-token-7c1d2e3f4a5b6c7d';
const GOOD_USER = { user: { id: 7, userName: 'jsmith', firstName: 'Jo', lastName: 'Smith' }, defaultWorkspaceId: null };

const json = (value: unknown, status = 200): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(typeof value === 'string' ? value : JSON.stringify(value));
};
const raw = (body: string, contentType = 'text/html', status = 200): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': contentType }).end(body);
};

interface AnswerCase extends Expectation {
  name: string;
  answer: Handler;
  /** Requests expected for the failing call: 1, or the retry policy's 3 for an unreadable body of a GET. */
  requests: number;
}

const readable = (message: RegExp): Pick<AnswerCase, 'kind' | 'message' | 'requests'> => ({ kind: 'invalidResponse', message, requests: 1 });
const unreadable = (message: RegExp): Pick<AnswerCase, 'kind' | 'message' | 'requests'> => ({ kind: 'invalidResponse', message, requests: 3 });
const HTML_PAGE = '<!doctype html><html><head><title>Sign in - Corporate Proxy</title></head><body><form>…</form></body></html>';

/** Answers to GET /user-info during sign-in. */
const userInfoCases: AnswerCase[] = [
  { name: 'an HTML sign-in page with 200', answer: raw(HTML_PAGE), ...unreadable(/sent a web page instead of JSON \(\/api\/user-info\)\. The URL may point at the web app/) },
  { name: 'HTML labelled as JSON', answer: raw(HTML_PAGE, 'application/json'), ...unreadable(/sent a web page instead of JSON/) },
  { name: 'truncated JSON', answer: json('{"user":{"id":7,"userName":"js'), ...unreadable(/sent an incomplete or malformed JSON response \(\/api\/user-info\)\./) },
  { name: 'an empty 200 body', answer: raw('', 'application/json'), ...unreadable(/sent an empty response where JSON was expected \(\/api\/user-info\)\./) },
  { name: 'plain text', answer: raw('OK', 'text/plain'), ...unreadable(/incomplete or malformed JSON/) },
  { name: 'JSON nested 200,000 deep', answer: json('['.repeat(200_000) + ']'.repeat(200_000)), ...readable(/GET \/user-info should be an object but is an array\./) },
  { name: 'JSON null', answer: json('null'), ...readable(/^Unexpected response from the server: GET \/user-info should be an object but is null\./) },
  { name: 'an array instead of an object', answer: json([GOOD_USER]), ...readable(/GET \/user-info should be an object but is an array\./) },
  { name: 'a bare string', answer: json('"jsmith"'), ...readable(/GET \/user-info should be an object but is string\./) },
  { name: 'an empty object (no user)', answer: json({}), ...readable(/answered \/user-info without a user id or name\./) },
  { name: 'user: null', answer: json({ user: null }), ...readable(/without a user id or name/) },
  { name: 'a user without an id', answer: json({ user: { userName: 'jsmith' } }), ...readable(/without a user id or name/) },
  { name: 'the id as a string', answer: json({ user: { id: '7', userName: 'jsmith' } }), ...readable(/GET \/user-info\.user\.id should be a number but is string\./) },
  { name: 'the id out of range (1e999)', answer: json('{"user":{"id":1e999,"userName":"jsmith"}}'), ...readable(/GET \/user-info\.user\.id should be a number but is out of range\./) },
  { name: 'the user name as a number', answer: json({ user: { id: 7, userName: 42 } }), ...readable(/\.user\.userName should be a string but is number\./) },
  { name: 'an object where a name should be', answer: json({ user: { id: 7, userName: 'x', firstName: { $ne: 1 } } }), ...readable(/\.user\.firstName should be a string but is object\./) },
  { name: 'user as an array', answer: json({ user: [] }), ...readable(/\.user should be an object but is an array\./) },
  { name: 'a body over the size cap', answer: json({ user: { id: 7, userName: 'x', about: 'x'.repeat(2 * 1024 * 1024) } }), ...readable(/sent a response larger than 1 MiB\./) },
];

/** Answers to GET /user/7/workspaces once signed in; seen through the Workspaces list. */
const workspaceCases: AnswerCase[] = [
  { name: 'an HTML page', answer: raw(HTML_PAGE), ...unreadable(/sent a web page instead of JSON \(\/api\/user\/7\/workspaces\)/) },
  { name: 'truncated JSON', answer: json('{"orgsAndWorkspaces":[{"orgId":1,"orgNa'), ...unreadable(/incomplete or malformed JSON response \(\/api\/user\/7\/workspaces\)/) },
  { name: 'JSON null', answer: json('null'), ...readable(/GET \/user\/7\/workspaces should be an object but is null\./) },
  { name: 'a list instead of an object', answer: json([{ orgId: 1 }]), ...readable(/should be an object but is an array\./) },
  { name: 'the list as a string', answer: json({ orgsAndWorkspaces: 'none' }), ...readable(/\.orgsAndWorkspaces should be a list but is string\./) },
];

/** One bad row among good ones: left out (named in the log and counted in the view), the rest shown (#11.10). */
interface BadItemCase {
  name: string;
  bad: unknown;
  message: RegExp;
}
const GOOD_ROW = { orgId: 1, orgName: 'acme', workspaceId: 11, workspaceName: 'good' };
const badWorkspaceRows: BadItemCase[] = [
  { name: 'a null row', bad: null, message: /\.orgsAndWorkspaces\[1\] should be an object but is null\./ },
  { name: 'a workspace id as a string', bad: { orgId: 1, workspaceId: '12', workspaceName: 'w' }, message: /\.orgsAndWorkspaces\[1\]\.workspaceId should be a number but is string\./ },
  { name: 'roles as a string', bad: { orgId: 1, workspaceId: 12, workspaceName: 'w', roles: 'owner' }, message: /\.orgsAndWorkspaces\[1\]\.roles should be a list but is string\./ },
  { name: 'a mistyped orgName', bad: { orgId: 2, orgName: 42, workspaceId: 21, workspaceName: 'w' }, message: /\.orgsAndWorkspaces\[1\]\.orgName should be a string but is number\./ },
];

/** Answers to GET /studios, seen through the StudioStore the Studios view reads. */
const studioListCases: AnswerCase[] = [
  { name: 'an HTML page', answer: raw(HTML_PAGE), ...unreadable(/sent a web page instead of JSON \(\/api\/studios\)/) },
  { name: 'truncated JSON', answer: json('{"studios":[{"sessionId":"ab'), ...unreadable(/incomplete or malformed JSON response \(\/api\/studios\)/) },
  { name: 'JSON null (regression: blamed .studios)', answer: json('null'), ...readable(/^Unexpected response from the server: GET \/studios should be an object but is null\./) },
  { name: 'an array (regression: ".studios should be a list but is an array")', answer: json([]), ...readable(/GET \/studios should be an object but is an array\./) },
  { name: 'studios as a string', answer: json({ studios: 'none', totalSize: 0 }), ...readable(/GET \/studios\.studios should be a list but is string\./) },
  { name: 'no studios field (regression: "is undefined")', answer: json({ totalSize: 3 }), ...readable(/GET \/studios\.studios should be a list but is missing\./) },
];

const badStudios: BadItemCase[] = [
  { name: 'a null Studio', bad: null, message: /GET \/studios\.studios\[1\] should be an object but is null\./ },
  { name: 'a Studio without sessionId (optional in the spec)', bad: { name: 'x', statusInfo: { status: 'running' } }, message: /\.studios\[1\]\.sessionId should be a string but is missing\./ },
  { name: 'a numeric sessionId', bad: { sessionId: 42 }, message: /\.studios\[1\]\.sessionId should be a string but is number\./ },
];

/** Answers to POST /v1alpha2/container (a build request): never sent twice, whatever comes back. */
const waveSubmitCases: AnswerCase[] = [
  { name: 'an HTML page', answer: raw(HTML_PAGE), kind: 'invalidResponse', message: /sent a web page instead of JSON \(\/v1alpha2\/container\)/, requests: 1 },
  { name: 'truncated JSON', answer: json('{"requestId":"abc","targetIm'), kind: 'invalidResponse', message: /incomplete or malformed JSON/, requests: 1 },
  { name: 'JSON null', answer: json('null'), ...readable(/the Wave build response should be an object but is null\./) },
  { name: 'no requestId', answer: json({ targetImage: 'wave.seqera.io/wt/x:1' }), ...readable(/requestId should be a string but is missing\./) },
  { name: 'a request id that escapes its URL path', answer: json({ requestId: '../../admin', targetImage: 'x' }), ...readable(/^Wave sent an unusable request id: "\.\.\/\.\.\/admin"\./) },
  { name: 'a build id with a space', answer: json({ requestId: 'abc', targetImage: 'x', buildId: 'a b' }), ...readable(/^Wave sent an unusable build id: "a b"\./) },
  {
    name: 'a 503 with Retry-After (busy): not retried, the wait is in the message',
    answer: (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' }).end(JSON.stringify({ message: 'Maximum request rate exceeded - Wait 7secs before issuing a new request' }));
    },
    kind: 'rateLimited',
    message: /^Wave is receiving too many requests from this address \(503\)\. Try again in 7 seconds\./,
    requests: 1,
  },
  {
    name: 'a 503 with Retry-After: 0 (regression: "Try again in 1 seconds")',
    answer: (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify({ message: 'busy' }));
    },
    kind: 'rateLimited',
    message: /\(503\)\. Try again in a second\.$/,
    requests: 1,
  },
];

describe('Abuse: server answers with the wrong shape (unit)', function () {
  this.timeout(30_000);
  let server: LocalServer;
  let http: HttpClient;
  let stored: Map<string, string>;
  let session: SessionStore;

  const tokens: TokenSource = {
    get: async (url) => stored.get(url),
    set: async (url, token) => void stored.set(url, token),
    delete: async (url) => void stored.delete(url),
  };

  beforeEach(async () => {
    server = await startLocalServer(json(GOOD_USER));
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined, retry: { maxAttempts: 3 }, maxBodyBytes: 1024 * 1024 });
    stored = new Map();
    const endpoints: EndpointsResult = {
      ok: true,
      endpoints: { apiUrl: `${server.url}/api`, waveUrl: 'http://127.0.0.1:9', webUrl: server.url },
    };
    session = new SessionStore({ tokens, http, readEndpoints: () => endpoints });
    await session.reload();
  });
  afterEach(async () => {
    session.dispose();
    await http.close();
    await server.close();
  });

  describe('sign-in (GET /user-info) answered with', () => {
    for (const c of userInfoCases) {
      it(c.name, async () => {
        server.script(c.answer);
        const e = await thrownBy(() => session.signIn(TOKEN));
        assertClearError(e, c, c.name);
        assert.ok(!(e as Error).message.includes(TOKEN) && !String((e as { detail?: string }).detail).includes(TOKEN), 'no token in the error');
        assert.equal(server.requests.length, c.requests, 'requests');
        assert.equal(stored.size, 0, 'no token stored');
        assert.equal(session.state, 'signedOut');
      });
    }
  });

  describe('the workspaces list (GET /user/{id}/workspaces) answered with', () => {
    for (const c of workspaceCases) {
      it(c.name, async () => {
        await session.signIn(TOKEN);
        const workspaces = new WorkspaceStore(session, { get: () => undefined, update: async () => undefined });
        try {
          server.requests.length = 0;
          server.script(c.answer);
          await workspaces.load();
          const list = workspaces.list;
          assert.equal(list.kind, 'error', 'an error state the view shows with Retry, never an empty list');
          assertClearError(list.kind === 'error' ? list.error : undefined, c, c.name);
          assert.equal(server.requests.length, c.requests);
          // The error stays put: showing it again does not ask again; Retry (force) does, and recovers.
          await workspaces.load();
          assert.equal(server.requests.length, c.requests);
          server.script(json({ orgsAndWorkspaces: [{ orgId: 1, orgName: 'acme', workspaceId: 12, workspaceName: 'lab' }] }));
          await workspaces.load(true);
          assert.equal(workspaces.list.kind, 'loaded');
          assert.deepEqual(workspaces.all().map((w) => w.fullName), ['Personal workspace', 'acme / lab']);
        } finally {
          workspaces.dispose();
        }
      });
    }

    for (const c of badWorkspaceRows) {
      it(`#11.10 ${c.name} among good rows: that row is left out and counted, the rest shown`, async () => {
        await session.signIn(TOKEN);
        const workspaces = new WorkspaceStore(session, { get: () => undefined, update: async () => undefined });
        try {
          server.requests.length = 0;
          server.script(json({ orgsAndWorkspaces: [GOOD_ROW, c.bad] }));
          await workspaces.load();
          const list = workspaces.list;
          assert.equal(list.kind, 'loaded', 'one bad row does not fail the view');
          assert.deepEqual(workspaces.all().map((w) => w.fullName), ['Personal workspace', 'acme / good']);
          assert.equal(list.kind === 'loaded' ? list.unreadable.length : -1, 1);
          assertClearError(new SeqeraError('invalidResponse', list.kind === 'loaded' ? (list.unreadable[0]?.message ?? '') : ''), { kind: 'invalidResponse', message: c.message }, c.name);
          assert.equal(server.requests.length, 1, 'not asked again');
        } finally {
          workspaces.dispose();
        }
      });
    }

    it('10,000 workspaces in 500 organizations, in bounded time', async () => {
      await session.signIn(TOKEN);
      const rows = Array.from({ length: 10_000 }, (_, i) => ({ orgId: i % 500, orgName: `org-${i % 500}`, workspaceId: 1000 + i, workspaceName: `ws-${i}`, roles: ['view'] }));
      server.script(json({ orgsAndWorkspaces: rows }));
      const workspaces = new WorkspaceStore(session, { get: () => undefined, update: async () => undefined });
      try {
        const started = Date.now();
        await workspaces.load();
        assert.equal(workspaces.list.kind, 'loaded');
        assert.equal(workspaces.all().length, 10_001);
        assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
      } finally {
        workspaces.dispose();
      }
    });

    it('rows without ids or names are skipped or named by id, never shown as "undefined"', async () => {
      await session.signIn(TOKEN);
      server.script(json({ orgsAndWorkspaces: [{ workspaceId: 3 }, { orgId: 5 }, { orgId: 5, workspaceId: 6 }, { orgId: 5, workspaceId: 6, workspaceName: 'dup' }, {}] }));
      const workspaces = new WorkspaceStore(session, { get: () => undefined, update: async () => undefined });
      try {
        await workspaces.load();
        assert.deepEqual(workspaces.all().map((w) => w.fullName), ['Personal workspace', '5 / 6']);
      } finally {
        workspaces.dispose();
      }
    });
  });

  describe('pages whose totalSize lies, or that ignore max', () => {
    type Item = { id: number };
    const pick = (body: unknown): { items: Item[]; totalSize?: number } =>
      object<{ items: Item[]; totalSize?: number }>({ items: arrayOf(object<Item>({ id: num })), totalSize: optional(num) })(body, 'GET /things');
    const platform = (): PlatformClient => new PlatformClient({ apiUrl: `${server.url}/api`, token: TOKEN, http });
    /** A list of `count` items served by offset/max, with `totalSize` as given and pages capped at `cap`. */
    const list = (count: number, totalSize: (n: number) => unknown, cap = Infinity): Handler => (req, res) => {
      const q = new URL(req.url ?? '', 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      const max = Math.min(Number(q.get('max')), cap);
      const items = Array.from({ length: Math.max(0, Math.min(max, count - offset)) }, (_, i) => ({ id: offset + i }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items, totalSize: totalSize(count) }));
    };
    const ids = (n: number): Item[] => Array.from({ length: n }, (_, id) => ({ id }));

    it('an inflated totalSize (a billion) stops at the first short page', async () => {
      server.script(list(150, () => 1e9));
      const items = await platform().paginate('/things', pick, { concurrency: 4 });
      assert.deepEqual(items, ids(150));
      assert.ok(server.requests.length <= 1 + 4, `${server.requests.length} requests for 2 pages`);
    });

    it('a totalSize below what the first page holds: pages on until a short page (regression: stopped at 100)', async () => {
      server.script(list(250, () => 3));
      assert.deepEqual(await platform().paginate('/things', pick), ids(250));
      assert.equal(server.requests.length, 3);
    });

    it('a server that ignores max and sends all 10,000 items at once is asked once (regression: 99 more requests)', async () => {
      server.script((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: ids(10_000), totalSize: 10_000 }));
      });
      const items = await platform().paginate('/things', pick);
      assert.equal(items.length, 10_000);
      assert.deepEqual(items.slice(-1), [{ id: 9_999 }]);
      assert.equal(server.requests.length, 1);
    });

    it('a server that caps max below our page size still yields every item (regression: skipped items 50-99)', async () => {
      server.script(list(230, (n) => n, 50));
      assert.deepEqual(await platform().paginate('/things', pick), ids(230));
      assert.equal(server.requests.length, 5);
    });

    it('an empty first page with a totalSize is the end of the list', async () => {
      server.script(list(0, () => 500));
      assert.deepEqual(await platform().paginate('/things', pick), []);
      assert.equal(server.requests.length, 1);
    });

    it('a totalSize that is not a number is a clear error', async () => {
      server.script(list(10, () => '10'));
      assertClearError(await thrownBy(() => platform().paginate('/things', pick)), { kind: 'invalidResponse', message: /GET \/things\.totalSize should be a number but is string\./ });
    });

    it('an item of the wrong type mid-list is a clear error naming it', async () => {
      server.script((req, res) => {
        const offset = Number(new URL(req.url ?? '', 'http://x').searchParams.get('offset'));
        const items: unknown[] = ids(100).map((i) => ({ id: i.id + offset }));
        if (offset === 100) items[42] = { id: 'x' };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items, totalSize: 300 }));
      });
      assertClearError(await thrownBy(() => platform().paginate('/things', pick)), { kind: 'invalidResponse', message: /GET \/things\.items\[42\]\.id should be a number but is string\./ });
    });
  });

  it('service-info answered with HTML is a clear error, not a crash', async () => {
    server.script(raw(HTML_PAGE));
    const client = new PlatformClient({ apiUrl: `${server.url}/api`, http });
    assertClearError(await thrownBy(() => client.serviceInfo()), { kind: 'invalidResponse', message: /sent a web page instead of JSON \(\/api\/service-info\)/ });
  });

  it('a string where service-info should be an object', async () => {
    server.script(json({ serviceInfo: 'v1' }));
    const client = new PlatformClient({ apiUrl: `${server.url}/api`, http });
    assertClearError(await thrownBy(() => client.serviceInfo()), { kind: 'invalidResponse', message: /GET \/service-info\.serviceInfo should be an object but is string\./ });
    assert.equal(server.requests.length, 1);
  });
  describe('the Studios list (GET /studios) answered with', () => {
    for (const c of studioListCases) {
      it(c.name, async () => {
        const timers = new ManualTimers();
        const store = new StudioStore({ timers });
        try {
          const api = new StudiosApi(new PlatformClient({ apiUrl: `${server.url}/api`, token: TOKEN, http }), 12);
          store.setContext({ api, key: 'k', workspaceLabel: 'acme / lab' });
          server.script(c.answer);
          await store.ensureLoaded();
          assert.equal(store.state, 'error', 'the view shows an error node with Retry, not an empty list');
          assertClearError(store.lastError, c, c.name);
          assert.equal(server.requests.length, c.requests);
          await store.ensureLoaded();
          assert.equal(server.requests.length, c.requests, 'showing the error again does not ask again');
        } finally {
          store.dispose();
        }
      });
    }
  });

  describe('#11.10 the Studios list with one bad Studio among good ones', () => {
    for (const c of badStudios) {
      it(`${c.name}: left out, logged and counted; the rest shown`, async () => {
        const timers = new ManualTimers();
        const warnings: string[] = [];
        const store = new StudioStore({ timers, warn: (m) => warnings.push(m) });
        try {
          const api = new StudiosApi(new PlatformClient({ apiUrl: `${server.url}/api`, token: TOKEN, http }), 12);
          store.setContext({ api, key: 'k', workspaceLabel: 'acme / lab' });
          server.script(json({ studios: [{ sessionId: 'good1', name: 'good', statusInfo: { status: 'running' } }, c.bad, { sessionId: 'good2', name: 'also-good' }], totalSize: 3 }));
          await store.ensureLoaded();
          assert.equal(store.state, 'loaded', 'one bad Studio does not empty the view');
          assert.deepEqual(store.studios.map((st) => st.name).sort(), ['also-good', 'good']);
          assert.equal(store.unreadable.length, 1);
          assertClearError(new SeqeraError('invalidResponse', store.unreadable[0]?.message ?? ''), { kind: 'invalidResponse', message: c.message }, c.name);
          assert.equal(warnings.length, 1, 'written to the log');
          assert.match(warnings[0], c.message);
          assert.equal(server.requests.length, 1, 'a page that held a bad item is not a short page: nothing more is asked');
        } finally {
          store.dispose();
        }
      });
    }

    it('a page with a bad Studio still counts as full: the next page is asked from the right offset', async () => {
      server.script((req, res) => {
        const offset = Number(new URL(req.url ?? '', 'http://x').searchParams.get('offset'));
        const studios: unknown[] = Array.from({ length: Math.min(100, 150 - offset) }, (_, i) => ({ sessionId: `s${offset + i}` }));
        if (offset === 0) studios[7] = { name: 'no id' };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ studios, totalSize: 150 }));
      });
      const dropped: unknown[] = [];
      const api = new StudiosApi(new PlatformClient({ apiUrl: `${server.url}/api`, token: TOKEN, http }), 12);
      const list = await api.listStudios({ onDropped: (d) => dropped.push(...d) });
      assert.equal(list.length, 149);
      assert.equal(dropped.length, 1);
      assert.deepEqual(server.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('offset')), ['0', '100']);
    });
  });

  describe('a Wave build request answered with', () => {
    for (const c of waveSubmitCases) {
      it(c.name, async () => {
        server.script(c.answer);
        const wave = new WaveClient(server.url, http);
        const e = await thrownBy(() => wave.submit({ containerPlatform: 'linux/amd64', freeze: false, mirror: false, timestamp: '2025-06-02T09:00:00Z', towerAccessToken: TOKEN }));
        assertClearError(e, c, c.name);
        assert.ok(!(e as Error).message.includes(TOKEN), 'no token in the error');
        assert.equal(server.requests.filter((r) => r.method === 'POST').length, 1, 'the build request is never sent twice');
      });
    }

    it('a status that keeps coming back malformed ends the watch with one clear error', async () => {
      server.script(json({ id: 'abc', status: 42 }));
      const notices: string[] = [];
      const wave = new WaveClient(server.url, http);
      const e = await thrownBy(() =>
        watchBuild(wave, { requestId: 'abc', targetImage: 'x', buildId: 'bd-1_1' }, { sleep: async () => undefined, onEvent: (ev) => ev.type === 'notice' && notices.push(ev.message) }),
      );
      assertClearError(e, { kind: 'invalidResponse', message: /the Wave container status\.status should be a string but is number\./ });
      assert.equal(notices.length, 4, 'four "trying again" notices, then the error');
      assert.ok(server.requests.length <= 5, `${server.requests.length} status checks`);
    });
  });
});
