import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/net/http';
import { SeqeraError } from '../../../src/net/errors';
import { PlatformClient } from '../../../src/platform/client';
import { normaliseEndpoint, tokensPageUrl, webUrlFromApiUrl } from '../../../src/platform/endpoint';
import { mapWithConcurrency } from '../../../src/platform/paginate';
import { json, type LocalServer, useLocalServer } from '../helpers/localServer';

const TOKEN = 'platform-unit-token-0123456789';

describe('Platform endpoints (unit)', () => {
  it('normalises URLs and keeps an Enterprise base path', () => {
    assert.equal(normaliseEndpoint('https://API.cloud.seqera.io/'), 'https://api.cloud.seqera.io');
    assert.equal(normaliseEndpoint(' https://tower.example.com/api/ '), 'https://tower.example.com/api');
    assert.equal(normaliseEndpoint('http://127.0.0.1:8080/api'), 'http://127.0.0.1:8080/api');
    assert.equal(normaliseEndpoint('http://localhost:3000'), 'http://localhost:3000');
    assert.equal(normaliseEndpoint('http://[::1]:3000'), 'http://[::1]:3000');
  });

  it('refuses plain http to a non-loopback host, other schemes, credentials and non-URLs', () => {
    for (const bad of ['http://tower.example.com/api', 'ftp://x', 'https://u:p@x.io', 'tower.example.com']) {
      assert.throws(() => normaliseEndpoint(bad), (e: unknown) => e instanceof SeqeraError && e.kind === 'input', bad);
    }
    assert.throws(() => normaliseEndpoint('http://tower.example.com'), /unencrypted.*https:\/\//);
  });

  it('derives the web app and token page from the API URL', () => {
    assert.equal(webUrlFromApiUrl('https://api.cloud.seqera.io'), 'https://cloud.seqera.io');
    assert.equal(webUrlFromApiUrl('https://tower.example.com/api'), 'https://tower.example.com');
    assert.equal(tokensPageUrl('http://127.0.0.1:4000/api'), 'http://127.0.0.1:4000/tokens');
  });
});

describe('PlatformClient (unit)', () => {
  let server: LocalServer;
  let http: HttpClient;
  useLocalServer((s, h) => {
    server = s;
    http = h;
  });

  const platform = (token: string | undefined = TOKEN): PlatformClient => new PlatformClient({ apiUrl: `${server.url}/api/`, token, http });

  it('joins paths under the base path and adds workspaceId only when given', () => {
    const c = platform();
    assert.equal(c.url('/studios', { workspaceId: 5, max: 10, skip: undefined }).href, `${server.url}/api/studios?workspaceId=5&max=10`);
    assert.equal(c.url('user-info').href, `${server.url}/api/user-info`);
    assert.equal(c.url('/x', { attributes: ['labels', 'resources'] }).search, '?attributes=labels&attributes=resources');
  });

  it('sends the bearer token and narrows user-info', async () => {
    server.script(json(200, { user: { id: 7, userName: 'ada', firstName: 'Ada', extra: 'dropped' }, needConsent: false }));
    const info = await platform().userInfo();
    assert.deepEqual(info, { user: { id: 7, userName: 'ada', firstName: 'Ada' }, needConsent: false });
    assert.equal(server.requests[0]?.url, '/api/user-info');
    assert.equal(server.requests[0]?.headers.authorization, `Bearer ${TOKEN}`);
  });

  it('lists orgs and workspaces of a user, tolerating nulls', async () => {
    server.script(json(200, {
      orgsAndWorkspaces: [
        { orgId: 1, orgName: 'acme', orgLogoUrl: null, workspaceId: null, workspaceName: null },
        { orgId: 1, orgName: 'acme', workspaceId: 11, workspaceName: 'lab', workspaceFullName: 'Lab', visibility: 'SHARED', roles: ['owner'] },
      ],
    }));
    const rows = await platform().userWorkspaces(7);
    assert.equal(server.requests[0]?.url, '/api/user/7/workspaces');
    assert.deepEqual(rows.dropped, []);
    assert.deepEqual(rows.items, [
      { orgId: 1, orgName: 'acme' },
      { orgId: 1, orgName: 'acme', workspaceId: 11, workspaceName: 'lab', workspaceFullName: 'Lab', visibility: 'SHARED', roles: ['owner'] },
    ]);
  });

  it('rejects a body of the wrong shape with the field path', async () => {
    server.script(json(200, { orgsAndWorkspaces: { orgId: 1 } }));
    await assert.rejects(platform().userWorkspaces(7), /orgsAndWorkspaces should be a list but is object/);
  });

  it('#11.10 leaves out a row of the wrong shape, naming it, and keeps the rest', async () => {
    server.script(json(200, { orgsAndWorkspaces: [{ orgId: 'one' }, { orgId: 2, orgName: 'lab', workspaceId: 21, workspaceName: 'w' }] }));
    const rows = await platform().userWorkspaces(7);
    assert.deepEqual(rows.items, [{ orgId: 2, orgName: 'lab', workspaceId: 21, workspaceName: 'w' }]);
    assert.equal(rows.dropped.length, 1);
    assert.match(rows.dropped[0].message, /orgsAndWorkspaces\[0\]\.orgId should be a number but is string/);
  });

  it('asks service-info without the token', async () => {
    server.script(json(200, { serviceInfo: { version: '25.1.0', waveEnabled: true } }));
    const info = await platform().serviceInfo();
    assert.deepEqual(info, { version: '25.1.0', waveEnabled: true });
    assert.equal(server.requests[0]?.headers.authorization, undefined);
  });

  it('lists orgs and org workspaces', async () => {
    server.script(json(200, { organizations: [{ orgId: 1, name: 'acme' }], totalSize: 1 }), json(200, { workspaces: [{ id: 2, name: 'w' }] }));
    assert.deepEqual(await platform().organizations(), [{ orgId: 1, name: 'acme' }]);
    assert.deepEqual(await platform().orgWorkspaces(1), [{ id: 2, name: 'w' }]);
    assert.equal(server.requests[1]?.url, '/api/orgs/1/workspaces');
  });

  it('paginates: first page, then the rest in parallel, in order, with the workspace', async () => {
    const all = Array.from({ length: 23 }, (_, i) => ({ id: i }));
    server.script((req, res) => {
      const q = new URL(req.url ?? '', 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      const max = Number(q.get('max'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: all.slice(offset, offset + max), totalSize: all.length }));
    });
    const pick = (body: unknown): { items: { id: number }[]; totalSize?: number } => body as { items: { id: number }[]; totalSize: number };
    const items = await platform().paginate('/things', pick, { pageSize: 5, concurrency: 2, workspaceId: 9 });
    assert.deepEqual(items, all);
    assert.equal(server.requests.length, 5);
    assert.ok(server.requests.every((r) => r.url.includes('workspaceId=9')));
    assert.match(server.requests[0]?.url ?? '', /max=5&offset=0/);
  });

  it('paginates without totalSize until a short page', async () => {
    const all = Array.from({ length: 7 }, (_, i) => i);
    server.script((req, res) => {
      const q = new URL(req.url ?? '', 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(all.slice(offset, offset + 3)));
    });
    const items = await platform().paginate('/n', (b) => ({ items: b as number[] }), { pageSize: 3 });
    assert.deepEqual(items, all);
    assert.equal(server.requests.length, 3);
  });

  it('mapWithConcurrency keeps at most `limit` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return n * 2;
    });
    assert.deepEqual(out, [2, 4, 6, 8, 10, 12]);
    assert.equal(peak, 2);
  });
});
