import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpClient } from '../../src/net/http';
import { undiciTransport } from '../../src/net/undiciTransport';
import { WaveClient } from '../../src/wave/client';
import { parseCondaEnvironment } from '../../src/wave/condaEnv';
import { packBuildContext } from '../../src/wave/contextPacker';
import { analyseDockerfile, contextPath, missingSources } from '../../src/wave/dockerfile';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS } from '../../src/wave/request';
import { watchBuild } from '../../src/wave/watch';
import { SAMPLE_FILES, writeSampleWorkspace } from '../../scripts/demo/sampleWorkspace';
import { startEmulator, type Emulator } from '../emulator';

/**
 * The folder `npm run demo` opens must give a first-time user two builds that
 * work: its environment.yml and its Dockerfile (with build context and
 * .dockerignore) go through the extension's own checks, packing and requests
 * to the emulator's Wave and succeed.
 */
describe('demo workspace (unit)', () => {
  let dir: string;
  let emu: Emulator;
  let http: HttpClient;
  let wave: WaveClient;
  let credentials: { towerAccessToken: string; towerEndpoint: string; towerWorkspaceId: number };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-demo-ws-'));
    writeSampleWorkspace(dir);
    emu = await startEmulator();
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    wave = new WaveClient(emu.waveUrl, http);
    credentials = { towerAccessToken: emu.token, towerEndpoint: emu.platformUrl, towerWorkspaceId: emu.state.workspace('genomics-core', 'rnaseq').id };
  });
  after(async () => {
    await http.close();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sleep = (ms: number): Promise<void> => emu.clock.advance(ms);

  it('builds its environment.yml', async () => {
    const env = parseCondaEnvironment(fs.readFileSync(path.join(dir, 'environment.yml')), 'environment.yml');
    const submitted = await wave.submit(buildSubmitRequest({ kind: 'conda', packages: env.packages }, DEFAULT_BUILD_OPTIONS, credentials));
    const result = await watchBuild(wave, submitted, { sleep });
    assert.equal(result.status.succeeded, true, result.status.reason);
    for (const pkg of ['fastqc', 'multiqc', 'samtools']) assert.match(result.log ?? '', new RegExp(pkg));
  });

  it('builds its Dockerfile with scripts/ as the context and results/ left out by .dockerignore', async () => {
    const analysis = analyseDockerfile(fs.readFileSync(path.join(dir, 'Dockerfile')), 'Dockerfile');
    assert.ok(analysis.localSources.length > 0, 'the Dockerfile copies local files, so a context is sent');
    const packed = await packBuildContext(dir);
    assert.deepEqual(missingSources(analysis.localSources, new Set(packed.files)), [], 'every COPY source is in the context');
    assert.ok(packed.files.includes(contextPath('scripts/run-qc.sh')));
    assert.deepEqual(packed.files.filter((f) => f.startsWith('results/')), [], '.dockerignore keeps results/ out');
    assert.deepEqual(packed.hints, [], 'no .dockerignore line written for Docker rather than Wave');
    const source = { kind: 'dockerfile' as const, containerFile: analysis.containerFile, buildContext: packed.layer };
    const result = await watchBuild(wave, await wave.submit(buildSubmitRequest(source, DEFAULT_BUILD_OPTIONS, credentials)), { sleep });
    assert.equal(result.status.succeeded, true, result.status.reason);
    assert.match(result.log ?? '', /COPY scripts\/ \/opt\/qc\//);
  });

  it('#17.10 DEMO.md names output channels the extension really creates', () => {
    const demo = SAMPLE_FILES['DEMO.md'];
    const named = [...demo.matchAll(/\*([^*]+)\* output channel/g)].map((m) => m[1]);
    assert.ok(named.length > 0, 'DEMO.md names the build log channel');
    const extension = fs.readFileSync(path.join(__dirname, '../../../src/extension.ts'), 'utf8');
    const created = [...extension.matchAll(/createOutputChannel\('([^']+)'/g)].map((m) => m[1]);
    for (const name of named) assert.ok(created.includes(name), `DEMO.md names "${name}"; the extension creates ${created.join(', ')}`);
  });
});
