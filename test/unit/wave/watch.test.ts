import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { CancelledError, SeqeraError } from '../../../src/net/errors';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { WaveClient } from '../../../src/wave/client';
import type { SubmitContainerTokenResponse } from '../../../src/wave/responses';
import { DEFAULT_BUILD_OPTIONS, buildSubmitRequest } from '../../../src/wave/request';
import { watchBuild, type WatchEvent } from '../../../src/wave/watch';
import { startLocalServer, type LocalServer } from '../helpers/localServer';

/**
 * A scripted Wave: what each endpoint answers is a function of a fake clock that
 * only the watcher's sleeps move forward, so the tests see exactly which request
 * the watcher makes when, without waiting.
 */
interface Script {
  status(t: number): Record<string, unknown>;
  log?(t: number): string | undefined;
  scan?(t: number): Record<string, unknown> | undefined;
}

function fakeWave(server: LocalServer, clock: { t: number }, script: Script): void {
  const send = (res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void => {
    res.writeHead(status, { 'content-type': type }).end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  server.script((req, res) => {
    const url = req.url ?? '';
    if (/^\/v1alpha2\/container\/[^/]+\/status$/.test(url)) return send(res, 200, script.status(clock.t));
    if (/^\/v1alpha1\/builds\/[^/]+\/logs$/.test(url)) {
      const log = script.log?.(clock.t);
      return log === undefined ? send(res, 404, { message: 'not found' }) : send(res, 200, log, 'text/plain');
    }
    if (/^\/v1alpha1\/builds\/[^/]+$/.test(url)) return send(res, 200, { buildId: 'bd-1_1', duration: 6.25, exitStatus: 0, platform: 'linux/amd64' });
    if (/^\/v1alpha1\/scans\/[^/]+$/.test(url)) {
      const scan = script.scan?.(clock.t);
      return scan ? send(res, 200, scan) : send(res, 404, { message: 'not found' });
    }
    return send(res, 500, { message: `unexpected ${url}` });
  });
}

const SUBMITTED: SubmitContainerTokenResponse = { requestId: 'req1', targetImage: 'wave.test/wt/abc/img:1', buildId: 'bd-1_1' };

function status(s: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'req1', status: s, buildId: 'bd-1_1', creationTime: '2026-01-01T00:00:00Z', ...extra };
}

describe('Wave client and build watch (unit)', () => {
  let server: LocalServer;
  let transport: HttpClient;
  let wave: WaveClient;
  let clock: { t: number };
  let sleeps: number[];
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw new CancelledError();
    sleeps.push(ms);
    clock.t += ms;
  };
  const paths = (): string[] => server.requests.map((r) => `${r.method} ${r.url}`);

  beforeEach(async () => {
    server = await startLocalServer();
    transport = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined, random: () => 1 });
    wave = new WaveClient(server.url, transport);
    clock = { t: 0 };
    sleeps = [];
  });
  afterEach(async () => {
    await transport.close();
    await server.close();
  });

  it('checks the status once a second by default, never a fixed 10 s', async () => {
    fakeWave(server, clock, { status: (t) => (t < 30_000 ? status('BUILDING') : status('DONE', { succeeded: true })), log: (t) => (t < 30_000 ? undefined : 'done\n') });
    await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t, partialLogEveryMs: 1e9 });
    const checks = server.requests.filter((r) => r.url === '/v1alpha2/container/req1/status').length;
    assert.deepEqual(sleeps, Array.from({ length: 30 }, () => 1_000));
    assert.equal(checks, 31, 'one check at 0 s, then one per second until DONE at 30 s');
  });

  it('with a larger cap, starts at 1 s and backs off ×1.5 to it', async () => {
    fakeWave(server, clock, { status: (t) => (t < 30_000 ? status('BUILDING') : status('DONE', { succeeded: true })), log: (t) => (t < 30_000 ? undefined : 'done\n') });
    await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t, partialLogEveryMs: 1e9, poll: { maxMs: 5_000 } });
    assert.deepEqual(sleeps.slice(0, 6), [1_000, 1_500, 2_250, 3_375, 5_000, 5_000]);
    assert.equal(Math.max(...sleeps), 5_000);
  });

  it('counts the cadence from the sending of the previous check, so the round trip does not stretch it', async () => {
    // Each status answer takes 300 ms of the fake clock.
    fakeWave(server, clock, {
      status: (t) => {
        clock.t += 300;
        return t < 3_000 ? status('BUILDING') : status('DONE', { succeeded: true });
      },
      log: (t) => (t < 3_000 ? undefined : 'done\n'),
    });
    await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t, partialLogEveryMs: 1e9 });
    assert.deepEqual(sleeps.slice(0, 3), [700, 700, 700]);
  });

  it('a cap below 1 s is the delay from the first check on', async () => {
    fakeWave(server, clock, { status: (t) => (t < 2_000 ? status('BUILDING') : status('DONE', { succeeded: true })), log: (t) => (t < 2_000 ? undefined : 'done\n') });
    await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t, partialLogEveryMs: 1e9, poll: { maxMs: 500 } });
    assert.deepEqual(sleeps.slice(0, 4), [500, 500, 500, 500]);
  });

  it('reports transitions, then the log the moment the build is done, then the record', async () => {
    fakeWave(server, clock, {
      status: (t) => (t < 1_000 ? status('PENDING') : t < 3_000 ? status('BUILDING') : status('DONE', { succeeded: true, duration: 3.5, detailsUri: 'https://wave.test/view/builds/bd-1_1' })),
      log: (t) => (t < 3_000 ? undefined : 'step 1\nstep 2\n'),
    });
    const events: WatchEvent[] = [];
    const result = await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t, onEvent: (e) => events.push(e), partialLogEveryMs: 1e9 });
    assert.deepEqual(
      events.filter((e) => e.type !== 'waiting').map((e) => (e.type === 'status' ? `status ${e.previous ?? '-'}→${e.status.status}` : e.type === 'log' ? `log ${JSON.stringify(e.text)} ${e.partial}` : e.type)),
      ['status -→PENDING', 'status PENDING→BUILDING', 'status BUILDING→DONE', 'log "step 1\\nstep 2\\n" false', 'record'],
    );
    const doneAt = paths().lastIndexOf('GET /v1alpha2/container/req1/status');
    assert.equal(paths()[doneAt + 1], 'GET /v1alpha1/builds/bd-1_1/logs', 'the log is fetched right after DONE is seen');
    assert.equal(result.status.succeeded, true);
    assert.equal(result.status.duration, 3.5);
    assert.equal(result.log, 'step 1\nstep 2\n');
    assert.equal(result.record?.duration, 6.25);
  });

  it('#17.4 after each status check that does not end the wait, says how long the watch has run (by its clock)', async () => {
    fakeWave(server, clock, { status: (t) => (t < 1_000 ? status('PENDING') : t < 3_000 ? status('BUILDING') : status('DONE', { succeeded: true })), log: (t) => (t < 3_000 ? undefined : 'ok\n') });
    const waits: string[] = [];
    await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t, onEvent: (e) => e.type === 'waiting' && waits.push(`${e.status}@${e.elapsedMs}`), partialLogEveryMs: 1e9 });
    // checks at 0, 1000, 2000 (still waiting) and 3000 (DONE: no waiting event)
    assert.deepEqual(waits, ['PENDING@0', 'BUILDING@1000', 'BUILDING@2000']);
  });

  it('streams a partial log when the server serves one, then only what was added', async () => {
    fakeWave(server, clock, {
      status: (t) => (t < 20_000 ? status('BUILDING') : status('DONE', { succeeded: true })),
      log: (t) => (t < 5_000 ? undefined : t < 20_000 ? 'a\n' : 'a\nb\n'),
    });
    const logs: string[] = [];
    const result = await watchBuild(wave, SUBMITTED, {
      sleep,
      now: () => clock.t,
      partialLogEveryMs: 2_000,
      onEvent: (e) => {
        if (e.type === 'log') logs.push(`${e.partial ? 'partial' : 'final'}:${e.text}`);
      },
    });
    assert.deepEqual(logs, ['partial:a\n', 'final:b\n']);
    assert.equal(result.log, 'a\nb\n');
  });

  it('a cached build is done at the first poll, with no wait before it', async () => {
    fakeWave(server, clock, { status: () => status('DONE', { succeeded: true }), log: () => 'old log\n' });
    const result = await watchBuild(wave, { ...SUBMITTED, cached: true, succeeded: true }, { sleep, now: () => clock.t });
    assert.deepEqual(sleeps, []);
    assert.equal(result.log, 'old log\n');
    assert.equal(paths()[0], 'GET /v1alpha2/container/req1/status');
  });

  it('a failed build ends with the reason and the log', async () => {
    fakeWave(server, clock, {
      status: (t) => (t < 1_000 ? status('BUILDING') : status('DONE', { succeeded: false, reason: 'Container build did not complete successfully' })),
      log: (t) => (t < 1_000 ? undefined : 'error: package not found\n'),
    });
    const result = await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t });
    assert.equal(result.status.succeeded, false);
    assert.equal(result.status.reason, 'Container build did not complete successfully');
    assert.equal(result.log, 'error: package not found\n');
  });

  it('waits for an asynchronous scan after the build and reports its result', async () => {
    fakeWave(server, clock, {
      status: () => status('DONE', { succeeded: true, scanId: 'sc-1_1' }),
      log: () => 'ok\n',
      scan: (t) =>
        t < 2_000
          ? { id: 'sc-1_1', status: 'PENDING', vulnerabilities: [] }
          : { id: 'sc-1_1', status: 'SUCCEEDED', vulnerabilities: [{ id: 'CVE-1', severity: 'HIGH', pkgName: 'openssl' }] },
    });
    const events: string[] = [];
    const result = await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t, onEvent: (e) => events.push(e.type) });
    assert.deepEqual(events.slice(-2), ['scanning', 'scan']);
    assert.equal(result.scan?.vulnerabilities[0]?.id, 'CVE-1');
  });

  it('keeps watching through a failed status check', async () => {
    const finished = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      const url = req.url ?? '';
      if (url.endsWith('/logs')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('x');
      if (url.startsWith('/v1alpha1/builds/')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"buildId":"bd-1_1"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status('DONE', { succeeded: true })));
    };
    server.script((_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"boom"}'), finished);
    const events: WatchEvent[] = [];
    const result = await watchBuild(wave, SUBMITTED, { sleep, now: () => clock.t, onEvent: (e) => events.push(e) });
    assert.ok(events.some((e) => e.type === 'notice' && /Status check failed/.test(e.message)));
    assert.equal(result.status.status, 'DONE');
    assert.equal(paths().filter((p2) => p2.endsWith('/status')).length, 2);
  });

  it('stops watching when cancelled, without touching the build', async () => {
    fakeWave(server, clock, { status: () => status('BUILDING') });
    const controller = new AbortController();
    let polls = 0;
    const p = watchBuild(wave, SUBMITTED, {
      sleep,
      now: () => clock.t,
      signal: controller.signal,
      onEvent: () => {
        if (++polls === 1) controller.abort(new CancelledError());
      },
    });
    await assert.rejects(p, (e: unknown) => e instanceof CancelledError);
    assert.ok(paths().every((p2) => p2.startsWith('GET ')), 'nothing but reads: the build itself is left alone');
  });

  describe('submit', () => {
    const request = buildSubmitRequest({ kind: 'conda', packages: { type: 'CONDA', entries: ['samtools'], channels: ['bioconda'] } }, DEFAULT_BUILD_OPTIONS, undefined);

    it('posts the request once and reads the response', async () => {
      server.script((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...SUBMITTED, cached: true, succeeded: true })));
      const r = await wave.submit(request);
      assert.equal(r.cached, true);
      assert.equal(server.requests[0].method, 'POST');
      assert.equal(server.requests[0].url, '/v1alpha2/container');
      assert.deepEqual(JSON.parse(server.requests[0].body), request);
    });

    it('is never retried, and a 503 says how long to wait', async () => {
      server.script((_req, res) =>
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' }).end('{"message":"Maximum request rate exceeded - Wait 7secs before issuing a new request"}'),
      );
      const e = await wave.submit(request).then(
        () => assert.fail('expected a refusal'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof SeqeraError);
      assert.equal(e.kind, 'rateLimited');
      assert.match(e.message, /Try again in 7 seconds\..*Anonymous builds have a lower quota/);
      assert.equal(server.requests.length, 1);
    });

    it('a 429 names the rate limit; signed-in requests get no anonymous hint', async () => {
      server.script((_req, res) => res.writeHead(429, { 'content-type': 'application/json' }).end('{"message":"Request exceeded build rate limit"}'));
      const e = await wave.submit({ ...request, towerAccessToken: 'secret-token-1234', towerEndpoint: 'https://x' }).catch((err: unknown) => err);
      assert.ok(e instanceof SeqeraError && e.kind === 'rateLimited');
      assert.match(e.message, /rate limit reached \(429\)/);
      assert.doesNotMatch(e.message, /Anonymous/);
      assert.equal(server.requests.length, 1);
    });

    it('refuses ids that would not be plain path segments', async () => {
      server.script((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...SUBMITTED, requestId: '../../x' })));
      await assert.rejects(wave.submit(request), (e: unknown) => e instanceof SeqeraError && e.kind === 'invalidResponse');
    });
  });

  it('reads a missing log as "not yet"', async () => {
    fakeWave(server, clock, { status: () => status('BUILDING') });
    assert.equal(await wave.buildLog('bd-1_1'), undefined);
  });

  it('links to the build and scan pages', () => {
    assert.equal(wave.buildPageUrl('bd-1_1'), `${server.url}/view/builds/bd-1_1`);
    assert.equal(wave.scanPageUrl('sc-1_1'), `${server.url}/view/scans/sc-1_1`);
  });
});
