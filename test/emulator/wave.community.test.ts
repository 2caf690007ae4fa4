import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modulesRoot, moduleNames, recordedBuilds, sifDigestOf } from '../shared/nfcoreCorpus';
import { startEmulator, primeRecordedBuild, type Emulator } from './index';
import { b64, MINUTE, wave } from './testkit';

const HASH = '[0-9a-f]{16}';

describe('emulator Wave: Seqera Containers naming, freeze, Singularity, conda lock (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof wave>;
  beforeEach(async () => {
    emu = await startEmulator();
    api = wave(emu);
  });
  afterEach(() => emu.stop());

  const env = (...deps: string[]) => `channels:\n  - conda-forge\n  - bioconda\ndependencies:\n${deps.map((d) => `  - ${d}\n`).join('')}`;
  const community = (environment: string, extra: Record<string, unknown> = {}) =>
    api.post('/v1alpha2/container', { body: { packages: { type: 'CONDA', environment: b64(environment) }, freeze: true, buildTemplate: 'conda/pixi:v1', ...extra } });

  it('freezes into the public community repository without a build repository or a token (imageSuffix by default)', async () => {
    const r = await community(env('bioconda::multiqc=1.35'));
    assert.equal(r.status, 200, r.text);
    assert.match(r.body.targetImage, new RegExp(`^community\\.wave\\.seqera\\.io/library/multiqc:1\\.35--${HASH}$`));
    assert.equal(r.body.containerImage, r.body.targetImage);
    assert.equal(r.body.containerToken, undefined);
    assert.equal(r.body.expiration, undefined);
    assert.equal(r.body.freeze, true);
    assert.equal(r.body.targetImage.split('--')[1], r.body.buildId.slice(3, 19));
  });

  it('imageSuffix: tools joined by _, a version tag only when all pinned versions are one, pruned past 5 tools', async () => {
    const same = await community(env('bioconda::htslib=1.24', 'bioconda::samtools=1.24'));
    assert.match(same.body.targetImage, new RegExp(`^community\\.wave\\.seqera\\.io/library/htslib_samtools:1\\.24--${HASH}$`));
    const two = await community(env('bioconda::bwa=0.7.19', 'bioconda::samtools=1.22'));
    assert.match(two.body.targetImage, new RegExp(`^community\\.wave\\.seqera\\.io/library/bwa_samtools:${HASH}$`));
    const unpinned = await community(env('bioconda::bwa=0.7.19', 'bioconda::samtools'));
    assert.match(unpinned.body.targetImage, new RegExp(`/library/bwa_samtools:${HASH}$`));
    const six = await community(env('a=1', 'b=1', 'c=1', 'd=1', 'e=1', 'f=1'));
    assert.match(six.body.targetImage, new RegExp(`/library/a_b_c_d_pruned:1--${HASH}$`));
    const five = await community(env('a=1', 'b=1', 'c=1', 'd=1', 'e=1'));
    assert.match(five.body.targetImage, new RegExp(`/library/a_b_c_d_e:1--${HASH}$`));
    const pip = await community('dependencies:\n  - conda-forge::python=3.12\n  - pip:\n    - Scanpy==1.10.2\n');
    assert.match(pip.body.targetImage, new RegExp(`/library/python_scanpy:${HASH}$`));
    const named = await community('name: my-env\ndependencies:\n  - samtools=1.17\n');
    assert.match(named.body.targetImage, new RegExp(`/library/my-env:${HASH}$`));
  });

  it('tagPrefix and none go to /library/build; tagPrefix tags name-version pairs; a build repository keeps its name', async () => {
    const tp = await community(env('bioconda::bwa=0.7.19', 'bioconda::samtools=1.22'), { nameStrategy: 'tagPrefix' });
    assert.match(tp.body.targetImage, new RegExp(`^community\\.wave\\.seqera\\.io/library/build:bwa-0\\.7\\.19_samtools-1\\.22--${HASH}$`));
    const none = await community(env('bioconda::bwa=0.7.19'), { nameStrategy: 'none' });
    assert.match(none.body.targetImage, new RegExp(`^community\\.wave\\.seqera\\.io/library/build:${HASH}$`));
    // Jackson cannot bind an unknown ImageNameStrategy: Wave's ErrorHandler answers 500 with an Error ID (see ErrorHandlingTest)
    const bad = await community(env('bwa'), { nameStrategy: 'bogus' });
    assert.equal(bad.status, 500);
    assert.match(bad.body.message, /ImageNameStrategy` not one of the values accepted for Enum class: \[none, tagPrefix, imageSuffix\] - Error ID: [0-9a-f]{16}$/);
    const auth = { towerAccessToken: emu.token, towerEndpoint: emu.platformUrl };
    const own = await community(env('bioconda::bwa=0.7.19'), { buildRepository: 'docker.io/lab/images', ...auth });
    assert.match(own.body.targetImage, new RegExp(`^docker\\.io/lab/images:bwa-0\\.7\\.19--${HASH}$`));
    const ownSuffix = await community(env('bioconda::bwa=0.7.19'), { buildRepository: 'docker.io/lab/images', nameStrategy: 'imageSuffix', ...auth });
    assert.match(ownSuffix.body.targetImage, new RegExp(`^docker\\.io/lab/images/bwa:0\\.7\\.19--${HASH}$`));
    const noToken = await community(env('bwa'), { buildRepository: 'docker.io/lab/images' });
    assert.equal(noToken.status, 400);
    assert.match(noToken.body.message, /authenticated/);
    const dockerfile = await api.post('/v1alpha2/container', { body: { containerFile: b64('FROM alpine\n'), freeze: true, ...auth } });
    assert.match(dockerfile.body.message, /buildRepository.*freeze mode/);
  });

  it('Singularity: an oras:// name; inspect (without oras://) shows ONE SIF layer whose digest is not the config digest', async () => {
    const r = await community(env('bioconda::multiqc=1.35'), { format: 'sif', containerPlatform: 'linux/arm64' });
    assert.match(r.body.targetImage, new RegExp(`^oras://community\\.wave\\.seqera\\.io/library/multiqc:1\\.35--${HASH}$`));
    assert.equal(r.body.scanId, undefined);
    const image = r.body.targetImage.slice('oras://'.length);
    assert.equal((await api.post('/v1alpha1/inspect', { body: { containerImage: image } })).status, 404, 'not pushed while building');
    await emu.clock.advance(11 * MINUTE);
    const spec = (await api.post('/v1alpha1/inspect', { body: { containerImage: image } })).body.container;
    assert.equal(spec.manifest.layers.length, 1);
    assert.equal(spec.manifest.layers[0].mediaType, 'application/vnd.sylabs.sif.layer.v1.sif');
    assert.match(spec.manifest.layers[0].digest, /^sha256:[0-9a-f]{64}$/);
    assert.notEqual(spec.manifest.layers[0].digest, spec.manifest.config.digest);
    assert.equal(spec.config.architecture, 'arm64');
    const withPrefix = await api.post('/v1alpha1/inspect', { body: { containerImage: r.body.targetImage } });
    assert.equal(withPrefix.status, 400);
  });

  it('condalock: 404 while building and for a while after, then the pixi.lock; the same request again is cached with the same names', async () => {
    const body = env('bioconda::samtools=1.22');
    const r = (await community(body)).body;
    const lock = () => api.get(`/v1alpha1/builds/${r.buildId}/condalock`);
    assert.equal((await lock()).status, 404);
    const build = emu.state.wave.builds.get(r.buildId)!;
    await emu.clock.advance(build.plan.durationMs);
    assert.equal((await api.get(`/v1alpha1/builds/${r.buildId}/status`)).body.status, 'COMPLETED');
    assert.equal((await lock()).status, 404, 'stored some time after the build');
    await emu.clock.advance(MINUTE);
    const text = (await lock()).text;
    assert.match(text, /^\nversion: 6\nenvironments:\n/);
    assert.match(text, /linux-64\/samtools-1\.22-/);
    const again = (await community(body)).body;
    // a scan id is due (builds scan async by default), so succeeded is null even when cached (ContainerHelper.makeResponseV2)
    assert.deepEqual([again.cached, again.targetImage, again.buildId, again.succeeded], [true, r.targetImage, r.buildId, null]);
    assert.equal((await api.get(`/v1alpha1/builds/${again.buildId}/condalock`)).text, text);
  });

  it('a primed recorded build answers cached with the recorded name, ids, SIF digest and lock (404 without one)', async () => {
    const environment = env('bioconda::multiqc=1.35');
    const digest = 'sha256:' + 'c8'.repeat(32);
    primeRecordedBuild(emu.state, { environment, platform: 'linux/amd64', format: 'docker', name: 'community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc', buildId: 'bd-c17fb751507e9dfc_1', scanId: 'sc-3b1b3932f9846892_1', condaLock: 'LOCK\n' });
    primeRecordedBuild(emu.state, { environment, platform: 'linux/amd64', format: 'sif', name: 'oras://community.wave.seqera.io/library/multiqc:1.35--c680f2aea25ccec2', buildId: 'bd-c680f2aea25ccec2_1', sifDigest: digest });
    primeRecordedBuild(emu.state, { environment, platform: 'linux/arm64', format: 'docker', name: 'community.wave.seqera.io/library/multiqc:1.35--5c84a5000a226ab5', buildId: 'bd-5c84a5000a226ab5_1' });
    const d = (await community(environment)).body;
    assert.deepEqual([d.cached, d.targetImage, d.buildId, d.scanId, d.succeeded], [true, 'community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc', 'bd-c17fb751507e9dfc_1', 'sc-3b1b3932f9846892_1', null]);
    assert.equal((await api.get(`/v1alpha2/container/${d.requestId}/status`)).body.status, 'DONE');
    assert.equal((await api.get(`/v1alpha1/builds/${d.buildId}/condalock`)).text, 'LOCK\n');
    const s = (await community(environment, { format: 'sif' })).body;
    assert.deepEqual([s.cached, s.targetImage], [true, 'oras://community.wave.seqera.io/library/multiqc:1.35--c680f2aea25ccec2']);
    const spec = (await api.post('/v1alpha1/inspect', { body: { containerImage: 'community.wave.seqera.io/library/multiqc:1.35--c680f2aea25ccec2' } })).body.container;
    assert.deepEqual(spec.manifest.layers.map((l: { digest: string }) => l.digest), [digest]);
    const arm = (await community(environment, { containerPlatform: 'linux/arm64' })).body;
    assert.equal(arm.buildId, 'bd-5c84a5000a226ab5_1');
    assert.equal((await api.get(`/v1alpha1/builds/${arm.buildId}/condalock`)).status, 404);
    const other = (await community(environment, { buildTemplate: 'conda/micromamba:v2' })).body;
    assert.equal(other.cached, false, 'another template is another build');
  });

  it('names what nf-core recorded: repository, tools and version tag of every corpus module with containers: (hash aside)', async function () {
    this.timeout(120_000); // 300 builds through the emulator: seconds on a quiet machine, more on a loaded one
    const root = modulesRoot();
    if (!root) this.skip();
    let compared = 0;
    const mismatches: string[] = [];
    for (const module of moduleNames(root)) {
      const recorded = recordedBuilds(root, module);
      if (!recorded) continue;
      const environment = fs.readFileSync(path.join(root, module, 'environment.yml'), 'utf8');
      for (const rec of recorded) {
        const r = await community(environment, { containerPlatform: rec.platform, format: rec.engine === 'singularity' ? 'sif' : undefined });
        assert.equal(r.status, 200, `${module}: ${r.text}`);
        const strip = (name: string) => name.replace(/[0-9a-f]{16}$/, '');
        compared++;
        if (strip(r.body.targetImage) !== strip(rec.name)) mismatches.push(`${module} ${rec.engine} ${rec.platform}: ${rec.name} vs ${r.body.targetImage}`);
      }
    }
    console.log(`      ${compared} recorded names compared`);
    assert.ok(compared >= 250, `only ${compared} names compared`);
    // Names older than today's environment.yml: for rgi/bwt and transrate the recorded name lists the same tools in the
    // other order; custom/collectstats's recorded name is an environment `name:` its file no longer has.
    const stale = ['custom/collectstats', 'rgi/bwt', 'transrate'];
    assert.deepEqual([...new Set(mismatches.map((m) => m.split(' ')[0]))], stale, mismatches.join('\n'));
  });
});

describe('emulator Wave: recorded corpus builds prime (unit)', () => {
  it('reads the SIF digest from an https URL', () => {
    assert.equal(sifDigestOf('https://community-cr-prod.seqera.io/docker/registry/v2/blobs/sha256/c8/' + 'c8'.repeat(32) + '/data'), 'sha256:' + 'c8'.repeat(32));
    assert.equal(sifDigestOf('https://depot.galaxyproject.org/singularity/x'), undefined);
  });
});
