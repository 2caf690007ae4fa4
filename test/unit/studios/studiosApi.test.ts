import * as assert from 'node:assert/strict';
import { SeqeraError } from '../../../src/net/errors';
import { HttpClient } from '../../../src/net/http';
import { PlatformClient } from '../../../src/platform/client';
import { StudiosApi } from '../../../src/platform/studios';
import { json, text, type Handler, type LocalServer, useLocalServer } from '../helpers/localServer';

const TOKEN = 'studios-unit-token-0123456789';

describe('Studios API calls (unit)', () => {
  let server: LocalServer;
  let http: HttpClient;
  useLocalServer((s, h) => {
    server = s;
    http = h;
  });
  const client = () => new PlatformClient({ apiUrl: `${server.url}/api`, token: TOKEN, http });
  const api = () => new StudiosApi(client(), 7);

  it('lists every page of Studios in the workspace', async () => {
    const page: Handler = (req, res) => {
      const u = new URL(req.url ?? '', 'http://x');
      const offset = Number(u.searchParams.get('offset'));
      const max = Number(u.searchParams.get('max'));
      const studios = Array.from({ length: Math.max(0, Math.min(max, 250 - offset)) }, (_, i) => ({ sessionId: `s${offset + i}`, statusInfo: { status: 'stopped' } }));
      json(200, { studios, totalSize: 250 })(req, res, '');
    };
    server.script(page);
    const list = await api().listStudios({ search: 'rna' });
    assert.equal(list.length, 250);
    assert.equal(new Set(list.map((s) => s.sessionId)).size, 250);
    assert.equal(server.requests.length, 3);
    assert.match(server.requests[0].url, /^\/api\/studios\?search=rna&max=100&offset=0&workspaceId=7$/);
  });

  it('omits workspaceId for the personal workspace and accepts a 202 Studio', async () => {
    server.script(json(202, { sessionId: 'abc', statusInfo: { status: 'running' } }));
    const s = await new StudiosApi(client(), undefined).getStudio('abc');
    assert.equal(s.statusInfo.status, 'running');
    assert.equal(server.requests[0].url, '/api/studios/abc');
  });

  it('creates with an explicit autoStart and sends the body', async () => {
    server.script(json(201, { studio: { sessionId: 'n1', statusInfo: { status: 'stopped' } } }));
    const s = await api().createStudio({ name: 'x', computeEnvId: 'ce', dataStudioToolUrl: 'img' }, false);
    assert.equal(s.sessionId, 'n1');
    assert.match(server.requests[0].url, /autoStart=false/);
    assert.deepEqual(JSON.parse(server.requests[0].body), { name: 'x', computeEnvId: 'ce', dataStudioToolUrl: 'img' });
  });

  it('starts with a configuration, stops, extends the lifespan and deletes', async () => {
    server.script(
      json(200, { jobSubmitted: true, sessionId: 'a', statusInfo: { status: 'starting' } }),
      json(200, { jobSubmitted: true, sessionId: 'a', statusInfo: { status: 'stopping' } }),
      json(200, { sessionId: 'a', statusInfo: { status: 'running' }, effectiveLifespanHours: 16 }),
      text(204, ''),
    );
    const a = api();
    assert.equal((await a.startStudio('a', { configuration: { cpu: 4 } })).statusInfo.status, 'starting');
    assert.equal((await a.stopStudio('a')).statusInfo.status, 'stopping');
    assert.equal((await a.extendLifespan('a')).effectiveLifespanHours, 16);
    await a.deleteStudio('a');
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`),
      ['PUT /api/studios/a/start', 'PUT /api/studios/a/stop', 'POST /api/studios/a/lifespan', 'DELETE /api/studios/a'],
    );
    assert.deepEqual(JSON.parse(server.requests[0].body), { configuration: { cpu: 4 } });
  });

  it('validates a name: 204 is fine, 409 is a conflict', async () => {
    server.script(text(204, ''), json(409, { message: 'Studio name already exists' }));
    await api().validateName('free');
    await assert.rejects(api().validateName('taken'), (e: unknown) => e instanceof SeqeraError && e.kind === 'conflict' && /already exists/.test(e.message));
    assert.match(server.requests[0].url, /\/api\/studios\/validate\?name=free&workspaceId=7/);
  });

  it('reads checkpoint pages and renames a checkpoint', async () => {
    server.script(
      json(200, { checkpoints: [{ id: 2, name: 'b', status: 'finalized', author: { userName: 'al' } }], totalSize: 30 }),
      json(200, { id: 2, name: 'renamed', status: 'finalized' }),
    );
    const page = await api().listCheckpoints('a', 20, 20);
    assert.equal(page.totalSize, 30);
    assert.match(server.requests[0].url, /checkpoints\?offset=20&max=20&workspaceId=7/);
    assert.equal((await api().renameCheckpoint('a', 2, 'renamed')).name, 'renamed');
    assert.deepEqual(JSON.parse(server.requests[1].body), { name: 'renamed' });
  });

  it('asks only for available compute environments, with their resources', async () => {
    server.script(json(200, { computeEnvs: [{ id: 'ce1', name: 'batch', status: 'AVAILABLE', resources: { cpus: 4 } }] }));
    const ces = await api().listComputeEnvs();
    assert.equal(ces[0].resources?.cpus, 4);
    assert.match(server.requests[0].url, /status=AVAILABLE&attributes=resources/);
  });
  it('updates a Studio with PUT /studios/{id} and lists its compatible compute environments (#16.3)', async () => {
    server.script(
      json(200, { sessionId: 'a b', name: 'renamed', statusInfo: { status: 'stopped' }, configuration: { cpu: 8 } }),
      json(200, { computeEnvs: [{ id: 'ce2', name: 'batch-2', platform: 'aws-batch', region: 'eu-west-1', resources: { cpus: 16 } }] }),
    );
    const a = api();
    const s = await a.updateStudio('a b', { name: 'renamed', configuration: { cpu: 8 } });
    assert.deepEqual([s.name, s.configuration?.cpu], ['renamed', 8]);
    const ces = await a.listCompatibleComputeEnvs('a b');
    assert.deepEqual(ces.map((c) => [c.id, c.resources?.cpus]), [['ce2', 16]]);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.url}`),
      ['PUT /api/studios/a%20b?workspaceId=7', 'GET /api/studios/a%20b/compatible-ce?attributes=resources&workspaceId=7'],
    );
    assert.deepEqual(JSON.parse(server.requests[0].body), { name: 'renamed', configuration: { cpu: 8 } });
  });
});
