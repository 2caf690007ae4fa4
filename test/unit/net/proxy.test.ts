import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../../src/net/http';
import { SeqeraError } from '../../../src/net/errors';
import { proxyConfigured, trustedCertificates } from '../../../src/net/proxy';
import { startConnectProxy, type ConnectProxy } from '../../shared/connectProxy';
import { json, startLocalServer, type LocalServer } from '../helpers/localServer';

describe('network dispatcher: proxy (unit)', () => {
  let target: LocalServer;
  let proxy: ConnectProxy;
  beforeEach(async () => {
    target = await startLocalServer(json(200, { via: 'target' }));
    proxy = await startConnectProxy();
  });
  afterEach(async () => {
    await proxy.close();
    await target.close();
  });

  it('sends requests through an explicit proxy (VS Code http.proxy)', async () => {
    const client = new HttpClient({ network: { proxyUrl: proxy.url, env: {} } });
    try {
      assert.deepEqual(await client.json({ url: `${target.url}/x` }, (v) => v), { via: 'target' });
      assert.deepEqual(proxy.targets, [new URL(target.url).host]);
    } finally {
      await client.close();
    }
  });

  it('reads HTTP_PROXY from the environment and honours NO_PROXY', async () => {
    const viaEnv = new HttpClient({ network: { env: { HTTP_PROXY: proxy.url } } });
    const bypass = new HttpClient({ network: { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } } });
    try {
      await viaEnv.request({ url: `${target.url}/a` });
      assert.equal(proxy.targets.length, 1);
      await bypass.request({ url: `${target.url}/b` });
      assert.equal(proxy.targets.length, 1, 'NO_PROXY host went through the proxy');
      assert.equal(target.requests.length, 2);
    } finally {
      await viaEnv.close();
      await bypass.close();
    }
  });

  it('lets the noProxy option (VS Code http.noProxy) override NO_PROXY', async () => {
    const client = new HttpClient({ network: { proxyUrl: proxy.url, noProxy: ['127.0.0.1'], env: {} } });
    try {
      await client.request({ url: `${target.url}/a` });
      assert.equal(proxy.targets.length, 0);
    } finally {
      await client.close();
    }
  });

  it('uses no proxy when none is configured', () => {
    assert.equal(proxyConfigured({}, {}), false);
    assert.equal(proxyConfigured({}, { https_proxy: 'http://p:3128' }), true);
    assert.equal(proxyConfigured({ proxyUrl: 'http://p:3128' }, {}), true);
  });
});

describe('network dispatcher: certificates (unit)', function () {
  this.timeout(20_000);
  let dir: string;
  let server: https.Server;
  let url: string;

  before(function () {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-ca-'));
    const run = (...args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    };
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Corporate CA');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=localhost');
    fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    run('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'ext.cnf');
  });

  beforeEach(async () => {
    server = https.createServer(
      { key: fs.readFileSync(path.join(dir, 'srv.key')), cert: fs.readFileSync(path.join(dir, 'srv.pem')) },
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"tls":true}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown CA with a message that points at NODE_EXTRA_CA_CERTS', async () => {
    const client = new HttpClient({ network: { env: {} } });
    try {
      await assert.rejects(client.request({ url }), (e: unknown) => {
        assert.ok(e instanceof SeqeraError);
        assert.equal(e.kind, 'network');
        assert.match(e.message, /not trusted.*NODE_EXTRA_CA_CERTS/);
        return true;
      });
    } finally {
      await client.close();
    }
  });

  it('trusts the CA file named by NODE_EXTRA_CA_CERTS, alongside the public roots', async () => {
    const env = { NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') };
    const ca = trustedCertificates(env) ?? [];
    assert.ok(ca.length > 100, 'public roots kept');
    const client = new HttpClient({ network: { env } });
    try {
      assert.deepEqual(await client.json({ url }, (v) => v), { tls: true });
    } finally {
      await client.close();
    }
  });

  it('accepts any certificate when strictSSL is false (http.proxyStrictSSL)', async () => {
    const client = new HttpClient({ network: { env: {}, strictSSL: false } });
    try {
      assert.equal((await client.request({ url })).status, 200);
    } finally {
      await client.close();
    }
  });

  it('reports an unreadable NODE_EXTRA_CA_CERTS file as a warning, not a crash', () => {
    const warnings: string[] = [];
    assert.equal(trustedCertificates({ NODE_EXTRA_CA_CERTS: path.join(dir, 'missing.pem') }, [], (w) => warnings.push(w)), undefined);
    assert.equal(warnings.length, 1);
  });
});
