import * as assert from 'node:assert/strict';
import { HttpClient, type HttpClientOptions } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { CancelledError, SeqeraError } from '../../../src/net/errors';
import { str, object, optional } from '../../../src/net/validate';
import { TOKEN_REJECTED_MESSAGE } from '../../../src/net/statusErrors';
import { hang, json, reset, startLocalServer, text, type LocalServer } from '../helpers/localServer';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.zz-TEST-TOKEN-zz';

/** A client whose backoff sleeps are recorded instead of waited. */
function client(extra: Partial<HttpClientOptions> = {}): { http: HttpClient; sleeps: number[] } {
  const sleeps: number[] = [];
  const http = new HttpClient({ transport: undiciTransport(),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 1,
    ...extra,
  });
  return { http, sleeps };
}

async function rejects(p: Promise<unknown>): Promise<SeqeraError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SeqeraError, `expected a SeqeraError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

const anyBody = (v: unknown): unknown => v;

describe('HttpClient (unit)', () => {
  let server: LocalServer;
  let http: HttpClient;
  let sleeps: number[];

  beforeEach(async () => {
    server = await startLocalServer();
    ({ http, sleeps } = client());
  });
  afterEach(async () => {
    await http.close();
    await server.close();
  });

  it('retries a GET on 502/503/504 with exponential backoff, then succeeds', async () => {
    server.script(text(502, ''), text(503, ''), text(504, ''), json(200, { ok: true }));
    const body = await http.json({ url: `${server.url}/x` }, anyBody);
    assert.deepEqual(body, { ok: true });
    assert.equal(server.requests.length, 4);
    // random() = 1 → the full window: 300, 600, 1200 ms
    assert.deepEqual(sleeps, [300, 600, 1200]);
  });

  it('jitters the backoff with the random source', async () => {
    ({ http, sleeps } = client({ random: () => 0.5 }));
    server.script(text(503, ''), json(200, {}));
    await http.json({ url: `${server.url}/x` }, anyBody);
    assert.deepEqual(sleeps, [150]);
  });

  it('gives up after maxAttempts and reports a server error', async () => {
    server.script(text(503, ''));
    const e = await rejects(http.request({ url: `${server.url}/x`, retry: { maxAttempts: 3 } }));
    assert.equal(e.kind, 'server');
    assert.equal(e.status, 503);
    assert.equal(server.requests.length, 3);
    assert.equal(sleeps.length, 2);
  });

  it('waits as long as Retry-After says, in seconds or as an HTTP date', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    ({ http, sleeps } = client({ now: () => now }));
    server.script(
      text(503, '', { 'retry-after': '7' }),
      text(503, '', { 'retry-after': new Date(now + 12_000).toUTCString() }),
      json(429, { message: 'slow down' }, { 'retry-after': '2' }),
      json(200, { ok: 1 }),
    );
    await http.json({ url: `${server.url}/x` }, anyBody);
    assert.deepEqual(sleeps, [7000, 12_000, 2000]);
  });

  it('does not wait beyond the Retry-After cap: surfaces rateLimited with the delay', async () => {
    server.script(text(503, '', { 'retry-after': '3600' }));
    const e = await rejects(http.request({ url: `${server.url}/x` }));
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.retryAfterMs, 3_600_000);
    assert.equal(server.requests.length, 1);
    assert.deepEqual(sleeps, []);
  });

  it('maps 429 without Retry-After to rateLimited and does not retry it', async () => {
    server.script(text(429, ''));
    const e = await rejects(http.request({ url: `${server.url}/x` }));
    assert.equal(e.kind, 'rateLimited');
    assert.equal(server.requests.length, 1);
  });

  it('never retries a POST on 503 or a reset connection', async () => {
    server.script(text(503, ''));
    const e1 = await rejects(http.request({ method: 'POST', url: `${server.url}/p`, json: { a: 1 } }));
    assert.equal(e1.kind, 'server');
    assert.equal(server.requests.length, 1);

    server.script(reset);
    const e2 = await rejects(http.request({ method: 'POST', url: `${server.url}/p`, json: { a: 1 } }));
    assert.equal(e2.kind, 'network');
    assert.equal(server.requests.length, 2);
    assert.deepEqual(sleeps, []);
  });

  it("retryPost 'safe' repeats a POST only when it was certainly not processed (429)", async () => {
    server.script(text(429, '', { 'retry-after': '1' }), json(200, { id: 1 }));
    const body = await http.json({ method: 'POST', url: `${server.url}/p`, json: {}, retryPost: 'safe' }, anyBody);
    assert.deepEqual(body, { id: 1 });
    assert.equal(server.requests.length, 2);

    server.script(text(503, ''));
    await rejects(http.request({ method: 'POST', url: `${server.url}/p`, json: {}, retryPost: 'safe' }));
    assert.equal(server.requests.length, 3);
  });

  it('retries idempotent requests after a connection reset and PUT/DELETE on 503', async () => {
    server.script(reset, json(200, { ok: true }));
    assert.deepEqual(await http.json({ url: `${server.url}/x` }, anyBody), { ok: true });
    server.script(text(503, ''), text(204, ''));
    const res = await http.request({ method: 'DELETE', url: `${server.url}/x` });
    assert.equal(res.status, 204);
    assert.equal(server.requests.length, 4);
  });

  it('#11.6 a DELETE whose answer was lost: the retry\'s 404 means our first attempt deleted it', async () => {
    server.script(reset, json(404, { message: 'Studio not found' }));
    const res = await http.request({ method: 'DELETE', url: `${server.url}/studios/a` });
    assert.equal(res.status, 404);
    assert.equal(server.requests.length, 2);
    server.script(text(503, ''), json(404, { message: 'gone' }));
    assert.equal((await http.request({ method: 'DELETE', url: `${server.url}/studios/b` })).status, 404);
  });

  it('#11.6 a 404 on the first DELETE attempt, or on a retried GET, is still notFound', async () => {
    server.script(json(404, { message: 'Studio not found' }));
    assert.equal((await rejects(http.request({ method: 'DELETE', url: `${server.url}/studios/a` }))).kind, 'notFound');
    assert.equal(server.requests.length, 1);
    server.script(reset, json(404, { message: 'Studio not found' }));
    assert.equal((await rejects(http.request({ url: `${server.url}/studios/a` }))).kind, 'notFound');
  });

  it('retries connection refused for GET', async () => {
    const closed = await startLocalServer();
    const url = `${closed.url}/x`;
    await closed.close();
    const e = await rejects(http.request({ url, retry: { maxAttempts: 2 } }));
    assert.equal(e.kind, 'network');
    assert.match(e.message, /refused/);
    assert.equal(sleeps.length, 1);
  });

  it('maps 401 to the fixed sign-in message and never echoes the token', async () => {
    server.script(json(401, { message: `token ${TOKEN} is not valid` }));
    const e = await rejects(http.request({ url: `${server.url}/user-info`, headers: { Authorization: `Bearer ${TOKEN}` } }));
    assert.equal(e.kind, 'auth');
    assert.equal(e.message, TOKEN_REJECTED_MESSAGE);
    assert.equal(server.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);
    assertNoToken(e);
  });

  it("uses the server's message for 403/404/409/400 and scrubs a token it echoes", async () => {
    const cases: [number, string][] = [[403, 'forbidden'], [404, 'notFound'], [409, 'conflict'], [400, 'badRequest']];
    for (const [status, kind] of cases) {
      server.script(json(status, { message: `Nope ${status} for ${TOKEN}` }));
      const e = await rejects(http.request({ url: `${server.url}/s`, headers: { authorization: `Bearer ${TOKEN}` } }));
      assert.equal(e.kind, kind);
      assert.equal(e.status, status);
      assert.match(e.message, new RegExp(`^Nope ${status} for \\*\\*\\*$`));
      assertNoToken(e);
    }
  });

  it('explains a 403/404 without a body', async () => {
    server.script(text(403, ''));
    const e = await rejects(http.request({ url: `${server.url}/studios` }));
    assert.match(e.message, /denied access to \/studios/);
  });

  it('never puts a token from a JSON body (Wave towerAccessToken) into an error', async () => {
    server.script(json(400, { message: `bad towerAccessToken ${TOKEN}` }));
    const e = await rejects(http.request({ method: 'POST', url: `${server.url}/v1alpha2/container`, json: { towerAccessToken: TOKEN } }));
    assertNoToken(e);
  });

  it('turns HTML, empty and truncated bodies into invalidResponse (after retrying a GET)', async () => {
    server.script(text(200, '<html><body>Sign in</body></html>', { 'content-type': 'text/html' }));
    const html = await rejects(http.json({ url: `${server.url}/x` }, anyBody));
    assert.equal(html.kind, 'invalidResponse');
    assert.match(html.message, /web page instead of JSON/);
    assert.equal(server.requests.length, 4);

    server.script(text(200, '{"orgsAndWorkspaces": [{"orgId": 1,', { 'content-type': 'application/json' }));
    const cut = await rejects(http.json({ url: `${server.url}/x`, retry: { maxAttempts: 1 } }, anyBody));
    assert.equal(cut.kind, 'invalidResponse');
    assert.match(cut.message, /incomplete or malformed JSON/);

    server.script(text(200, ''));
    const empty = await rejects(http.json({ url: `${server.url}/x`, retry: { maxAttempts: 1 } }, anyBody));
    assert.match(empty.message, /empty response/);
  });

  it('a body of the wrong shape is invalidResponse and is not retried', async () => {
    server.script(json(200, { user: { userName: 42 } }));
    const check = object<{ user?: { userName?: string } }>({ user: optional(object({ userName: optional(str) })) });
    const e = await rejects(http.json({ url: `${server.url}/user-info` }, (v) => check(v, 'GET /user-info')));
    assert.equal(e.kind, 'invalidResponse');
    assert.match(e.message, /GET \/user-info\.user\.userName should be a string but is number/);
    assert.equal(server.requests.length, 1);
  });

  it('a response declaring more bytes than it sends is a network error, retried for GET', async () => {
    server.script((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"a":');
      setImmediate(() => res.socket?.destroy());
    }, json(200, { a: 1 }));
    assert.deepEqual(await http.json({ url: `${server.url}/x` }, anyBody), { a: 1 });
    assert.equal(server.requests.length, 2);
  });

  it('cancellation aborts the request in flight with a CancelledError and no retry', async () => {
    server.script(hang);
    const controller = new AbortController();
    const pending = http.request({ url: `${server.url}/slow`, signal: controller.signal });
    await waitFor(() => server.requests.length === 1);
    controller.abort(new CancelledError());
    await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
    await waitFor(() => server.aborted === 1);
    assert.equal(server.requests.length, 1);
  });

  it('cancellation during a backoff sleep stops the retries', async () => {
    const controller = new AbortController();
    ({ http } = client({
      sleep: async () => {
        controller.abort(new CancelledError());
        throw new CancelledError();
      },
    }));
    server.script(text(503, ''));
    await assert.rejects(http.request({ url: `${server.url}/x`, signal: controller.signal }), (e: unknown) => e instanceof CancelledError);
    assert.equal(server.requests.length, 1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort(new CancelledError());
    await assert.rejects(http.request({ url: `${server.url}/x`, signal: controller.signal }), (e: unknown) => e instanceof CancelledError);
    assert.equal(server.requests.length, 0);
  });

  it('times out an attempt that never answers and says so', async () => {
    server.script(hang);
    const e = await rejects(http.request({ url: `${server.url}/x`, timeoutMs: 50, retry: { maxAttempts: 2 } }));
    assert.equal(e.kind, 'network');
    assert.match(e.message, /did not answer/);
    assert.equal(server.requests.length, 2);
  });

  it('reports each attempt to onEvent without query, headers or token', async () => {
    const events: string[] = [];
    ({ http } = client({ onEvent: (e) => events.push(JSON.stringify(e)) }));
    server.script(json(503, { message: `down ${TOKEN}` }), json(200, {}));
    await http.json({ url: `${server.url}/x?workspaceId=5`, headers: { authorization: `Bearer ${TOKEN}` } }, anyBody);
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => !e.includes(TOKEN) && !e.includes('workspaceId')));
    assert.match(events[0] ?? '', /"retryInMs":300/);
  });

  it('follows no redirect: a 3xx to another origin is an error and the token never reaches it', async () => {
    const other = await startLocalServer();
    try {
      other.script(json(200, { stolen: true }));
      for (const status of [301, 302, 307, 308]) {
        server.script(text(status, '', { location: `${other.url}/collect?x=1` }));
        const e = await rejects(http.request({ url: `${server.url}/api/user-info`, headers: { authorization: `Bearer ${TOKEN}` } }));
        assert.equal(e.kind, 'badRequest');
        assert.equal(e.status, status);
        assert.match(e.message, new RegExp(`redirected /api/user-info \\(${status}\\) to ${other.url.replace(/[.:/]/g, '\\$&')}/collect;`));
        assert.ok(!e.message.includes('x=1'), 'the query of the Location stays out of the message');
        assertNoToken(e);
      }
      assert.equal(other.requests.length, 0, 'nothing was sent to the other origin');
      assert.deepEqual(sleeps, [], 'a redirect is not retried');
    } finally {
      await other.close();
    }
  });

  it('does not follow a same-origin redirect either', async () => {
    server.script(text(302, '', { location: '/elsewhere' }));
    const e = await rejects(http.request({ url: `${server.url}/api/x` }));
    assert.match(e.message, /redirected \/api\/x \(302\) to \/elsewhere;/);
    assert.deepEqual(server.requests.map((r) => r.url), ['/api/x']);
  });

  it('#17.10 keeps the body\'s exact bytes when asked (binary), within maxBodyBytes', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00, 0xfe]);
    server.script((_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(png));
    const res = await http.request({ url: `${server.url}/logo`, binary: true });
    assert.deepEqual([...(res.bytes ?? [])], [...png], 'not decoded as UTF-8 on the way');
    server.script((_req, res) => res.writeHead(200).end(png));
    assert.equal((await http.request({ url: `${server.url}/logo` })).bytes, undefined, 'only when asked');
    server.script((_req, res) => res.writeHead(200).end(png));
    await rejects(http.request({ url: `${server.url}/logo`, binary: true, maxBodyBytes: 10, retry: { maxAttempts: 1 } }));
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    server.script(json(200, {}));
    for (let i = 0; i < 6; i++) await http.request({ url: `${server.url}/x` });
    const ports = new Set(server.requests.map((r) => r.remotePort));
    assert.equal(server.requests.length, 6);
    // undici may open a second socket while the first is being released; never one per request.
    assert.ok(ports.size <= 2, `${ports.size} connections for 6 requests`);
  });
});

function assertNoToken(e: SeqeraError): void {
  const all = `${e.message} ${e.detail ?? ''} ${String(e.stack)}`;
  assert.ok(!all.includes(TOKEN), `token leaked into: ${all}`);
}

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setImmediate(r));
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), 'condition not reached');
}
