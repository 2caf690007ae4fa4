import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeqeraError } from '../../../src/net/errors';
import { parseCondaEnvironment } from '../../../src/wave/condaEnv';
import { packBuildContext } from '../../../src/wave/contextPacker';
import { analyseDockerfile } from '../../../src/wave/dockerfile';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS, type BuildSource } from '../../../src/wave/request';
import { watchBuild, type WatchEvent } from '../../../src/wave/watch';
import { tempDir, writeTree } from './fixtures';
import { useWaveEmulator } from './waveEmulator';

/**
 * The Wave pipeline end to end in Node against the emulator's Wave: requests
 * built by request.ts, contexts packed by contextPacker.ts (the emulator
 * checks digests, sizes and the tar itself), watched by watch.ts with the
 * watcher's pauses moving the emulator's clock.
 */
describe('Wave builds against the emulator (unit)', () => {
  const { emu, wave, sleep } = useWaveEmulator();
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  async function dockerSource(files: [string, string][]): Promise<BuildSource> {
    const dir = tempDir();
    dirs.push(dir);
    writeTree(dir, files);
    const analysis = analyseDockerfile(fs.readFileSync(path.join(dir, 'Dockerfile')), 'Dockerfile');
    const packed = analysis.localSources.length ? await packBuildContext(dir) : undefined;
    return { kind: 'dockerfile', containerFile: analysis.containerFile, buildContext: packed?.layer };
  }

  it('builds a conda environment anonymously, with the log once done', async () => {
    const env = parseCondaEnvironment(new TextEncoder().encode('channels: [bioconda]\ndependencies:\n  - bioconda::samtools=1.17\n'), 'environment.yml');
    const request = buildSubmitRequest({ kind: 'conda', packages: env.packages }, DEFAULT_BUILD_OPTIONS, undefined);
    const submitted = await wave().submit(request);
    const events: WatchEvent[] = [];
    const result = await watchBuild(wave(), submitted, { sleep, onEvent: (e) => events.push(e) });
    assert.equal(result.status.succeeded, true);
    assert.match(result.log ?? '', /samtools/);
    assert.ok(events.some((e) => e.type === 'status' && e.status.status === 'BUILDING'));
    const posts = emu().requests.filter((r) => r.server === 'wave' && r.method === 'POST');
    assert.equal(posts.length, 1);
    assert.equal(posts[0].tokenPresent, false);
    const body = posts[0].body as Record<string, unknown>;
    for (const k of ['towerAccessToken', 'towerEndpoint', 'towerWorkspaceId']) assert.ok(!(k in body), k);
  });

  it('builds a Dockerfile with a packed context the emulator accepts, then answers the same context as cached', async () => {
    const source = await dockerSource([
      ['Dockerfile', 'FROM alpine:3.20\nCOPY app.py /app/app.py\nCOPY conf/ /etc/app/\nRUN echo ok\n'],
      ['app.py', 'print(1)\n'],
      ['conf/app.yml', 'mode: prod\n'],
      ['.dockerignore', 'secrets/**\n'],
      ['secrets/key.pem', 'not for wave()\n'],
    ]);
    const creds = { towerAccessToken: emu().token, towerEndpoint: emu().platformUrl, towerWorkspaceId: emu().state.workspace('genomics-core', 'rnaseq').id };
    const first = await wave().submit(buildSubmitRequest(source, DEFAULT_BUILD_OPTIONS, creds));
    assert.equal(first.cached, false);
    const result = await watchBuild(wave(), first, { sleep });
    assert.equal(result.status.succeeded, true, result.status.reason);
    assert.match(result.log ?? '', /COPY app\.py \/app\/app\.py/);
    const post = emu().requests.find((r) => r.server === 'wave' && r.method === 'POST');
    assert.equal(post?.tokenPresent, true);
    assert.equal((post?.body as Record<string, unknown>).towerWorkspaceId, creds.towerWorkspaceId);

    const again = await dockerSource([
      ['app.py', 'print(1)\n'],
      ['secrets/key.pem', 'something else entirely\n'],
      ['conf/app.yml', 'mode: prod\n'],
      ['.dockerignore', 'secrets/**\n'],
      ['Dockerfile', 'FROM alpine:3.20\nCOPY app.py /app/app.py\nCOPY conf/ /etc/app/\nRUN echo ok\n'],
    ]);
    const second = await wave().submit(buildSubmitRequest(again, DEFAULT_BUILD_OPTIONS, creds));
    assert.equal(second.cached, true, 'the same files in another folder, made in another order, hit the cache');
    assert.equal(second.buildId, first.buildId);
  });

  it('reports a failing build with its reason and log', async () => {
    const source = await dockerSource([['Dockerfile', 'FROM alpine:3.20\nRUN exit 3\n']]);
    const submitted = await wave().submit(buildSubmitRequest(source, DEFAULT_BUILD_OPTIONS, undefined));
    const result = await watchBuild(wave(), submitted, { sleep });
    assert.equal(result.status.succeeded, false);
    assert.ok(result.status.reason);
    assert.ok(result.log && result.log.length > 0);
  });

  it('waits out the scan when the scan is required', async () => {
    const source = await dockerSource([['Dockerfile', 'FROM alpine:3.20\nRUN echo scan me\n']]);
    const submitted = await wave().submit(buildSubmitRequest(source, { ...DEFAULT_BUILD_OPTIONS, scanMode: 'required' }, undefined));
    const statuses: string[] = [];
    const result = await watchBuild(wave(), submitted, { sleep, onEvent: (e) => e.type === 'status' && statuses.push(e.status.status) });
    assert.deepEqual(statuses, ['BUILDING', 'SCANNING', 'DONE']);
    assert.ok(result.scan && result.scan.status !== 'PENDING');
  });

  it('turns Wave build quota errors into a message with the anonymous hint', async () => {
    emu().state.setWaveLimits({ buildsPerWindow: 1 });
    const one = await dockerSource([['Dockerfile', 'FROM alpine:3.20\nRUN echo one\n']]);
    const two = await dockerSource([['Dockerfile', 'FROM alpine:3.20\nRUN echo two\n']]);
    await wave().submit(buildSubmitRequest(one, DEFAULT_BUILD_OPTIONS, undefined));
    await assert.rejects(wave().submit(buildSubmitRequest(two, DEFAULT_BUILD_OPTIONS, undefined)), (e: unknown) => {
      assert.ok(e instanceof SeqeraError && e.kind === 'rateLimited');
      assert.match(e.message, /rate limit reached \(429\).*Anonymous builds have a lower quota/);
      return true;
    });
  });
});
