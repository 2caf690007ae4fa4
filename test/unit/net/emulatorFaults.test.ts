import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator';
import { CancelledError, SeqeraError } from '../../../src/net/errors';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { PlatformClient } from '../../../src/platform/client';

/**
 * The HTTP layer against the emulator's fault injection: what the retry
 * policy does with real 503s, resets, HTML pages and slow bodies, measured
 * from the emulator's request log. Backoff sleeps are recorded, not waited.
 */
describe('HTTP layer against emulator faults (unit)', () => {
  let emu: Emulator;
  let http: HttpClient;
  let sleeps: number[];
  let platform: PlatformClient;

  const platformRequests = (path: string, method = 'GET'): number =>
    emu.requests.filter((r) => r.server === 'platform' && r.method === method && r.path === `/api${path}`).length;

  beforeEach(async () => {
    emu = await startEmulator({ seed: 42 });
    sleeps = [];
    http = new HttpClient({ transport: undiciTransport(),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 1,
    });
    platform = new PlatformClient({ apiUrl: emu.platformUrl, token: emu.token, http });
  });
  afterEach(async () => {
    await http.close();
    await emu.stop();
  });

  it('retries a GET through 503s, waiting exactly the Retry-After the server sends', async () => {
    emu.faults.add({ server: 'platform', method: 'GET', path: '/user-info', kind: 'status', status: 503, retryAfterSeconds: 4, count: 2 });
    const info = await platform.userInfo();
    assert.ok(info.user?.userName);
    assert.equal(platformRequests('/user-info'), 3);
    assert.deepEqual(sleeps, [4000, 4000]);
  });

  it('backs off exponentially on resets and gateway errors without Retry-After', async () => {
    emu.faults.add({ server: 'platform', path: '/user-info', kind: 'reset', count: 1 });
    emu.faults.add({ server: 'platform', path: '/user-info', kind: 'status', status: 502, count: 1 });
    await platform.userInfo();
    assert.deepEqual(sleeps, [300, 600]);
  });

  it('retries an HTML page or a truncated body on a GET', async () => {
    emu.faults.add({ server: 'platform', path: '/user-info', kind: 'html', count: 1 });
    emu.faults.add({ server: 'platform', path: '/user-info', kind: 'truncated', count: 1 });
    emu.faults.add({ server: 'platform', path: '/user-info', kind: 'malformed', count: 1 });
    const info = await platform.userInfo();
    assert.ok(info.user);
    assert.equal(platformRequests('/user-info'), 4);
  });

  it('reports an HTML page that persists as invalidResponse, not as a crash', async () => {
    emu.faults.add({ server: 'platform', path: '/user-info', kind: 'html' });
    await assert.rejects(platform.userInfo(), (e: unknown) => e instanceof SeqeraError && e.kind === 'invalidResponse' && /web page instead of JSON/.test(e.message));
  });

  it('never retries a POST on 503, even with Retry-After', async () => {
    emu.faults.add({ server: 'platform', method: 'POST', path: '/studios', kind: 'status', status: 503, retryAfterSeconds: 1 });
    await assert.rejects(platform.send('POST', '/studios', { body: { name: 'x', computeEnvId: 'ce' } }), (e: unknown) => e instanceof SeqeraError);
    assert.equal(platformRequests('/studios', 'POST'), 1);
    assert.deepEqual(sleeps, []);
  });

  it('cancellation aborts an in-flight request (slow body) at once and sends nothing more', async () => {
    emu.faults.add({ server: 'platform', path: '/user-info', kind: 'slowBody', ms: 60_000 });
    const controller = new AbortController();
    const pending = platform.userInfo(controller.signal);
    for (let i = 0; i < 200 && platformRequests('/user-info') === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    controller.abort(new CancelledError());
    await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
    assert.ok(Date.now() - started < 1000, 'the abort did not wait for the body');
    assert.equal(platformRequests('/user-info'), 1);
  });

  it('lists every workspace with a 20% failure rate on the Platform', async () => {
    const clean = await platform.userWorkspaces((await platform.userInfo()).user?.id ?? -1);
    assert.ok(clean.items.length > 2, 'the seeded account has workspaces');
    assert.deepEqual(clean.dropped, []);
    emu.faults.add({ server: 'platform', kind: 'status', status: 503, rate: 0.1 });
    emu.faults.add({ server: 'platform', kind: 'reset', rate: 0.1 });
    for (let round = 0; round < 10; round++) {
      const user = await platform.userInfo();
      const rows = await platform.userWorkspaces(user.user?.id ?? -1);
      assert.deepEqual(rows, clean, `round ${round}`);
    }
    const failures = emu.requests.filter((r) => r.status === 503 || r.status === 0).length;
    assert.ok(failures > 0, 'faults were injected');
  });
});
