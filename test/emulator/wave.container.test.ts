import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { startEmulator, type Emulator } from './index';
import { b64, MINUTE, wave } from './testkit';

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const p = pack();
  for (const [name, content] of Object.entries(files)) p.entry({ name, mtime: new Date(0), uid: 0, gid: 0 }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const digest = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function contextOf(files: Record<string, string>) {
  const tar = await tarOf(files);
  const gz = gzipSync(tar);
  return { location: 'data:' + gz.toString('base64'), gzipDigest: digest(gz), gzipSize: gz.length, tarDigest: digest(tar) };
}

describe('emulator Wave: container requests and builds (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof wave>;
  let auth: { towerAccessToken: string; towerEndpoint: string };
  beforeEach(async () => {
    emu = await startEmulator();
    api = wave(emu);
    auth = { towerAccessToken: emu.token, towerEndpoint: emu.platformUrl };
  });
  afterEach(() => emu.stop());

  const dockerfile = 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\nCOPY app.py /app/app.py\nENV MODE=prod\n';

  it('serves /service-info', async () => {
    const r = await api.get('/service-info');
    assert.equal(typeof r.body.serviceInfo.version, 'string');
  });

  it('builds a Dockerfile with a build context: BUILDING → DONE, logs 404 until done then each instruction', async () => {
    const buildContext = await contextOf({ 'app.py': 'print(1)\n' });
    const r = await api.post('/v1alpha2/container', { body: { containerFile: b64(dockerfile), buildContext, ...auth } });
    assert.equal(r.status, 200);
    const { requestId, buildId } = r.body;
    assert.match(buildId, /^bd-[0-9a-f]{16}_1$/);
    assert.equal(r.body.cached, false);
    assert.equal(r.body.succeeded, null);
    assert.match(r.body.targetImage, new RegExp(`/wt/${r.body.containerToken}/wave/build:`));
    assert.equal((await api.get(`/v1alpha2/container/${requestId}/status`)).body.status, 'BUILDING');
    assert.equal((await api.get(`/v1alpha1/builds/${buildId}/status`)).body.status, 'PENDING');
    assert.equal((await api.get(`/v1alpha1/builds/${buildId}/logs`)).status, 404);
    await emu.clock.advance(10 * MINUTE);
    const st = (await api.get(`/v1alpha2/container/${requestId}/status`)).body;
    assert.deepEqual([st.status, st.succeeded], ['DONE', true]);
    // scanMode async (the default): the status does not wait for the scan nor carry its summary (ContainerStatusServiceImpl)
    assert.equal(st.vulnerabilities, undefined);
    const bs = (await api.get(`/v1alpha1/builds/${buildId}/status`)).body;
    assert.deepEqual([bs.status, bs.succeeded], ['COMPLETED', true]);
    assert.equal(typeof bs.duration, 'number');
    const logs = await api.get(`/v1alpha1/builds/${buildId}/logs`);
    assert.equal(logs.status, 200);
    for (const line of ['FROM ubuntu:22.04', 'RUN apt-get update && apt-get install -y curl', 'COPY app.py /app/app.py', 'ENV MODE=prod']) assert.ok(logs.text.includes(line), line);
    const rec = (await api.get(`/v1alpha1/builds/${buildId}`)).body;
    assert.equal(rec.dockerFile, dockerfile);
    assert.equal(rec.exitStatus, 0);
    assert.equal(rec.userName, 'jsmith');
    const scan = (await api.get(`/v1alpha1/scans/${r.body.scanId}`)).body;
    assert.equal(scan.status, 'SUCCEEDED');
    assert.ok(Array.isArray(scan.vulnerabilities));
    assert.equal((await api.get(`/v1alpha2/container/${requestId}`)).body.buildId, buildId);
  });

  it('answers the same content with the same image and cached:true, succeeded:true at once (null while a scan is due)', async () => {
    const body = { containerFile: b64(dockerfile.replace(/COPY.*\n/, '')), scanMode: 'none', ...auth };
    const first = (await api.post('/v1alpha2/container', { body })).body;
    await emu.clock.advance(10 * MINUTE);
    const second = (await api.post('/v1alpha2/container', { body })).body;
    assert.equal(second.buildId, first.buildId);
    assert.equal(second.containerImage, first.containerImage);
    assert.deepEqual([second.cached, second.succeeded], [true, true]);
    assert.equal((await api.get(`/v1alpha2/container/${second.requestId}/status`)).body.status, 'DONE');
    // with a scan id the outcome depends on the scan: succeeded null (ContainerHelper.makeResponseV2)
    const scanned = { ...body, containerFile: b64('FROM ubuntu:22.04\nRUN echo scanned\n'), scanMode: 'async' };
    await api.post('/v1alpha2/container', { body: scanned });
    await emu.clock.advance(10 * MINUTE);
    const third = (await api.post('/v1alpha2/container', { body: scanned })).body;
    assert.deepEqual([third.cached, third.succeeded, typeof third.scanId], [true, null, 'string']);
  });

  it('a request for content still building joins that build (cached:false)', async () => {
    const body = { containerFile: b64('FROM alpine:3.20\nRUN echo hi\n') };
    const a = (await api.post('/v1alpha2/container', { body })).body;
    const b = (await api.post('/v1alpha2/container', { body })).body;
    assert.equal(b.buildId, a.buildId);
    assert.deepEqual([b.cached, b.succeeded], [false, null]);
  });

  it('fails a RUN that exits non-zero: succeeded false, reason, detailsUri, logs with the error', async () => {
    const r = (await api.post('/v1alpha2/container', { body: { containerFile: b64('FROM ubuntu:22.04\nRUN echo start && exit 3\n') } })).body;
    await emu.clock.advance(10 * MINUTE);
    const st = (await api.get(`/v1alpha2/container/${r.requestId}/status`)).body;
    assert.deepEqual([st.status, st.succeeded], ['DONE', false]);
    assert.match(st.reason, /did not complete successfully/);
    assert.equal(st.detailsUri, `${emu.waveUrl}/view/builds/${r.buildId}`);
    const logs = (await api.get(`/v1alpha1/builds/${r.buildId}/logs`)).text;
    assert.match(logs, /exit code: 3/);
    assert.equal((await api.get(`/v1alpha1/builds/${r.buildId}`)).body.exitStatus, 3);
    const page = await fetch(st.detailsUri);
    assert.match(await page.text(), /FAILED/);
    // The same content again is rebuilt (a failed build is not a cache hit).
    const again = (await api.post('/v1alpha2/container', { body: { containerFile: b64('FROM ubuntu:22.04\nRUN echo start && exit 3\n') } })).body;
    assert.match(again.buildId, /_2$/);
    assert.equal(again.cached, false);
  });

  it('fails `false` and a COPY of a file missing from the context', async () => {
    const a = (await api.post('/v1alpha2/container', { body: { containerFile: b64('FROM ubuntu:22.04\nRUN false\n') } })).body;
    const b = (await api.post('/v1alpha2/container', { body: { containerFile: b64('FROM ubuntu:22.04\nCOPY missing.txt /x\n') } })).body;
    await emu.clock.advance(10 * MINUTE);
    assert.equal((await api.get(`/v1alpha1/builds/${a.buildId}/status`)).body.succeeded, false);
    assert.equal((await api.get(`/v1alpha1/builds/${b.buildId}/status`)).body.succeeded, false);
    assert.match((await api.get(`/v1alpha1/builds/${b.buildId}/logs`)).text, /missing\.txt.*not found/);
  });

  it('builds conda packages from an environment file: logs list each package; condalock', async () => {
    const env = 'channels:\n  - conda-forge\n  - bioconda\ndependencies:\n  - bioconda::samtools=1.17\n  - bwa\n  - pip:\n    - multiqc==1.21\n';
    const r = (await api.post('/v1alpha2/container', { body: { packages: { type: 'CONDA', environment: b64(env) }, ...auth } })).body;
    // No build repository and no nameStrategy: Wave names like tagPrefix, name-version pairs (pip ones too).
    assert.match(r.targetImage, /\/wave\/build:samtools-1\.17_bwa_multiqc-1\.21--[0-9a-f]{16}$/);
    await emu.clock.advance(10 * MINUTE);
    const logs = (await api.get(`/v1alpha1/builds/${r.buildId}/logs`)).text;
    assert.match(logs, /\+ samtools\s+1\.17/);
    assert.match(logs, /\+ bwa\s+/);
    assert.match(logs, /multiqc-1\.21/);
    const rec = (await api.get(`/v1alpha1/builds/${r.buildId}`)).body;
    assert.equal(rec.condaFile, env);
    assert.match(rec.dockerFile, /micromamba install/);
    assert.match((await api.get(`/v1alpha1/builds/${r.buildId}/condalock`)).text, /samtools-1\.17/);
  });

  it('fails a conda package that does not exist (name contains "doesnotexist")', async () => {
    const r = (await api.post('/v1alpha2/container', { body: { packages: { type: 'CONDA', entries: ['samtools', 'foo-doesnotexist=1.0'], channels: ['bioconda'] } } })).body;
    await emu.clock.advance(10 * MINUTE);
    const st = (await api.get(`/v1alpha2/container/${r.requestId}/status`)).body;
    assert.equal(st.succeeded, false);
    assert.match((await api.get(`/v1alpha1/builds/${r.buildId}/logs`)).text, /foo-doesnotexist .*does not exist/);
  });

  it('with scanMode required reports SCANNING, then DONE with vulnerabilities', async () => {
    const r = (await api.post('/v1alpha2/container', { body: { containerFile: b64('FROM ubuntu:22.04\nRUN echo scan\n'), scanMode: 'required' } })).body;
    const build = emu.state.wave.builds.get(r.buildId)!;
    await emu.clock.advance(build.plan.durationMs);
    assert.equal((await api.get(`/v1alpha2/container/${r.requestId}/status`)).body.status, 'SCANNING');
    await emu.clock.advance(MINUTE);
    const st = (await api.get(`/v1alpha2/container/${r.requestId}/status`)).body;
    assert.equal(st.status, 'DONE');
    assert.equal(typeof st.vulnerabilities, 'object');
  });

  it("validates requests as Wave does", async () => {
    const bad = async (body: unknown, re: RegExp) => {
      const r = await api.post('/v1alpha2/container', { body });
      assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(r.body.message, re);
    };
    await bad({ containerFile: 'not base64!' }, /base64/);
    await bad({ containerFile: b64('FROM x\n'.repeat(2000)) }, /10000/);
    await bad({ containerFile: b64('FROM x'), packages: { type: 'CONDA', entries: ['a'] } }, /conflicts/);
    await bad({ containerImage: 'ubuntu', containerFile: b64('FROM x') }, /cannot be used in the same request/);
    await bad({}, /containerImage|containerFile|packages/);
    await bad({ containerFile: b64('FROM x'), format: 'sif' }, /freeze/);
    await bad({ containerFile: b64('FROM x'), freeze: true, ...auth }, /buildRepository/);
    await bad({ containerFile: b64('FROM x'), freeze: true, buildRepository: 'docker.io/me/img' }, /authenticated/);
    await bad({ containerFile: b64('FROM x'), towerAccessToken: 'bogus', towerEndpoint: emu.platformUrl }, /Missing pairing record for Tower endpoint/);
    await bad({ containerFile: b64('FROM x'), towerAccessToken: emu.token }, /Missing pairing record for Tower endpoint 'https:\/\/api\.cloud\.seqera\.io'/);
    await bad({ containerFile: b64('FROM x'), containerPlatform: 'linux/s390x' }, /platform/);
    await bad({ containerImage: 'quay.io/nobody/doesnotexist:1' }, /does not exist/);
    await bad({ condaFile: b64('dependencies: []') }, /packages/);
    // an unknown enum value fails in Jackson, before Wave's checks: 500 with an Error ID (Wave's ErrorHandlingTest)
    const spack = await api.post('/v1alpha2/container', { body: { packages: { type: 'SPACK', entries: ['x'] } } });
    assert.equal(spack.status, 500);
    assert.match(spack.body.message, /not one of the values accepted for Enum class: \[CONDA, CRAN\] - Error ID: [0-9a-f]{16}$/);
    assert.doesNotMatch(spack.body.message, /SPACK|through reference chain|Source:/);
  });

  it('accepts freeze + sif with a build repository and token, answering an oras:// durable image', async () => {
    const r = await api.post('/v1alpha2/container', { body: { packages: { type: 'CONDA', entries: ['salmon'] }, format: 'sif', freeze: true, buildRepository: 'docker.io/lab/images', ...auth } });
    assert.equal(r.status, 200);
    assert.match(r.body.targetImage, /^oras:\/\/docker\.io\/lab\/images:salmon--/);
    assert.equal(r.body.containerToken, undefined);
    assert.equal(r.body.freeze, true);
  });

  it('checks the build context digests and size against its bytes', async () => {
    const good = await contextOf({ 'app.py': 'x' });
    const send = (buildContext: unknown) => api.post('/v1alpha2/container', { body: { containerFile: b64('FROM alpine:3.20\nCOPY app.py /\n'), buildContext } });
    assert.equal((await send(good)).status, 200);
    const r1 = await send({ ...good, gzipDigest: 'sha256:' + '0'.repeat(64) });
    assert.equal(r1.status, 400);
    assert.match(r1.body.message, /gzipDigest/);
    const r2 = await send({ ...good, gzipSize: good.gzipSize + 1 });
    assert.match(r2.body.message, /gzipSize/);
    const r3 = await send({ ...good, tarDigest: 'sha256:' + '1'.repeat(64) });
    assert.match(r3.body.message, /tarDigest/);
    const r4 = await send({ ...good, location: 'data:application/gzip;base64,' + good.location.slice(5) });
    assert.equal(r4.status, 400);
    const r5 = await send({ ...good, gzipDigest: 'md5:abc' });
    assert.equal(r5.status, 400);
  });

  it('a deterministic context gives the same image; a changed file gives another', async () => {
    const df = b64('FROM alpine:3.20\nCOPY . /src\n');
    const a = (await api.post('/v1alpha2/container', { body: { containerFile: df, buildContext: await contextOf({ 'a.txt': '1' }) } })).body;
    const b = (await api.post('/v1alpha2/container', { body: { containerFile: df, buildContext: await contextOf({ 'a.txt': '1' }) } })).body;
    const c = (await api.post('/v1alpha2/container', { body: { containerFile: df, buildContext: await contextOf({ 'a.txt': '2' }) } })).body;
    assert.equal(a.buildId, b.buildId);
    assert.notEqual(a.buildId, c.buildId);
  });

  it('serves plain image requests at once (no build)', async () => {
    const r = (await api.post('/v1alpha2/container', { body: { containerImage: 'ubuntu:22.04' } })).body;
    assert.equal(r.buildId, undefined);
    assert.equal(r.succeeded, true);
    assert.match(r.targetImage, /\/wt\/[0-9a-f]{12}\/library\/ubuntu:22\.04$/);
    assert.equal((await api.get(`/v1alpha2/container/${r.requestId}/status`)).body.status, 'DONE');
  });

  it('404 for unknown request, build, scan ids', async () => {
    for (const p of ['/v1alpha2/container/nope/status', '/v1alpha1/builds/bd-x_1', '/v1alpha1/builds/bd-x_1/status', '/v1alpha1/builds/bd-x_1/logs', '/v1alpha1/scans/sc-x_1']) {
      const r = await api.get(p);
      assert.equal(r.status, 404, p);
      assert.ok(r.body.message, p);
    }
  });

  it('inspects known images with their config; 404 for images that do not exist', async () => {
    const r = await api.post('/v1alpha1/inspect', { body: { containerImage: 'ubuntu:22.04' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.container.registry, 'docker.io');
    assert.equal(r.body.container.imageName, 'library/ubuntu');
    assert.deepEqual(r.body.container.config.config.cmd, ['/bin/bash']);
    assert.ok(r.body.container.manifest.layers.length >= 1);
    const mm = await api.post('/v1alpha1/inspect', { body: { containerImage: 'mambaorg/micromamba:1.5.10-noble' } });
    assert.deepEqual(mm.body.container.config.config.entrypoint, ['/usr/local/bin/_entrypoint.sh']);
    assert.equal((await api.post('/v1alpha1/inspect', { body: { containerImage: 'ghcr.io/x/doesnotexist:1' } })).status, 404);
    assert.equal((await api.post('/v1alpha1/inspect', { body: {} })).status, 400);
  });

  it('429 past the build quota (cached builds do not count); 503 + Retry-After past the request rate', async () => {
    emu.state.setWaveLimits({ buildsPerWindow: 2, buildWindowMs: 60 * MINUTE });
    const build = (n: number) => api.post('/v1alpha2/container', { body: { containerFile: b64(`FROM alpine:3.20\nRUN echo ${n}\n`), ...auth } });
    assert.equal((await build(1)).status, 200);
    assert.equal((await build(2)).status, 200);
    assert.equal((await build(1)).status, 200);
    const over = await build(3);
    assert.equal(over.status, 429);
    assert.match(over.body.message, /build rate limit/);
    await emu.clock.advance(61 * MINUTE);
    assert.equal((await build(3)).status, 200);

    emu.state.setWaveLimits({ requestsPerWindow: 3, requestWindowMs: MINUTE });
    for (let i = 0; i < 3; i++) assert.equal((await api.get('/service-info')).status, 200);
    const slow = await api.get('/service-info');
    assert.equal(slow.status, 503);
    assert.equal(slow.headers.get('retry-after'), '60');
    assert.match(slow.body.message, /Maximum request rate exceeded/);
    await emu.clock.advance(MINUTE);
    assert.equal((await api.get('/service-info')).status, 200);
  });

  it('limits are off by default', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await api.post('/v1alpha2/container', { body: { containerFile: b64(`FROM alpine\nRUN echo ${i}\n`) } })).status, 200);
  });
});
