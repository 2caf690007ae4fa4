import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { startEmulator, type Emulator } from './index';
import { b64, MINUTE, wave } from './testkit';

/** The Wave behaviours wave-cli 1.8.2 reaches, each as Wave's sources have it (see the comments in test/emulator/wave/*). */
async function layerOf(files: Record<string, string>) {
  const p = pack();
  for (const [name, content] of Object.entries(files)) p.entry({ name, mtime: new Date(0), uid: 0, gid: 0 }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  const tar = Buffer.concat(chunks);
  const gz = gzipSync(tar);
  const d = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');
  return { location: 'data:' + gz.toString('base64'), gzipDigest: d(gz), gzipSize: gz.length, tarDigest: d(tar) };
}

describe('emulator Wave: multi-platform, templates, mirrors, scans, views, errors (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof wave>;
  let auth: { towerAccessToken: string; towerEndpoint: string };
  beforeEach(async () => {
    emu = await startEmulator();
    api = wave(emu);
    auth = { towerAccessToken: emu.token, towerEndpoint: emu.platformUrl };
  });
  afterEach(() => emu.stop());

  const submit = (body: Record<string, unknown>) => api.post('/v1alpha2/container', { body });

  describe('multi-platform', () => {
    it('builds one child per platform under a parent bd-…_0 with buildChildIds and scanChildIds; done when both are', async () => {
      const r = await submit({ containerFile: b64('FROM ubuntu:22.04\nRUN echo multi\n'), containerPlatform: 'linux/amd64,linux/arm64', scanMode: 'required', ...auth });
      assert.equal(r.status, 200);
      assert.match(r.body.buildId, /^bd-[0-9a-f]{16}_0$/);
      const rec = (await api.get(`/v1alpha1/builds/${r.body.buildId}`)).body;
      assert.equal(rec.platform, 'linux/amd64,linux/arm64');
      assert.deepEqual(rec.buildChildIds.refs.map((x: { value: string }) => x.value), ['linux/amd64', 'linux/arm64']);
      assert.deepEqual(rec.scanChildIds.refs.map((x: { value: string }) => x.value), ['linux/amd64', 'linux/arm64']);
      const children = await Promise.all(rec.buildChildIds.refs.map((x: { id: string }) => api.get(`/v1alpha1/builds/${x.id}`)));
      assert.deepEqual(children.map((c) => c.body.platform), ['linux/amd64', 'linux/arm64']);
      assert.notEqual(children[0].body.targetImage, children[1].body.targetImage);
      assert.equal((await api.get(`/v1alpha2/container/${r.body.requestId}/status`)).body.status, 'BUILDING');
      await emu.clock.advance(10 * MINUTE);
      assert.equal((await api.get(`/v1alpha1/builds/${r.body.buildId}/status`)).body.status, 'COMPLETED');
      assert.equal((await api.get(`/v1alpha1/builds/${r.body.buildId}/logs`)).text, 'Multi-platform build completed\n');
      assert.match((await api.get(`/v1alpha1/builds/${rec.buildChildIds.refs[1].id}/logs`)).text, /platform linux\/arm64/);
      // the scan is fanned out to the children; the parent's own scan id gets no record
      assert.equal((await api.get(`/v1alpha1/scans/${r.body.scanId}`)).status, 404);
      const scan = (await api.get(`/v1alpha1/scans/${rec.scanChildIds.refs[1].id}`)).body;
      assert.deepEqual([scan.status, scan.platform, scan.buildId], ['SUCCEEDED', 'linux/arm64', r.body.buildId]);
      const st = (await api.get(`/v1alpha2/container/${r.body.requestId}/status`)).body;
      assert.equal(st.status, 'DONE');
      assert.equal(typeof st.vulnerabilities, 'object');
    });

    it('is a parent still SCANNING while a child scan runs (scanMode required)', async () => {
      const r = (await submit({ containerFile: b64('FROM ubuntu:22.04\nRUN echo scan-multi\n'), containerPlatform: 'linux/amd64,linux/arm64', scanMode: 'required' })).body;
      const parent = emu.state.wave.builds.get(r.buildId)!;
      await emu.clock.advance(parent.plan.durationMs);
      assert.equal((await api.get(`/v1alpha2/container/${r.requestId}/status`)).body.status, 'SCANNING');
      const child = (await api.get(`/v1alpha1/scans/${parent.scanChildIds![0].id}`)).body;
      assert.deepEqual([child.status, child.duration, child.vulnerabilities], ['PENDING', undefined, []]);
    });

    it("refuses Wave's other combinations: Singularity, an image, another pair", async () => {
      const bad = async (body: Record<string, unknown>, message: string) => {
        const r = await submit(body);
        assert.equal(r.status, 400);
        assert.equal(r.body.message, message);
      };
      await bad({ containerFile: b64('FROM x'), containerPlatform: 'linux/amd64,linux/arm64', format: 'sif', freeze: true, buildRepository: 'docker.io/lab/img', ...auth }, 'Multi-platform builds are not supported for Singularity format');
      await bad({ containerImage: 'ubuntu:24.04', containerPlatform: 'linux/amd64,linux/arm64' }, "Multi-platform builds require either 'containerFile' or 'packages' attribute");
      await bad({ containerFile: b64('FROM x'), containerPlatform: 'linux/arm64,linux/arm64/v8,linux/amd64' }, 'Only linux/amd64,linux/arm64 multi-platform combination is currently supported');
    });

    it('inspects a multi-platform image as an index, one platform with ?platform= (each its own digest)', async () => {
      const index = (await api.post('/v1alpha1/inspect', { body: { containerImage: 'debian:12' } })).body;
      assert.deepEqual(index.index.manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture), ['amd64', 'arm64']);
      const arm = (await api.post('/v1alpha1/inspect', { body: { containerImage: 'debian:12' }, query: { platform: 'linux/arm64' } })).body;
      const amd = (await api.post('/v1alpha1/inspect', { body: { containerImage: 'debian:12' }, query: { platform: 'linux/amd64' } })).body;
      assert.equal(arm.container.config.architecture, 'arm64');
      assert.notEqual(arm.container.digest, amd.container.digest);
      const multi = await api.post('/v1alpha1/inspect', { body: { containerImage: 'debian:12' }, query: { platform: 'linux/amd64,linux/arm64' } });
      assert.deepEqual([multi.status, multi.body.message], [400, 'Container multi-platform architecture not allowed - offending value: linux/amd64,linux/arm64']);
      const built = (await submit({ containerFile: b64('FROM alpine:3.20\n'), containerPlatform: 'linux/amd64,linux/arm64', freeze: true, buildRepository: 'quay.io/lab/multi', ...auth })).body;
      assert.ok((await api.post('/v1alpha1/inspect', { body: { containerImage: built.targetImage } })).body.index);
    });
  });

  describe('Singularity and scans', () => {
    it('gives a sif build no scan (ContainerScanServiceImpl ignores format sif), a docker build one', async () => {
      const sif = (await submit({ containerFile: b64('BootStrap: docker\nFrom: ubuntu:24.04\n'), format: 'sif', freeze: true, buildRepository: 'docker.io/lab/img', ...auth })).body;
      assert.equal(sif.scanId, undefined);
      assert.equal(sif.succeeded, null);
      const docker = (await submit({ containerFile: b64('FROM ubuntu:24.04\n'), freeze: true, buildRepository: 'docker.io/lab/img', ...auth })).body;
      assert.match(docker.scanId, /^sc-[0-9a-f]{16}_1$/);
    });

    it('serves a scan record while the scan runs, then its SPDX SBOM and log as attachments', async () => {
      const r = (await submit({ containerFile: b64('FROM ubuntu:22.04\nRUN echo sbom\n') })).body;
      const b = emu.state.wave.builds.get(r.buildId)!;
      assert.equal((await api.get(`/v1alpha1/scans/${r.scanId}`)).status, 404);
      await emu.clock.advance(b.plan.durationMs);
      const running = (await api.get(`/v1alpha1/scans/${r.scanId}`)).body;
      assert.deepEqual([running.status, running.duration, running.logs], ['PENDING', undefined, undefined]);
      assert.equal((await api.get(`/v1alpha1/scans/${r.scanId}/spdx`)).status, 404);
      assert.equal((await api.get(`/v1alpha1/scans/${r.scanId}/logs`)).status, 404);
      await emu.clock.advance(MINUTE);
      const spdx = await api.get(`/v1alpha1/scans/${r.scanId}/spdx`);
      assert.equal(spdx.status, 200);
      assert.equal(spdx.headers.get('content-disposition'), `attachment; filename="spdx-${r.scanId}.json"`);
      assert.equal(JSON.parse(spdx.text).spdxVersion, 'SPDX-2.3');
      const log = await api.get(`/v1alpha1/scans/${r.scanId}/logs`);
      assert.equal(log.headers.get('content-disposition'), `attachment; filename=${r.scanId}.log`);
      assert.match(log.text, /^Total: \d+ \(UNKNOWN: 0, LOW: \d+/m);
      const unknown = await api.get('/v1alpha1/scans/sc-0000000000000000_1/logs');
      assert.equal(unknown.status, 500);
      assert.match(unknown.body.message, / - Error ID: [0-9a-f]{16}$/);
    });

    it('fails a required scan with a severity outside scanLevels, with Wave\'s reason', async () => {
      const r = (await submit({ containerFile: b64('FROM ubuntu:22.04\nRUN echo levels\n'), scanMode: 'required', scanLevels: [] })).body;
      await emu.clock.advance(15 * MINUTE);
      const st = (await api.get(`/v1alpha2/container/${r.requestId}/status`)).body;
      const found = Object.keys(st.vulnerabilities);
      assert.ok(found.length > 0);
      assert.equal(st.succeeded, false);
      assert.equal(st.reason, `Container security scan operation found one or more vulnerabilities with severity: ${found.join(',')}`);
      assert.equal(st.detailsUri, `${emu.waveUrl}/view/scans/${r.scanId}`);
    });
  });

  describe('packages and templates', () => {
    it('names a CRAN image without a package prefix and installs with install2.r on the R image', async () => {
      const r = (await submit({ packages: { type: 'CRAN', entries: ['dplyr', 'ggplot2'], cranOpts: { rImage: 'rocker/r-ver:4.4.2' } }, ...auth })).body;
      assert.match(r.targetImage, /\/wave\/build:[0-9a-f]{16}$/);
      const rec = (await api.get(`/v1alpha1/builds/${r.buildId}`)).body;
      assert.match(rec.dockerFile, /^FROM rocker\/r-ver:4\.4\.2\n/);
      assert.match(rec.dockerFile, /install2\.r dplyr ggplot2/);
      assert.equal(rec.buildTemplate, 'cran/installr:v1');
    });

    it('honours the pixi template and its options in the generated Dockerfile and log', async () => {
      const r = (await submit({
        packages: { type: 'CONDA', entries: ['bioconda::samtools=1.21'], channels: ['conda-forge', 'bioconda'], pixiOpts: { baseImage: 'debian:12-slim', basePackages: 'conda-forge::coreutils', commands: ['RUN echo done'] } },
        buildTemplate: 'conda/pixi:v1',
      })).body;
      const rec = (await api.get(`/v1alpha1/builds/${r.buildId}`)).body;
      assert.equal(rec.buildTemplate, 'conda/pixi:v1');
      assert.match(rec.dockerFile, /^FROM public\.cr\.seqera\.io\/wave\/pixi:0\.61\.0-noble AS build\n/);
      assert.match(rec.dockerFile, /pixi init --import \/opt\/wave\/conda\.yml/);
      assert.match(rec.dockerFile, /&& pixi add conda-forge::coreutils \\/);
      assert.match(rec.dockerFile, /\nFROM debian:12-slim AS final\n/);
      assert.match(rec.dockerFile, /RUN echo done\n$/);
      assert.doesNotMatch(rec.dockerFile, /micromamba/);
      await emu.clock.advance(10 * MINUTE);
      assert.match((await api.get(`/v1alpha1/builds/${r.buildId}/logs`)).text, /pixi init --import/);
    });

    it('applies condaOpts: base image, base packages and run commands (micromamba v2)', async () => {
      const r = (await submit({ packages: { type: 'CONDA', entries: ['numpy'], condaOpts: { baseImage: 'ubuntu:22.04', basePackages: 'conda-forge::tini', commands: ['RUN echo hi'] } } })).body;
      const rec = (await api.get(`/v1alpha1/builds/${r.buildId}`)).body;
      assert.match(rec.dockerFile, /micromamba install -y -n base conda-forge::tini/);
      assert.match(rec.dockerFile, /\nFROM ubuntu:22\.04 AS prod\n/);
      assert.match(rec.dockerFile, /RUN echo hi\n$/);
    });

    it("refuses an unknown template with Wave's 400 and an unknown enum (nameStrategy, compression, scanMode) with a 500 and an Error ID", async () => {
      const t = await submit({ packages: { type: 'CONDA', entries: ['x'] }, buildTemplate: 'conda/pixi:v9' });
      assert.deepEqual([t.status, t.body.message], [400, "Unexpected or missing package type 'CONDA' or build template 'conda/pixi:v9'"]);
      const lock = await submit({ packages: { type: 'CONDA', entries: ['https://example.org/env.lock'] }, buildTemplate: 'conda/pixi:v1' });
      assert.deepEqual([lock.status, lock.body.message], [400, "Conda lock file is not supported by 'conda/pixi:v1' template"]);
      for (const [body, type] of [
        [{ nameStrategy: 'fancy' }, 'ImageNameStrategy'],
        [{ buildCompression: { mode: 'lz4' } }, 'BuildCompression$Mode'],
        [{ scanMode: 'sometimes' }, 'ScanMode'],
      ] as const) {
        const r = await submit({ packages: { type: 'CONDA', entries: ['x'] }, ...body });
        assert.equal(r.status, 500, type);
        assert.ok(r.body.message.startsWith(`Cannot deserialize value of type \`io.seqera.wave.api.${type}\` not one of the values accepted`), r.body.message);
        assert.match(r.body.message, / - Error ID: [0-9a-f]{16}$/);
      }
    });

    it('records the build compression', async () => {
      for (const mode of ['gzip', 'zstd', 'estargz']) {
        const r = (await submit({ containerFile: b64(`FROM alpine:3.20\nRUN echo ${mode}\n`), buildCompression: { mode, level: 3 } })).body;
        assert.deepEqual((await api.get(`/v1alpha1/builds/${r.buildId}`)).body.compression, { mode, level: 3 });
      }
    });
  });

  describe('images: freeze, augment, includes', () => {
    it('freezes an existing image into a build of a generated file FROM it with the config', async () => {
      const layer = await layerOf({ 'opt/tool.sh': 'echo tool\n' });
      const r = await submit({
        containerImage: 'mambaorg/micromamba:1.5.10-noble', freeze: true, buildRepository: 'docker.io/lab/frozen',
        containerConfig: { env: ['MODE=prod'], cmd: ['run'], workingDir: '/work', layers: [layer] }, ...auth,
      });
      assert.equal(r.status, 200);
      assert.match(r.body.targetImage, /^docker\.io\/lab\/frozen:[0-9a-f]{16}$/);
      assert.equal(r.body.containerToken, undefined);
      const rec = (await api.get(`/v1alpha1/builds/${r.body.buildId}`)).body;
      assert.ok(rec.dockerFile.startsWith('# wave generated container file\nFROM mambaorg/micromamba:1.5.10-noble\nENV WAVE_ENTRY_CHAIN="/usr/local/bin/_entrypoint.sh"\n'), rec.dockerFile);
      assert.match(rec.dockerFile, /\nADD layer-[0-9a-f]{12}\.tar\.gz \/\nWORKDIR \/work\nENV MODE=prod\nCMD \["run"\]\n$/);
      const none = await submit({ containerImage: 'ubuntu:24.04', freeze: true, ...auth });
      assert.deepEqual([none.status, none.body.message], [400, 'Attribute `buildRepository` must be specified when using freeze mode [2]']);
    });

    it('augments an image with config and layers without a build; inspect shows them', async () => {
      const layer = await layerOf({ 'bin/hello': '#!/bin/sh\necho hello\n' });
      const r = (await submit({ containerImage: 'ubuntu:24.04', containerConfig: { env: ['FOO=bar'], entrypoint: ['/bin/hello'], layers: [layer] }, ...auth })).body;
      assert.equal(r.buildId, undefined);
      assert.equal(r.succeeded, true);
      const rec = (await api.get(`/v1alpha2/container/${r.requestId}`)).body;
      assert.deepEqual(rec.containerConfig.env, ['FOO=bar']);
      const spec = (await api.post('/v1alpha1/inspect', { body: { containerImage: r.targetImage } })).body.container;
      assert.ok(spec.config.config.env.includes('FOO=bar'));
      assert.deepEqual(spec.config.config.entrypoint, ['/bin/hello']);
      assert.equal(spec.manifest.layers.at(-1).digest, layer.gzipDigest);
      assert.equal(spec.config.rootfs.diff_ids.at(-1), layer.tarDigest);
    });

    it('adds the layers of containerIncludes images to the config (docker:// locations), at most 10', async () => {
      const r = (await submit({ containerImage: 'ubuntu:24.04', containerIncludes: ['python:3.12-slim'], ...auth })).body;
      const layers = (await api.get(`/v1alpha2/container/${r.requestId}`)).body.containerConfig.layers;
      assert.equal(layers.length, 4);
      assert.match(layers[0].location, /^docker:\/\/docker\.io\/v2\/library\/python\/blobs\/sha256:[0-9a-f]{64}$/);
      const many = await submit({ containerImage: 'ubuntu:24.04', containerIncludes: Array(11).fill('alpine:3.20') });
      assert.deepEqual([many.status, many.body.message], [400, 'The number of container inclusions cannot be greater than 10']);
    });
  });

  describe('mirrors', () => {
    it('mirrors an image: mr- id, BUILDING with mirrorId, the record and its log once done, then cached', async () => {
      const r = (await submit({ containerImage: 'ubuntu:24.04', mirror: true, buildRepository: 'quay.io/lab/mirror', ...auth })).body;
      assert.match(r.buildId, /^mr-[0-9a-f]{16}$/);
      assert.deepEqual([r.mirror, r.cached, r.targetImage, r.containerToken], [true, false, 'quay.io/lab/mirror/library/ubuntu:24.04', undefined]);
      const st = (await api.get(`/v1alpha2/container/${r.requestId}/status`)).body;
      assert.deepEqual([st.status, st.mirrorId, st.buildId], ['BUILDING', r.buildId, undefined]);
      assert.equal((await api.get(`/v1alpha1/mirrors/${r.buildId}`)).body.status, 'PENDING');
      assert.equal((await api.get(`/v1alpha1/mirrors/${r.buildId}/logs`)).status, 404);
      await emu.clock.advance(MINUTE);
      const m = (await api.get(`/v1alpha1/mirrors/${r.buildId}`)).body;
      assert.deepEqual([m.status, m.exitCode, m.sourceImage, m.targetImage], ['COMPLETED', 0, 'ubuntu:24.04', 'quay.io/lab/mirror/library/ubuntu:24.04']);
      const log = await api.get(`/v1alpha1/mirrors/${r.buildId}/logs`);
      assert.equal(log.headers.get('content-disposition'), `attachment; filename=${r.buildId}.log`);
      assert.match(log.text, /Mirrored quay\.io\/lab\/mirror\/library\/ubuntu:24\.04@sha256:/);
      assert.equal((await api.get(`/v1alpha2/container/${r.requestId}/status`)).body.status, 'DONE');
      const again = (await submit({ containerImage: 'ubuntu:24.04', mirror: true, buildRepository: 'quay.io/lab/mirror', ...auth })).body;
      assert.deepEqual([again.buildId, again.cached], [r.buildId, true]);
      assert.match((await api.get(`/view/mirrors/${r.buildId}`)).text, /Container mirror SUCCEEDED/);
    });

    it("refuses mirrors as Wave does", async () => {
      const bad = async (body: Record<string, unknown>, message: string) => {
        const r = await submit(body);
        assert.deepEqual([r.status, r.body.message], [400, message]);
      };
      await bad({ containerImage: 'ubuntu:24.04', mirror: true, buildRepository: 'quay.io/lab/m' }, 'Container mirroring requires an authenticated request - specify the tower token attribute');
      await bad({ containerImage: 'ubuntu:24.04', mirror: true, ...auth }, 'Attribute `buildRepository` is required when specifying `mirror` mode');
      await bad({ containerImage: 'ubuntu:24.04', mirror: true, buildRepository: 'docker.io/lab/m', ...auth }, "Source and target mirror registry are the same - offending value 'docker.io/lab/m'");
      await bad({ containerImage: 'ubuntu:24.04', mirror: true, freeze: true, buildRepository: 'quay.io/lab/m', ...auth }, 'Attribute `mirror` and `freeze` conflict each other');
      await bad({ mirror: true, containerFile: b64('FROM x'), ...auth }, 'Attribute `containerImage` is required when specifying `mirror` mode');
      const v1 = await api.post('/container-token', { body: { containerImage: 'ubuntu:24.04', mirror: true, buildRepository: 'quay.io/lab/m', ...auth } });
      assert.deepEqual([v1.status, v1.body.message], [400, 'Container mirroring requires the use of v2 API']);
    });
  });

  describe('other routes', () => {
    it('serves the deprecated POST /container-token with the v1 answer, refusing v2-only attributes', async () => {
      const r = await api.post('/container-token', { body: { containerFile: b64('FROM alpine:3.20\nRUN echo v1\n') } });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body).sort(), ['buildId', 'containerImage', 'containerToken', 'expiration', 'requestId', 'targetImage']);
      const p = await api.post('/container-token', { body: { packages: { type: 'CONDA', entries: ['x'] } } });
      assert.deepEqual([p.status, p.body.message], [400, 'Attribute `packages` is not allowed']);
      const n = await api.post('/container-token', { body: { containerFile: b64('FROM x'), nameStrategy: 'none' } });
      assert.deepEqual([n.status, n.body.message], [400, 'Attribute `nameStrategy` is not allowed by legacy container endpoint']);
    });

    it('validates registry credentials (true/false); a blank field is a 500 with an Error ID', async () => {
      const check = (body: unknown) => api.post('/v1alpha2/validate-creds', { body });
      assert.equal((await check({ userName: 'me', password: 'good', registry: 'quay.io' })).body, true);
      assert.equal((await check({ userName: 'me', password: 'wrong-one', registry: 'quay.io' })).body, false);
      const blank = await check({ userName: 'me', password: '', registry: 'quay.io' });
      assert.equal(blank.status, 500);
      assert.match(blank.body.message, /^validateCredsV2\.request\.password: must not be blank - Error ID: [0-9a-f]{16}$/);
    });

    it('serves /view/containers, /view/inspect and build ids without their _N suffix', async () => {
      const r = (await submit({ containerImage: 'ubuntu:24.04', containerConfig: { env: ['X=1'] }, ...auth })).body;
      const page = await api.get(`/view/containers/${r.requestId}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /X=1/);
      assert.equal((await api.get('/view/containers/ffffffffffff')).status, 404);
      assert.match((await api.get('/view/inspect', { query: { image: 'debian:12', platform: 'linux/arm64' } })).text, /&quot;architecture&quot;: &quot;arm64&quot;/);
      const body = { containerFile: b64('FROM alpine:3.20\nRUN exit 3\n') };
      const first = (await submit(body)).body;
      const prefix = first.buildId.replace(/_1$/, '');
      const one = await fetch(`${emu.waveUrl}/view/builds/${prefix}`, { redirect: 'manual' });
      assert.deepEqual([one.status, one.headers.get('location')], [307, `/view/builds/${first.buildId}`]);
      await emu.clock.advance(10 * MINUTE);
      const second = (await submit(body)).body;
      assert.equal(second.buildId, `${prefix}_2`);
      const list = await api.get(`/view/builds/${prefix}`);
      assert.ok(list.text.includes(first.buildId) && list.text.includes(second.buildId));
      const dash = await fetch(`${emu.waveUrl}/view/builds/${prefix}-2`, { redirect: 'manual' });
      assert.deepEqual([dash.status, dash.headers.get('location')], [301, `/view/builds/${prefix}_2`]);
    });

    it("fails a build that outlasts Wave's 15-minute build timeout with Wave's message", async () => {
      const r = (await submit({ containerFile: b64('FROM alpine:3.20\nRUN sleep 1200\n') })).body;
      await emu.clock.advance(15 * MINUTE);
      const st = (await api.get(`/v1alpha2/container/${r.requestId}/status`)).body;
      assert.deepEqual([st.status, st.succeeded], ['DONE', false]);
      assert.match((await api.get(`/v1alpha1/builds/${r.buildId}/logs`)).text, /Container image build timed out '.*'\n$/);
    });

    it('answers with Micronaut-style bodies: no route, wrong method, a 404 record, malformed JSON', async () => {
      const none = await api.get('/v1alpha9/nothing');
      assert.deepEqual(none.body, { message: 'Not Found', _links: { self: { href: '/v1alpha9/nothing', templated: false } }, _embedded: { errors: [{ message: 'Page Not Found' }] } });
      const method = await api.get('/v1alpha2/container');
      assert.equal(method.status, 405);
      assert.equal(method.body._embedded.errors[0].message, 'Method [GET] not allowed for URI [/v1alpha2/container]');
      const missing = await api.get('/v1alpha1/builds/bd-0000000000000000_1');
      assert.deepEqual([missing.status, missing.body], [404, { message: 'Not Found', _links: { self: { href: '/v1alpha1/builds/bd-0000000000000000_1', templated: false } } }]);
      const broken = await fetch(`${emu.waveUrl}/v1alpha2/container`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"packages": {"type": }' });
      assert.equal(broken.status, 500);
      assert.match(((await broken.json()) as { message: string }).message, / - Error ID: [0-9a-f]{16}$/);
    });
  });
});
