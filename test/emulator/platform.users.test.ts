import * as assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { startEmulator, type Emulator } from './index';
import { platform } from './testkit';

describe('emulator Platform: auth, users, orgs, workspaces (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof platform>;
  before(async () => {
    emu = await startEmulator();
    api = platform(emu);
  });
  after(() => emu.stop());

  it('serves /service-info without a token, with waveEnabled', async () => {
    const r = await api.get('/service-info', { token: null });
    assert.equal(r.status, 200);
    assert.equal(r.body.serviceInfo.waveEnabled, true);
    assert.equal(r.body.serviceInfo.apiVersion, '1.187.0');
  });

  it('answers 401 without a token and with an unknown one, on every other route', async () => {
    for (const path of ['/user-info', '/studios', '/orgs', '/tokens', '/compute-envs']) {
      assert.equal((await api.get(path, { token: null })).status, 401, path);
      assert.equal((await api.get(path, { token: 'bm90LWEtdG9rZW4=' })).status, 401, path);
    }
  });

  it('a revoked token stops working', async () => {
    const t = emu.state.addToken(emu.state.mainUserId, 'temp');
    assert.equal((await api.get('/user-info', { token: t })).status, 200);
    emu.state.revokeToken(t);
    assert.equal((await api.get('/user-info', { token: t })).status, 401);
  });

  it('describes the main user', async () => {
    const r = await api.get('/user-info');
    assert.equal(r.status, 200);
    assert.equal(r.body.user.userName, 'jsmith');
    assert.equal(r.body.user.id, emu.state.mainUserId);
  });

  it('lists orgs and workspaces the user belongs to, not the others', async () => {
    const r = await api.get(`/user/${emu.state.mainUserId}/workspaces`);
    assert.equal(r.status, 200);
    const rows = r.body.orgsAndWorkspaces as { orgName: string; workspaceId?: number; workspaceName?: string }[];
    const orgRows = rows.filter((x) => x.workspaceId === undefined).map((x) => x.orgName);
    assert.deepEqual(orgRows.sort(), ['community', 'genomics-core', 'structural-bio']);
    const ws = rows.filter((x) => x.workspaceId !== undefined).map((x) => `${x.orgName}/${x.workspaceName}`);
    assert.ok(ws.includes('genomics-core/rnaseq'));
    assert.ok(ws.length >= 6);
    assert.ok(!ws.some((w) => w.startsWith('acme-pharma/')));
  });

  it('serves org logos and user avatars without a token (loopback images)', async () => {
    const rows = (await api.get(`/user/${emu.state.mainUserId}/workspaces`)).body.orgsAndWorkspaces as { orgName: string; orgLogoUrl?: string }[];
    const core = rows.find((r) => r.orgName === 'genomics-core')!;
    assert.match(core.orgLogoUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/avatars\/org-\d+\.svg$/);
    assert.equal(rows.find((r) => r.orgName === 'community')!.orgLogoUrl, undefined);
    const logo = await fetch(core.orgLogoUrl!);
    assert.equal(logo.headers.get('content-type'), 'image/svg+xml');
    assert.match(await logo.text(), /<svg/);
    const me = (await api.get('/user-info')).body.user;
    assert.equal((await fetch(me.avatar)).status, 200);
  });

  it('serves a PNG logo as octet-stream (DownloadAvatar) and a test\'s own logo bytes as given', async () => {
    const rows = (await api.get(`/user/${emu.state.mainUserId}/workspaces`)).body.orgsAndWorkspaces as { orgName: string; orgLogoUrl?: string }[];
    const url = rows.find((r) => r.orgName === 'structural-bio')!.orgLogoUrl!;
    assert.match(url, /\/avatars\/org-\d+\.png$/);
    const res = await fetch(url);
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
    const png = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
    assert.equal(png.toString('ascii', 12, 16), 'IHDR');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [64, 64]);
    const idat = png.indexOf('IDAT');
    const pixels = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    assert.equal(pixels.length, 64 * (1 + 64 * 4), 'one filter byte and 64 RGBA pixels per row');
    // (Chromium decoding it in test/integration/orgLogos.test.ts checks the rest, CRCs included.)

    const org = emu.state.org('structural-bio');
    org.logo = { contentType: 'image/png', body: Buffer.from('<!DOCTYPE html><p>Sign in</p>') };
    const lie = await fetch(url);
    assert.equal(lie.headers.get('content-type'), 'image/png');
    assert.equal(await lie.text(), '<!DOCTYPE html><p>Sign in</p>');
    delete org.logo;
  });

  it("403 for another user's workspace list, 400 for a bad id", async () => {
    assert.equal((await api.get(`/user/${emu.state.mainUserId + 1}/workspaces`)).status, 403);
    assert.equal((await api.get('/user/abc/workspaces')).status, 400);
  });

  it('lists organizations with totalSize and filters by role', async () => {
    const r = await api.get('/orgs');
    assert.equal(r.body.totalSize, 3);
    const owners = await api.get('/orgs', { query: { role: 'owner' } });
    assert.deepEqual(owners.body.organizations.map((o: { name: string }) => o.name), ['genomics-core']);
  });

  it('lists an org workspaces; 403 for an org the user is not in; 404 for an unknown org', async () => {
    const core = emu.state.org('genomics-core');
    const r = await api.get(`/orgs/${core.orgId}/workspaces`);
    assert.equal(r.status, 200);
    assert.ok(r.body.workspaces.some((w: { name: string }) => w.name === 'variant-calling'));
    assert.equal((await api.get(`/orgs/${emu.state.org('acme-pharma').orgId}/workspaces`)).status, 403);
    const missing = await api.get('/orgs/42/workspaces');
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, /not found/);
    const ws = emu.state.workspace('genomics-core', 'rnaseq');
    const one = await api.get(`/orgs/${core.orgId}/workspaces/${ws.id}`);
    assert.equal(one.body.workspace.name, 'rnaseq');
    const settings = await api.get(`/orgs/${core.orgId}/workspaces/${ws.id}/settings/studios`);
    assert.equal(settings.body.lifespanHours, 8);
  });

  it("lists the user's tokens without their secrets", async () => {
    const r = await api.get('/tokens');
    assert.ok(r.body.tokens.some((t: { name: string }) => t.name === 'vscode'));
    assert.ok(!r.text.includes(emu.token));
  });

  it('validates user names: 204 free, 409 taken, 400 invalid', async () => {
    assert.equal((await api.get('/users/validate', { query: { name: 'new-person' } })).status, 204);
    assert.equal((await api.get('/users/validate', { query: { name: 'rsanchez' } })).status, 409);
    assert.equal((await api.get('/users/validate', { query: { name: '-bad name' } })).status, 400);
  });

  it('generates random workflow names', async () => {
    const r = await api.get('/workflow/random-name');
    assert.match(r.body.name, /^[a-z]+_[a-z]+$/);
  });

  it('describes a launch; 404 for an unknown one', async () => {
    const r = await api.get('/launch/4nZ7pBo3x9r2LkTqW1sY8a');
    assert.equal(r.status, 200);
    assert.equal(r.body.launch.pipeline, 'https://github.com/nf-core/rnaseq');
    const missing = await api.get('/launch/nope');
    assert.equal(missing.status, 404);
    assert.ok(missing.body.message);
  });

  it('lists compute envs (filter by status, resources attribute) and credentials', async () => {
    const ws = emu.state.workspace('genomics-core', 'rnaseq');
    const all = await api.get('/compute-envs', { query: { workspaceId: ws.id } });
    assert.equal(all.body.computeEnvs.length, 4);
    assert.equal(all.body.computeEnvs[0].resources, null);
    const avail = await api.get('/compute-envs', { query: { workspaceId: ws.id, status: 'AVAILABLE', attributes: 'resources' } });
    assert.equal(avail.body.computeEnvs.length, 3);
    assert.equal(typeof avail.body.computeEnvs[0].resources.cpus, 'number');
    const creds = await api.get('/credentials', { query: { workspaceId: ws.id } });
    assert.ok(creds.body.credentials.some((c: { provider: string }) => c.provider === 'container-reg'));
  });

  it('lists data links with pagination and search; 202 with part of them while the cache fills', async () => {
    const ws = emu.state.workspace('genomics-core', 'variant-calling');
    const r = await api.get('/data-links', { query: { workspaceId: ws.id, max: 2 } });
    assert.equal(r.status, 200);
    assert.equal(r.body.dataLinks.length, 2);
    assert.equal(r.body.totalSize, 4);
    const s = await api.get('/data-links', { query: { workspaceId: ws.id, search: 'region:us-east-1' } });
    assert.equal(s.body.totalSize, 1);
    emu.state.setDataLinksLoading(ws.id, 5000);
    const loading = await api.get('/data-links', { query: { workspaceId: ws.id } });
    assert.equal(loading.status, 202);
    assert.equal(loading.body.totalSize, 2);
    await emu.clock.advance(5000);
    assert.equal((await api.get('/data-links', { query: { workspaceId: ws.id } })).status, 200);
  });

  it('404 with a message for unknown routes, 405 for a wrong method, 400 for a bad workspaceId', async () => {
    const r = await api.get('/nope');
    assert.equal(r.status, 404);
    assert.equal(typeof r.body.message, 'string');
    assert.equal((await api.del('/user-info')).status, 405);
    assert.equal((await api.get('/studios', { query: { workspaceId: 'abc' } })).status, 400);
  });
});
