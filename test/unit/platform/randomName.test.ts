import * as assert from 'node:assert/strict';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { PlatformClient } from '../../../src/platform/client';
import { proposedName, randomName } from '../../../src/platform/randomName';
import { json, startLocalServer, type LocalServer } from '../helpers/localServer';

describe('random names (unit)', () => {
  let server: LocalServer;
  let http: HttpClient;
  let client: PlatformClient;
  beforeEach(async () => {
    server = await startLocalServer();
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined, retry: { maxAttempts: 1 } });
    client = new PlatformClient({ apiUrl: `${server.url}/api`, token: 'random-name-token-0123', http });
  });
  afterEach(async () => {
    await http.close();
    await server.close();
  });

  it('reads GET /workflow/random-name with the token', async () => {
    server.script(json(200, { name: 'angry_euler' }));
    assert.equal(await randomName(client), 'angry_euler');
    assert.equal(server.requests[0]?.url, '/api/workflow/random-name');
    assert.equal(server.requests[0]?.headers.authorization, 'Bearer random-name-token-0123');
  });

  it('falls back to the caller suggestion on an unusable name or an error', async () => {
    server.script(json(200, { name: '../etc' }), json(200, {}), json(403, { message: 'no' }));
    const errors: unknown[] = [];
    assert.equal(await proposedName(client, 'vscode-2025-06-02', (e) => errors.push(e)), 'vscode-2025-06-02');
    assert.equal(await proposedName(client, 'fallback'), 'fallback');
    assert.equal(await proposedName(client, 'fallback', (e) => errors.push(e)), 'fallback');
    assert.equal(errors.length, 1, 'only the 403 is an error');
  });
});
