import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index';
import { b64, platform } from './testkit';

describe('emulator faults, request log and clock (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof platform>;
  beforeEach(async () => {
    emu = await startEmulator();
    api = platform(emu);
  });
  afterEach(() => emu.stop());

  it('latency: a global rule delays every request by real time', async () => {
    emu.faults.add({ kind: 'latency', ms: 150 });
    const t0 = performance.now();
    await api.get('/user-info');
    await fetch(`${emu.waveUrl}/service-info`);
    assert.ok(performance.now() - t0 >= 290);
  });

  it('status: answers the status with Retry-After, only on the matching route and method', async () => {
    emu.faults.add({ server: 'platform', method: 'GET', path: '/studios', kind: 'status', status: 503, retryAfterSeconds: 7 });
    const r = await api.get('/studios');
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '7');
    assert.equal((await api.get('/user-info')).status, 200);
    assert.equal((await api.get('/studios/templates')).status, 200);
  });

  it('count caps a rule; clear removes all rules', async () => {
    emu.faults.add({ path: '/user-info', kind: 'status', status: 500, count: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await api.get('/user-info')).status);
    assert.deepEqual(codes, [500, 500, 200]);
    emu.faults.add({ kind: 'status', status: 502 });
    assert.equal((await api.get('/user-info')).status, 502);
    emu.faults.clear();
    assert.equal((await api.get('/user-info')).status, 200);
  });

  it('rate draws from the seed: the same seed gives the same pattern', async () => {
    const pattern = async (seed: number) => {
      const e = await startEmulator({ seed, faults: [{ kind: 'status', status: 500, rate: 0.5 }] });
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) codes.push((await platform(e).get('/service-info')).status);
      await e.stop();
      return codes.join(',');
    };
    const a = await pattern(42);
    assert.equal(await pattern(42), a);
    assert.ok(a.includes('500') && a.includes('200'));
  });

  it('reset: the connection is dropped without an answer', async () => {
    emu.faults.add({ path: '/user-info', kind: 'reset' });
    await assert.rejects(api.get('/user-info'));
    assert.equal(emu.requests.at(-1)?.status, 0);
  });

  it('lostReply: the request is carried out, then the connection is dropped without an answer', async () => {
    const wsId = emu.state.workspace('genomics-core', 'rnaseq').id;
    const rec = emu.state.addStudio({ workspaceId: wsId, name: 'lost-reply', status: 'stopped' });
    emu.faults.add({ method: 'DELETE', path: `/studios/${rec.sessionId}`, kind: 'lostReply', count: 1 });
    await assert.rejects(api.del(`/studios/${rec.sessionId}`, { query: { workspaceId: wsId } }));
    assert.equal(emu.requests.at(-1)?.status, 0);
    assert.equal((await api.get(`/studios/${rec.sessionId}`, { query: { workspaceId: wsId } })).status, 404, 'the DELETE was carried out');
  });

  it('hold: parks matching requests until released, then answers them normally', async () => {
    emu.faults.add({ path: '/user-info', kind: 'hold' });
    const answers = [api.get('/user-info'), api.get('/user-info')];
    await emu.faults.whenHeld(2);
    assert.equal((await api.get('/service-info')).status, 200, 'other routes are not held');
    assert.equal(emu.faults.release(), 2);
    assert.deepEqual((await Promise.all(answers)).map((r) => r.status), [200, 200]);
  });

  it('malformed: the body no longer parses as JSON', async () => {
    emu.faults.add({ path: '/user-info', kind: 'malformed' });
    const r = await api.get('/user-info');
    assert.equal(r.status, 200);
    assert.throws(() => JSON.parse(r.text));
  });

  it('truncated: the body ends early and the read fails', async () => {
    emu.faults.add({ path: '/studios', kind: 'truncated' });
    await assert.rejects(api.get('/studios'));
  });

  it('slowBody: the body arrives in pieces over the given time', async () => {
    emu.faults.add({ path: '/user-info', kind: 'slowBody', ms: 300 });
    const t0 = performance.now();
    const r = await api.get('/user-info');
    assert.ok(performance.now() - t0 >= 250);
    assert.equal(r.body.user.userName, 'jsmith');
  });

  it('html: a proxy page instead of JSON', async () => {
    emu.faults.add({ server: 'wave', kind: 'html', status: 200 });
    const r = await fetch(`${emu.waveUrl}/service-info`);
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await r.text(), /<html>/);
  });

  it('faults can be given at start', async () => {
    const e = await startEmulator({ faults: [{ server: 'wave', kind: 'status', status: 502 }] });
    try {
      assert.equal((await fetch(`${e.waveUrl}/service-info`)).status, 502);
      assert.equal((await platform(e).get('/service-info')).status, 200);
    } finally {
      await e.stop();
    }
  });

  it('logs requests with the Authorization header and Wave tokens redacted, noting whether a token was sent and valid', async () => {
    emu.clearRequests();
    await api.get('/studios', { query: { max: 5 } });
    await api.get('/user-info', { token: 'bad' });
    await fetch(`${emu.waveUrl}/v1alpha2/container`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ containerFile: b64('FROM alpine\n'), towerAccessToken: emu.token, towerEndpoint: emu.platformUrl }),
    });
    const [a, b, c] = emu.requests;
    assert.deepEqual([a.server, a.method, a.path, a.query.max, a.status], ['platform', 'GET', '/api/studios', '5', 200]);
    assert.equal(a.headers.authorization, 'Bearer ***');
    assert.deepEqual([a.tokenPresent, a.tokenValid], [true, true]);
    assert.deepEqual([b.status, b.tokenPresent, b.tokenValid], [401, true, false]);
    assert.equal(c.server, 'wave');
    assert.equal((c.body as { towerAccessToken: string }).towerAccessToken, '***');
    assert.deepEqual([c.tokenPresent, c.tokenValid], [true, true]);
    assert.ok(!JSON.stringify(emu.requests).includes(emu.token));
    emu.clearRequests();
    assert.equal(emu.requests.length, 0);
  });

  it('the manual clock only moves on advance, firing timers in order; setSpeed(0) keeps it manual', async () => {
    const t0 = emu.clock.now();
    const s = emu.state.studioByName('deseq2-analysis');
    assert.equal(s.status, 'starting');
    emu.clock.setSpeed(0);
    assert.equal(emu.clock.now(), t0);
    await emu.clock.advance(1000);
    assert.equal(emu.clock.now(), t0 + 1000);
    assert.equal(s.status, 'starting');
    await emu.clock.advance(5 * 60_000);
    assert.equal(s.status, 'running');
  });

  it('setSpeed makes the clock follow real time, multiplied', async () => {
    const t0 = emu.clock.now();
    emu.clock.setSpeed(60_000);
    await new Promise((r) => setTimeout(r, 150));
    emu.clock.setSpeed(0);
    assert.ok(emu.clock.now() - t0 >= 60_000);
    assert.equal(emu.state.studioByName('deseq2-analysis').status, 'running');
  });

  it('different seeds give different session ids; the same seed the same ones', async () => {
    const ids = async (seed: number) => {
      const e = await startEmulator({ seed });
      const out = [...e.state.studios.keys()].join();
      await e.stop();
      return out;
    };
    assert.equal(await ids(5), await ids(5));
    assert.notEqual(await ids(5), await ids(6));
  });
});
