import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { tokenKey } from '../../src/accounts/tokenStore';
import { startEmulator, type Emulator } from '../emulator';
import { startConnectProxy, type ConnectProxy } from '../shared/connectProxy';
import { HttpClient } from '../../src/net/http';
import { hostTransport } from '../../src/net/transport';
import { caFile, PKI_DIR_ENV, serverCert, type CaName } from '../shared/testPki';
import { activateExtension } from './extension';

/**
 * Every request goes through VS Code's own fetch (src/net/transport.ts), so the
 * extension connects wherever VS Code connects. Proven here in the real VS Code,
 * all on loopback: proxies from `http.proxy` (with Basic credentials, and
 * `http.noProxy`), a CA trusted only as VS Code reads the OS store on Linux,
 * NODE_EXTRA_CA_CERTS (which VS Code's fetch alone drops: src/net/extraCaCerts.ts),
 * an untrusted CA, and no redirect followed with the token.
 *
 * VS Code's proxy resolution always connects directly to `localhost`,
 * `127.0.0.1` and `::1`, so the proxy tests serve the emulator on 127.0.0.2
 * (still loopback on Linux). The harness (test/harness/run.ts) gives the server
 * the test CAs before it starts, with the `system` CA as SSL_CERT_FILE
 * (test/shared/testPki.ts).
 */
