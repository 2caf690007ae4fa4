import * as assert from 'node:assert/strict';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS, describeRequest, optionProblems, requestJson, type BuildSource } from '../../../src/wave/request';

/** The wave-cli 1.8.2 options beyond the basic ones, as request fields. */
const conda: BuildSource = { kind: 'conda', packages: { type: 'CONDA', entries: ['samtools'], channels: ['bioconda'] } };
const cran: BuildSource = { kind: 'cran', packages: { type: 'CRAN', entries: ['dplyr'], channels: [] } };
const image: BuildSource = { kind: 'image', containerImage: 'ubuntu:24.04' };
const creds = { towerAccessToken: 'tok-secret-123456', towerEndpoint: 'https://api.cloud.seqera.io', towerWorkspaceId: 42 };
const NOW = new Date('2026-01-02T03:04:05.000Z');
const layer = { location: 'data:AAAA', gzipDigest: 'sha256:aa', gzipSize: 3, tarDigest: 'sha256:bb' };

describe('Wave submit requests: wave-cli options (unit)', () => {
  it('multi-platform, name strategy, compression, scan levels', () => {
    const r = buildSubmitRequest(conda, { ...DEFAULT_BUILD_OPTIONS, platform: 'linux/amd64,linux/arm64', nameStrategy: 'imageSuffix', compression: 'zstd', scanMode: 'required', scanLevels: ['LOW', 'MEDIUM'] }, creds, NOW);
    assert.equal(r.containerPlatform, 'linux/amd64,linux/arm64');
    assert.equal(r.nameStrategy, 'imageSuffix');
    assert.deepEqual(r.buildCompression, { mode: 'zstd' });
    assert.deepEqual([r.scanMode, r.scanLevels], ['required', ['LOW', 'MEDIUM']]);
  });

  it('conda options go to condaOpts, or pixiOpts with the pixi template; CRAN options to cranOpts', () => {
    const packageOptions = { builderImage: 'mambaorg/micromamba:2-ubuntu', baseImage: 'ubuntu:22.04', basePackages: 'conda-forge::tini', commands: ['RUN echo hi'] };
    const v2 = buildSubmitRequest(conda, { ...DEFAULT_BUILD_OPTIONS, packageOptions }, undefined, NOW);
    assert.deepEqual(v2.packages?.condaOpts, { mambaImage: 'mambaorg/micromamba:2-ubuntu', baseImage: 'ubuntu:22.04', basePackages: 'conda-forge::tini', commands: ['RUN echo hi'] });
    assert.equal(v2.packages?.pixiOpts, undefined);
    const pixi = buildSubmitRequest(conda, { ...DEFAULT_BUILD_OPTIONS, buildTemplate: 'conda/pixi:v1', packageOptions }, undefined, NOW);
    assert.deepEqual(pixi.packages?.pixiOpts, { pixiImage: 'mambaorg/micromamba:2-ubuntu', baseImage: 'ubuntu:22.04', basePackages: 'conda-forge::tini', commands: ['RUN echo hi'] });
    const r = buildSubmitRequest(cran, { ...DEFAULT_BUILD_OPTIONS, buildTemplate: 'cran/installr:v1', packageOptions: { baseImage: 'rocker/r-ver:4.4.2', basePackages: 'libxml2-dev' } }, undefined, NOW);
    assert.deepEqual([r.packages?.type, r.buildTemplate, r.packages?.cranOpts], ['CRAN', 'cran/installr:v1', { rImage: 'rocker/r-ver:4.4.2', basePackages: 'libxml2-dev' }]);
  });

  it('container config, layers and includes; an image augmented without a build', () => {
    const r = buildSubmitRequest(image, { ...DEFAULT_BUILD_OPTIONS, config: { env: ['A=1'], cmd: ['run'], entrypoint: ['/bin/sh', '-c'], workingDir: '/w' }, includes: ['alpine:3.20'] }, creds, NOW, [layer]);
    assert.equal(r.containerImage, 'ubuntu:24.04');
    assert.equal(r.containerFile, undefined);
    assert.deepEqual(r.containerConfig, { entrypoint: ['/bin/sh', '-c'], cmd: ['run'], env: ['A=1'], workingDir: '/w', layers: [layer] });
    assert.deepEqual(r.containerIncludes, ['alpine:3.20']);
  });

  it('a mirror: mirror true with the image and a build repository', () => {
    const r = buildSubmitRequest(image, { ...DEFAULT_BUILD_OPTIONS, mirror: true, buildRepository: 'quay.io/lab/mirror' }, creds, NOW);
    assert.deepEqual([r.mirror, r.containerImage, r.buildRepository, r.freeze], [true, 'ubuntu:24.04', 'quay.io/lab/mirror', false]);
    assert.match(describeRequest(r), /^mirror of ubuntu:24\.04; platform linux\/amd64; build repository quay\.io\/lab\/mirror; signed in/);
  });

  it("refuses what Wave would refuse, with Wave's reason where it has one", () => {
    const p = (source: BuildSource['kind'], o: object, signedIn = true, layers = 0, img?: string) => optionProblems(source, { ...DEFAULT_BUILD_OPTIONS, ...o }, signedIn, layers, img).join(' ');
    assert.match(p('conda', { platform: 'linux/amd64,linux/arm64', format: 'sif', freeze: true }), /Multi-platform builds are not supported for Singularity format/);
    assert.match(p('image', { platform: 'linux/amd64,linux/arm64' }), /Multi-platform builds require either 'containerFile' or 'packages' attribute/);
    assert.match(p('image', { mirror: true }, false), /signed in/);
    assert.match(p('image', { mirror: true }), /needs a build repository/);
    assert.match(p('image', { mirror: true, buildRepository: 'docker.io/lab/m' }, true, 0, 'ubuntu:24.04'), /another registry than the image's: docker\.io\/lab\/m is on docker\.io/);
    assert.match(p('image', { mirror: true, buildRepository: 'quay.io/lab/m', config: { env: ['A=1'] } }), /no container config/);
    assert.match(p('dockerfile', { mirror: true, buildRepository: 'quay.io/lab/m' }), /copies an existing image/);
    assert.match(p('dockerfile', { buildTemplate: 'conda/pixi:v1' }), /only applies to conda packages, not to a Dockerfile/);
    assert.match(p('cran', { buildTemplate: 'conda/pixi:v1' }), /for conda packages, and these are CRAN packages/);
    assert.match(p('dockerfile', { packageOptions: { baseImage: 'ubuntu' } }), /options of packages builds/);
    assert.match(p('image', { config: { env: ['not a var'] } }), /"not a var" is not NAME=value/);
    assert.match(p('image', { includes: Array(11).fill('alpine') }), /at most 10/);
    assert.deepEqual(optionProblems('image', { ...DEFAULT_BUILD_OPTIONS, mirror: true, buildRepository: 'quay.io/lab/m' }, true, 0, 'ubuntu:24.04'), []);
  });

  it('Show Request: the exact JSON with the token redacted', () => {
    const r = buildSubmitRequest(conda, { ...DEFAULT_BUILD_OPTIONS, compression: 'gzip' }, creds, NOW);
    const text = requestJson(r);
    assert.deepEqual(JSON.parse(text), { ...r, towerAccessToken: '<redacted>' });
    assert.ok(!text.includes(creds.towerAccessToken));
    assert.deepEqual(JSON.parse(requestJson(buildSubmitRequest(conda, DEFAULT_BUILD_OPTIONS, undefined, NOW))), buildSubmitRequest(conda, DEFAULT_BUILD_OPTIONS, undefined, NOW));
  });
});
