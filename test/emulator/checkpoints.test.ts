import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index';
import { platform } from './testkit';

describe('emulator Platform: checkpoints (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof platform>;
  let base: string;
  let q: { workspaceId: number };
  before(async () => {
    emu = await startEmulator();
    api = platform(emu);
    const s = emu.state.studioByName('qc-notebook');
    q = { workspaceId: s.workspaceId };
    base = `/studios/${s.sessionId}/checkpoints`;
  });
  after(() => emu.stop());

  it('lists newest first with authors, paginated with totalSize', async () => {
    const r = await api.get(base, { query: q });
    assert.equal(r.body.totalSize, 4);
    const dates = r.body.checkpoints.map((c: { dateCreated: string }) => Date.parse(c.dateCreated));
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a));
    assert.equal(r.body.checkpoints[0].name, 'broken-kernel');
    assert.ok(r.body.checkpoints.every((c: { author: { userName: string } }) => c.author.userName));
    const p = await api.get(base, { query: { ...q, max: 2, offset: 2 } });
    assert.deepEqual(p.body.checkpoints.map((c: { name: string }) => c.name), ['after-trimming', 'initial-qc']);
    assert.equal(p.body.totalSize, 4);
  });

  it('filters by status, author and free text', async () => {
    assert.equal((await api.get(base, { query: { ...q, search: 'status:invalid' } })).body.totalSize, 1);
    assert.equal((await api.get(base, { query: { ...q, search: 'author:rsanchez' } })).body.totalSize, 2);
    assert.equal((await api.get(base, { query: { ...q, search: 'trim' } })).body.totalSize, 1);
  });

  it('gets one; 404 for an unknown id; 400 for a non-numeric id', async () => {
    const list = (await api.get(base, { query: q })).body.checkpoints;
    const one = await api.get(`${base}/${list[1].id}`, { query: q });
    assert.equal(one.body.name, list[1].name);
    const nf = await api.get(`${base}/999999`, { query: q });
    assert.equal(nf.status, 404);
    assert.ok(nf.body.message);
    assert.equal((await api.get(`${base}/abc`, { query: q })).status, 400);
  });

  it('renames; 409 when the name is taken by another checkpoint of the Studio; 400 when empty', async () => {
    const list = (await api.get(base, { query: q })).body.checkpoints;
    const r = await api.put(`${base}/${list[0].id}`, { query: q, body: { name: 'kernel-fixed' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.name, 'kernel-fixed');
    const clash = await api.put(`${base}/${list[0].id}`, { query: q, body: { name: 'initial-qc' } });
    assert.equal(clash.status, 409);
    assert.match(clash.body.message, /already exists/);
    assert.equal((await api.put(`${base}/${list[0].id}`, { query: q, body: { name: '' } })).status, 400);
  });
});
