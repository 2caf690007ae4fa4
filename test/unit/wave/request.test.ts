import * as assert from 'node:assert/strict';
import { SeqeraError } from '../../../src/net/errors';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS, describeRequest, optionProblems, type BuildSource } from '../../../src/wave/request';

const conda: BuildSource = { kind: 'conda', packages: { type: 'CONDA', entries: ['samtools'], channels: ['bioconda'] } };
const dockerfile: BuildSource = {
  kind: 'dockerfile',
  containerFile: Buffer.from('FROM alpine\n').toString('base64'),
  buildContext: { location: 'data:AAAA', gzipDigest: 'sha256:aa', gzipSize: 3, tarDigest: 'sha256:bb' },
};
const creds = { towerAccessToken: 'tok-secret-123456', towerEndpoint: 'https://api.cloud.seqera.io', towerWorkspaceId: 42 };
const NOW = new Date('2026-01-02T03:04:05.000Z');

describe('Wave submit requests (unit)', () => {
  it('anonymous requests carry no token, endpoint or workspace', () => {
    const r = buildSubmitRequest(conda, DEFAULT_BUILD_OPTIONS, undefined, NOW);
    assert.deepEqual(r, {
      containerPlatform: 'linux/amd64',
      freeze: false,
      mirror: false,
      timestamp: '2026-01-02T03:04:05.000Z',
      packages: conda.kind === 'conda' ? conda.packages : undefined,
    });
    for (const k of ['towerAccessToken', 'towerEndpoint', 'towerWorkspaceId']) assert.ok(!(k in r), k);
  });

  it('signed-in requests carry the token, the endpoint and the active workspace', () => {
    const r = buildSubmitRequest(dockerfile, DEFAULT_BUILD_OPTIONS, creds, NOW);
    assert.equal(r.towerAccessToken, creds.towerAccessToken);
    assert.equal(r.towerEndpoint, creds.towerEndpoint);
    assert.equal(r.towerWorkspaceId, 42);
    assert.equal(r.containerFile, dockerfile.kind === 'dockerfile' ? dockerfile.containerFile : '');
    assert.deepEqual(r.buildContext, dockerfile.kind === 'dockerfile' ? dockerfile.buildContext : undefined);
    assert.equal(r.packages, undefined);
    const personal = buildSubmitRequest(dockerfile, DEFAULT_BUILD_OPTIONS, { ...creds, towerWorkspaceId: undefined }, NOW);
    assert.ok(!('towerWorkspaceId' in personal));
  });

  it('sends every option that is set', () => {
    const r = buildSubmitRequest(
      conda,
      {
        platform: 'linux/arm64',
        format: 'sif',
        freeze: true,
        buildRepository: 'docker.io/me/images',
        cacheRepository: 'docker.io/me/cache',
        buildTemplate: 'conda/pixi:v1',
        scanMode: 'required',
      },
      creds,
      NOW,
    );
    assert.equal(r.containerPlatform, 'linux/arm64');
    assert.equal(r.format, 'sif');
    assert.equal(r.freeze, true);
    assert.equal(r.buildRepository, 'docker.io/me/images');
    assert.equal(r.cacheRepository, 'docker.io/me/cache');
    assert.equal(r.buildTemplate, 'conda/pixi:v1');
    assert.equal(r.scanMode, 'required');
  });

  it('refuses option combinations Wave would reject, before sending', () => {
    assert.match(optionProblems('conda', { ...DEFAULT_BUILD_OPTIONS, format: 'sif' }, true).join(), /Singularity image needs freeze/);
    assert.match(optionProblems('conda', { ...DEFAULT_BUILD_OPTIONS, freeze: true }, false).join(), /Freeze .* signed in/);
    assert.match(optionProblems('conda', { ...DEFAULT_BUILD_OPTIONS, buildRepository: 'docker.io/me/x' }, false).join(), /build repository needs you to be signed in/);
    assert.match(optionProblems('conda', { ...DEFAULT_BUILD_OPTIONS, cacheRepository: 'Not A Repo' }, true).join(), /cache repository "Not A Repo" is not a repository/);
    assert.match(optionProblems('dockerfile', { ...DEFAULT_BUILD_OPTIONS, buildTemplate: 'conda/pixi:v1' }, true).join(), /only applies to conda/);
    assert.deepEqual(optionProblems('conda', { ...DEFAULT_BUILD_OPTIONS, freeze: true, buildRepository: 'quay.io/org/images' }, true), []);
    assert.throws(
      () => buildSubmitRequest(conda, { ...DEFAULT_BUILD_OPTIONS, format: 'sif' }, creds),
      (e: unknown) => e instanceof SeqeraError && e.kind === 'input',
    );
  });

  it('describes a request for the log without the token', () => {
    const line = describeRequest(buildSubmitRequest(dockerfile, { ...DEFAULT_BUILD_OPTIONS, freeze: true }, creds, NOW));
    assert.ok(!line.includes(creds.towerAccessToken));
    assert.match(line, /Dockerfile \(12 bytes\); context 3 bytes gzip, sha256:bb; platform linux\/amd64; freeze; signed in \(https:\/\/api\.cloud\.seqera\.io, workspace 42\)/);
    assert.match(describeRequest(buildSubmitRequest(conda, DEFAULT_BUILD_OPTIONS, undefined, NOW)), /conda packages samtools; channels bioconda; .*anonymous$/);
  });
});