describe("Network through VS Code's fetch (integration)", function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  const seen: string[] = [];
  let tap: vscode.Disposable | undefined;
  const seqera = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  const httpConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('http');
  const global = vscode.ConfigurationTarget.Global;

  async function pointAt(emu: Emulator): Promise<void> {
    await seqera().update('platformUrl', emu.platformUrl, global);
    await seqera().update('waveUrl', emu.waveUrl, global);
    await api.session.reload();
    assert.equal(api.session.endpoints?.apiUrl, emu.platformUrl);
  }

  async function signIn(emu: Emulator): Promise<void> {
    await vscode.commands.executeCommand('seqera.signIn', emu.token);
  }

  /** `seqera.signIn` with a token is automation: a failure rejects with the one real error (README, Automation). */
  async function signInRefused(emu: Emulator): Promise<string> {
    try {
      await signIn(emu);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    throw new assert.AssertionError({ message: 'sign-in with an untrusted certificate should have been refused' });
  }

  before(async () => {
    api = await activateExtension();
    tap = api.services.log.onDidWrite((line) => seen.push(line.text));
    await api.session.signOut();
  });

  after(async () => {
    await api.session.signOut();
    for (const key of ['proxy', 'noProxy']) await httpConfig().update(key, undefined, global);
    await seqera().update('platformUrl', undefined, global);
    await seqera().update('waveUrl', undefined, global);
    await api.session.reload();
    tap?.dispose();
  });

  describe('proxies (http.proxy, http.noProxy)', () => {
    let emu: Emulator;
    let emuHost: string;
    const proxies: ConnectProxy[] = [];

    before(async () => {
      emu = await startEmulator({ seed: 11, host: '127.0.0.2' });
      emuHost = new URL(emu.platformUrl).host;
      await pointAt(emu);
      await signIn(emu);
      assert.equal(api.session.state, 'signedIn', 'signed in directly, before any proxy is set');
    });
    after(async () => {
      for (const key of ['proxy', 'noProxy']) await httpConfig().update(key, undefined, global);
      await api.session.signOut();
      for (const p of proxies) await p.close();
      await emu.stop();
    });

    async function refreshThroughCurrentSettings(): Promise<void> {
      const before = emu.requests.length;
      await vscode.commands.executeCommand('seqera.refreshWorkspaces');
      assert.equal(api.workspaces.list.kind, 'loaded', 'the workspaces loaded');
      assert.ok(emu.requests.length > before, 'the refresh reached the emulator');
    }

    it('sends the requests through the CONNECT proxy of http.proxy, read live (no reload)', async () => {
      const proxy = await startConnectProxy();
      proxies.push(proxy);
      await httpConfig().update('proxy', proxy.url, global);
      await refreshThroughCurrentSettings();
      assert.ok(proxy.targets.length > 0, 'the proxy opened a tunnel');
      assert.deepEqual([...new Set(proxy.targets)], [emuHost], 'every tunnel went to the emulator');
    });

    it('works through a proxy that requires Basic authentication, with the credentials in http.proxy', async () => {
      const proxy = await startConnectProxy({ credentials: { user: 'seqera-test', password: 'pr0xy-secret' } });
      proxies.push(proxy);
      const withCredentials = new URL(proxy.url);
      withCredentials.username = 'seqera-test';
      withCredentials.password = 'pr0xy-secret';
      await httpConfig().update('proxy', withCredentials.href, global);
      await refreshThroughCurrentSettings();
      assert.equal(proxy.refused, 0, 'the first CONNECT already carried the credentials');
      assert.ok(proxy.targets.includes(emuHost), `tunnelled after authentication (${JSON.stringify(proxy.targets)})`);
      assert.ok(!seen.some((l) => l.includes('pr0xy-secret')), 'the proxy password is not in the log');
    });

    it("bypasses the proxy for a host in http.noProxy", async () => {
      const proxy = await startConnectProxy();
      proxies.push(proxy);
      await httpConfig().update('proxy', proxy.url, global);
      await refreshThroughCurrentSettings();
      const tunnels = proxy.targets.length;
      assert.ok(tunnels > 0, 'used the proxy before noProxy was set');
      await httpConfig().update('noProxy', ['127.0.0.2'], global);
      await refreshThroughCurrentSettings();
      assert.equal(proxy.targets.length, tunnels, 'no tunnel for a noProxy host');
    });
  });

  describe("the HTTP layer on top of VS Code's fetch", () => {
    type Failure = { kind?: string; message?: string };
    const failure = (p: Promise<unknown>): Promise<Failure> =>
      p.then(
        () => assert.fail('expected a failure'),
        (e: unknown) => e as Failure,
      );

    it("cancels a request in flight through the caller's AbortSignal; the server sees the connection closed", async () => {
      let arrived!: () => void;
      const waiting = new Promise<void>((resolve) => (arrived = resolve));
      let closed!: () => void;
      const gone = new Promise<void>((resolve) => (closed = resolve));
      const server = await listenLocal((req) => {
        req.socket.once('close', () => closed());
        arrived();
      });
      try {
        const controller = new AbortController();
        const pending = failure(api.services.http.request({ url: `${server.url}/slow`, signal: controller.signal }));
        await waiting;
        controller.abort();
        const e = await pending;
        assert.equal(e.kind, 'cancelled');
        await gone;
      } finally {
        await server.close();
      }
    });

    it('ends an attempt at its deadline with a clear message', async () => {
      const server = await listenLocal(() => undefined);
      try {
        const e = await failure(api.services.http.request({ url: `${server.url}/never`, timeoutMs: 1000, retry: { maxAttempts: 1 } }));
        assert.equal(e.kind, 'network');
        assert.match(e.message ?? '', /127\.0\.0\.1:\d+ did not answer within 1 s\./);
      } finally {
        await server.close();
      }
    });

    it('retries a GET after a 503 with Retry-After, and never a POST', async () => {
      const seenMethods: string[] = [];
      let calls = 0;
      const server = await listenLocal((req, res) => {
        seenMethods.push(String(req.method));
        if (calls++ % 2 === 0) res.writeHead(503, { 'retry-after': '0' }).end();
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      try {
        const ok = await api.services.http.request({ url: `${server.url}/get` });
        assert.equal(ok.status, 200);
        assert.deepEqual(seenMethods, ['GET', 'GET'], 'the 503 was retried once');
        const e = await failure(api.services.http.request({ method: 'POST', url: `${server.url}/post`, json: {} }));
        assert.equal(e.kind, 'rateLimited', 'a 503 with Retry-After reads as busy');
        assert.deepEqual(seenMethods, ['GET', 'GET', 'POST'], 'the POST was sent once');
      } finally {
        await server.close();
      }
    });
  });

  describe('redirects', () => {
    it("does not follow a redirect to another origin: the token never leaves (VS Code's fetch)", async () => {
      const token = 'eyJyZWRpcmVjdC10ZXN0IjoxfQ-redirect-token';
      const stolen: string[] = [];
      const other = await listenLocal((req, res) => {
        stolen.push(String(req.headers.authorization));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
      const redirector = await listenLocal((_req, res) => res.writeHead(302, { location: `${other.url}/collect` }).end());
      try {
        const error = await api.services.http.request({ url: `${redirector.url}/api/user-info`, headers: { authorization: `Bearer ${token}` } }).then(
          () => assert.fail('a redirect must not succeed'),
          (e: unknown) => e as { kind?: string; message?: string; detail?: string },
        );
        assert.equal(error.kind, 'badRequest');
        assert.match(error.message ?? '', /redirected \/api\/user-info \(302\) to http:\/\/127\.0\.0\.1:\d+\/collect; requests are not followed/);
        assert.ok(!`${error.message} ${error.detail}`.includes(token), 'no token in the error');
        assert.deepEqual(stolen, [], 'nothing reached the other origin');
      } finally {
        await redirector.close();
        await other.close();
      }
    });
  });

  describe('certificates', () => {
    const emus: Emulator[] = [];
    afterEach(async () => {
      await api.session.signOut();
      while (emus.length) await emus.pop()?.stop();
    });

    async function httpsEmulator(ca: CaName): Promise<Emulator> {
      const { key, cert } = serverCert(ca);
      const emu = await startEmulator({ seed: 12, tls: { key, cert } });
      emus.push(emu);
      await pointAt(emu);
      return emu;
    }

    it('trusts a CA found only in the OS certificate store (Linux: SSL_CERT_FILE), strict SSL on', async () => {
      assert.notEqual(httpConfig().get('proxyStrictSSL'), false, 'strict SSL stays on');
      assert.equal(process.env.NODE_EXTRA_CA_CERTS, undefined, 'nothing is trusted through NODE_EXTRA_CA_CERTS');
      assert.equal(process.env.SSL_CERT_FILE, caFile(pkiDir(), 'system'), 'the OS store of this run holds the system CA');
      const emu = await httpsEmulator('system');
      assert.match(await plainNodeFetch(`${emu.waveUrl}/service-info`), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|CERT/, "plain Node does not trust it: only VS Code's OS store does");
      await signIn(emu);
      assert.equal(api.session.state, 'signedIn');
      assert.equal(await api.services.context.secrets.get(tokenKey(emu.platformUrl)), emu.token);
      await vscode.commands.executeCommand('seqera.refreshWorkspaces');
      assert.equal(api.workspaces.list.kind, 'loaded');
    });

    it("keeps NODE_EXTRA_CA_CERTS trusted under VS Code's fetch, proxy still applied", async () => {
      // The extension host was started without NODE_EXTRA_CA_CERTS (the harness removes it), so this
      // builds the extension's transport as activation would with the variable set.
      const { key, cert } = serverCert('extra');
      const emu = await startEmulator({ seed: 13, host: '127.0.0.2', tls: { key, cert } });
      emus.push(emu);
      const proxy = await startConnectProxy();
      const client = new HttpClient({ transport: hostTransport({ env: { NODE_EXTRA_CA_CERTS: caFile(pkiDir(), 'extra') } }), retry: { maxAttempts: 1 } });
      const without = new HttpClient({ transport: hostTransport({ env: {} }), retry: { maxAttempts: 1 } });
      const userInfo = { url: `${emu.platformUrl}/user-info`, headers: { authorization: `Bearer ${emu.token}` } };
      try {
        await httpConfig().update('proxy', proxy.url, global);
        const failure = await without.request(userInfo).then(
          () => assert.fail('the extra CA is not trusted without NODE_EXTRA_CA_CERTS'),
          (e: unknown) => e as Error,
        );
        assert.match(failure.message, /certificate of 127\.0\.0\.2:\d+ is not trusted/);
        const tunnels = proxy.targets.length;
        const res = await client.request(userInfo);
        assert.equal(res.status, 200);
        assert.match(res.text, /"userName"/);
        assert.ok(proxy.targets.length > tunnels, 'the request still went through http.proxy');
      } finally {
        await httpConfig().update('proxy', undefined, global);
        await client.close();
        await without.close();
        await proxy.close();
      }
    });

    it('refuses a CA nobody trusts, with the clear certificate message, and stores nothing', async () => {
      const emu = await httpsEmulator('untrusted');
      const from = seen.length;
      const refused = await signInRefused(emu);
      assert.notEqual(api.session.state, 'signedIn');
      assert.equal(await api.services.context.secrets.get(tokenKey(emu.platformUrl)), undefined);
      const host = new URL(emu.platformUrl).host.replace(/[.]/g, '\\.');
      const clear = new RegExp(`The certificate of ${host} is not trusted \\([A-Z_]+\\)\\. If a corporate proxy or CA signs it, add that CA to the operating system's certificate store`);
      assert.match(refused, clear);
      const lines = seen.slice(from).join('\n');
      assert.match(lines, clear);
      assert.ok(!lines.includes(emu.token), 'no token in the log');
    });

    it('http.proxyStrictSSL: false does not loosen the certificate check of VS Code\'s fetch (README says so)', async () => {
      const emu = await httpsEmulator('untrusted');
      try {
        await httpConfig().update('proxyStrictSSL', false, global);
        assert.match(await signInRefused(emu), /is not trusted/);
        assert.notEqual(api.session.state, 'signedIn');
      } finally {
        await httpConfig().update('proxyStrictSSL', undefined, global);
      }
    });
  });
});

function pkiDir(): string {
  const dir = process.env[PKI_DIR_ENV];
  if (!dir) throw new Error(`${PKI_DIR_ENV} is not set: run the integration tests through the harness (npm run test:integration).`);
  return dir;
}

interface LocalServer {
  url: string;
  close(): Promise<void>;
}

async function listenLocal(handler: http.RequestListener): Promise<LocalServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Node's own fetch in a child process with the same environment: the error code it fails with, or 'ok'. */
function plainNodeFetch(url: string): Promise<string> {
  const script = `fetch(${JSON.stringify(url)}).then(() => console.log('ok'), (e) => console.log(String(e.cause?.code ?? e.message)))`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 20_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout.trim()),
    );
  });
}
