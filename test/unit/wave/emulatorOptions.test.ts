import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packLayers, MAX_LAYER_GZIP_BYTES } from '../../../src/wave/layers';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS } from '../../../src/wave/request';
import { watchBuild, type WatchEvent } from '../../../src/wave/watch';
import { tempDir, writeTree } from './fixtures';
import { useWaveEmulator } from './waveEmulator';

/** The wave-cli options end to end in Node against the emulator: multi-platform, mirror, layers, scans. */
describe('Wave options against the emulator (unit)', () => {
  const { emu, http, wave, sleep } = useWaveEmulator();
  const dirs: string[] = [];
  const creds = () => ({ towerAccessToken: emu().token, towerEndpoint: emu().platformUrl });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('watches a multi-platform build to its children and the scan of each platform', async () => {
    const request = buildSubmitRequest({ kind: 'dockerfile', containerFile: Buffer.from('FROM ubuntu:22.04\nRUN echo both\n').toString('base64') }, { ...DEFAULT_BUILD_OPTIONS, platform: 'linux/amd64,linux/arm64' }, undefined);
    const submitted = await wave().submit(request);
    const result = await watchBuild(wave(), submitted, { sleep });
    assert.equal(result.status.succeeded, true);
    assert.deepEqual(result.record?.buildChildIds?.map((c) => c.value), ['linux/amd64', 'linux/arm64']);
    assert.deepEqual(result.scans?.map((s) => [s.platform, s.status]), [['linux/amd64', 'SUCCEEDED'], ['linux/arm64', 'SUCCEEDED']]);
    assert.deepEqual(result.scans?.map((s) => s.id), result.record?.scanChildIds?.map((c) => c.id));
  });

  it('watches a mirror to its record and log', async () => {
    const request = buildSubmitRequest({ kind: 'image', containerImage: 'ubuntu:24.04' }, { ...DEFAULT_BUILD_OPTIONS, mirror: true, buildRepository: 'quay.io/lab/mirror' }, creds());
    const submitted = await wave().submit(request);
    assert.equal(submitted.mirror, true);
    const events: WatchEvent[] = [];
    const result = await watchBuild(wave(), submitted, { sleep, onEvent: (e) => events.push(e) });
    assert.equal(result.status.mirrorId, submitted.buildId);
    assert.deepEqual([result.mirror?.status, result.mirror?.targetImage], ['COMPLETED', 'quay.io/lab/mirror/library/ubuntu:24.04']);
    assert.match(result.log ?? '', /Mirrored quay\.io\/lab\/mirror/);
    assert.ok(!events.some((e) => e.type === 'notice'), JSON.stringify(events.filter((e) => e.type === 'notice')));
  });

  it('packs folders as layers the emulator accepts and shows on the augmented image; refuses one over 1 MiB', async () => {
    const dir = tempDir();
    dirs.push(dir);
    writeTree(dir, [['bin/hello', '#!/bin/sh\necho hello\n'], ['.dockerignore', 'notes.txt\n'], ['notes.txt', 'left out\n']]);
    const [packed] = await packLayers([dir]);
    assert.deepEqual(packed.files, ['.dockerignore', 'bin/hello']);
    const request = buildSubmitRequest({ kind: 'image', containerImage: 'ubuntu:24.04' }, { ...DEFAULT_BUILD_OPTIONS, config: { env: ['HELLO=1'] } }, undefined, new Date(), [packed.layer]);
    const submitted = await wave().submit(request);
    const spec = (await http().json({ method: 'POST', url: new URL(`${emu().waveUrl}/v1alpha1/inspect`), json: { containerImage: submitted.targetImage } }, (v) => v as { container: { manifest: { layers: { digest: string }[] }; config: { config: { env: string[] } } } })).container;
    assert.equal(spec.manifest.layers.at(-1)?.digest, packed.layer.gzipDigest);
    assert.ok(spec.config.config.env.includes('HELLO=1'));

    const big = tempDir();
    dirs.push(big);
    fs.writeFileSync(path.join(big, 'random.bin'), randomBytes(MAX_LAYER_GZIP_BYTES + 4096));
    await assert.rejects(packLayers([big]), /The layer .* is larger than 1(\.0)? MiB compressed, Wave's limit for a layer/);

    // each under 1 MiB, eleven of them over 10 MiB in all
    const many = Array.from({ length: 11 }, () => {
      const d = tempDir();
      dirs.push(d);
      fs.writeFileSync(path.join(d, 'part.bin'), randomBytes(MAX_LAYER_GZIP_BYTES - 64 * 1024));
      return d;
    });
    await assert.rejects(packLayers(many), /add up to .* compressed, more than Wave's 10(\.0)? MiB for all layers/);
  });

  it('serves the SBOM and the scan log of a finished scan', async () => {
    const request = buildSubmitRequest({ kind: 'dockerfile', containerFile: Buffer.from('FROM ubuntu:22.04\nRUN echo sbom\n').toString('base64') }, DEFAULT_BUILD_OPTIONS, undefined);
    const submitted = await wave().submit(request);
    const result = await watchBuild(wave(), submitted, { sleep });
    const scanId = result.scan!.id;
    assert.equal(JSON.parse((await wave().scanSpdx(scanId)) ?? '{}').spdxVersion, 'SPDX-2.3');
    assert.match((await wave().scanLog(scanId)) ?? '', /^Total: /m);
  });
});

describe('Wave errors from the emulator, as the client words them (unit)', () => {
  const { emu, wave } = useWaveEmulator();
  const request = () => buildSubmitRequest({ kind: 'dockerfile', containerFile: Buffer.from('FROM alpine:3.20\n').toString('base64') }, DEFAULT_BUILD_OPTIONS, undefined);

  it('a 408 (Wave\'s build timeout) says Wave timed out and that a resubmit reuses the build', async () => {
    emu().faults.add({ server: 'wave', path: '/v1alpha2/container', kind: 'status', status: 408, count: 1 });
    await assert.rejects(wave().submit(request()), /Wave timed out the request \(408\): Request Timeout\. Submit it again/);
  });

  it("a 500 keeps Wave's Error ID in the message, so it can be quoted to Seqera", async () => {
    const bad = { ...request(), nameStrategy: 'fancy' } as unknown as ReturnType<typeof request>;
    await assert.rejects(wave().submit(bad), /\(500\): Cannot deserialize value of type `io\.seqera\.wave\.api\.ImageNameStrategy` .* - Error ID: [0-9a-f]{16}/);
  });
});
