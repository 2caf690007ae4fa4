import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { fetchLocks, outcomeProblems, runModuleBuilds, type BuildOutcome, type ModuleBuildsDeps } from '../../../src/nfcore/moduleBuilds';
import { isUpToDate, planIsEmpty, planModuleUpdate, type BuiltImage, type ModulePlan, type ModuleState } from '../../../src/nfcore/modulePlan';
import { metaData, readContainers } from '../../../src/nfcore/metaContainers';
import { validateAgainstSchema } from '../../../src/nfcore/metaSchema';
import { WaveClient } from '../../../src/wave/client';
import { parseCondaEnvironment } from '../../../src/wave/condaEnv';
import { inspectImage } from '../../../src/wave/inspect';
import { primeRecordedBuild, startEmulator, type Emulator } from '../../emulator';
import { copyModule, moduleNames, modulesRoot, recordedBuilds, sifDigestOf } from '../../shared/nfcoreCorpus';
import { tempDir } from '../wave/fixtures';

/**
 * Module builds end to end in Node: the four builds against the emulator's
 * Wave (its clock moved by the watchers' pauses), the plan for the module's
 * files, applied to a temporary copy. Corpus modules are read in place from
 * ../shared and copied only into temp folders.
 */
describe('nf-core module builds against the emulator (unit)', function () {
  this.timeout(300_000);
  let emu: Emulator;
  let http: HttpClient;
  let deps: ModuleBuildsDeps;
  const dirs: string[] = [];

  beforeEach(async () => {
    emu = await startEmulator();
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    deps = {
      client: new WaveClient(emu.waveUrl, http),
      inspect: (image, platform, signal) => inspectImage(http, emu.waveUrl, { image, platform, signal }),
      sleep: async (ms) => emu.clock.advance(ms),
      now: () => emu.clock.now(),
    };
  });
  afterEach(async () => {
    await http.close();
    await emu.stop();
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  function readModule(dir: string, modulePath: string): ModuleState & { environment: string } {
    const lockDir = path.join(dir, '.conda-lock');
    const lockFiles: Record<string, string> = {};
    if (fs.existsSync(lockDir)) for (const n of fs.readdirSync(lockDir)) lockFiles[n] = fs.readFileSync(path.join(lockDir, n), 'utf8');
    return {
      mainNf: fs.readFileSync(path.join(dir, 'main.nf'), 'utf8'), metaYml: fs.readFileSync(path.join(dir, 'meta.yml'), 'utf8'),
      environment: fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8'), modulePath, lockFiles,
    };
  }

  /** What the command does after the builds: nothing when up to date, else the plan (with the locks waited for). */
  async function run(state: ReturnType<typeof readModule>): Promise<{ outcomes: BuildOutcome[]; upToDate: boolean; plan?: ModulePlan }> {
    const packages = parseCondaEnvironment(new TextEncoder().encode(state.environment), 'environment.yml').packages;
    const outcomes = await runModuleBuilds(deps, { packages });
    const images = outcomes.flatMap((o) => (o.ok ? [o.image] : []));
    if (isUpToDate(state, images)) return { outcomes, upToDate: true };
    const locks = await fetchLocks(deps, images, undefined, { limitMs: 5 * 60_000, everyMs: 5_000 });
    return { outcomes, upToDate: false, plan: planModuleUpdate(state, images, locks) };
  }

  function apply(dir: string, plan: ModulePlan): void {
    if (plan.mainNf !== undefined) fs.writeFileSync(path.join(dir, 'main.nf'), plan.mainNf);
    if (plan.metaYml !== undefined) fs.writeFileSync(path.join(dir, 'meta.yml'), plan.metaYml);
    fs.mkdirSync(path.join(dir, '.conda-lock'), { recursive: true });
    for (const l of plan.writeLocks) fs.writeFileSync(path.join(dir, '.conda-lock', l.name), l.text);
    for (const n of plan.deleteLocks) fs.rmSync(path.join(dir, '.conda-lock', n));
  }

  const snapshot = (dir: string): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (d: string, rel: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name), rel + e.name + '/');
        else out[rel + e.name] = fs.readFileSync(path.join(d, e.name), 'latin1');
      }
    };
    walk(dir, '');
    return out;
  };

  it('a fresh module: four builds, canonical main.nf, a valid containers section, lock files, stale ones removed', async function () {
    const root = modulesRoot();
    if (!root) this.skip();
    const dir = path.join(tempDir('seqera-nfcore-'), 'modules', 'nf-core', 'multiqc');
    dirs.push(path.dirname(path.dirname(path.dirname(dir))));
    copyModule(root, 'multiqc', dir);
    fs.writeFileSync(path.join(dir, 'environment.yml'), fs.readFileSync(path.join(dir, 'environment.yml'), 'utf8').replace('multiqc=1.35', 'multiqc=1.36'));
    const state = readModule(dir, 'modules/nf-core/multiqc');
    const r = await run(state);
    assert.deepEqual(outcomeProblems(r.outcomes), { errors: [], warnings: [] });
    assert.equal(r.upToDate, false);
    const plan = r.plan!;
    assert.deepEqual(plan.notes, []);
    apply(dir, plan);
    const mainNf = fs.readFileSync(path.join(dir, 'main.nf'), 'utf8');
    const docker = r.outcomes.find((o) => o.ok && o.spec.engine === 'docker' && o.spec.platform === 'linux/amd64') as Extract<BuildOutcome, { ok: true }>;
    const sif = r.outcomes.find((o) => o.ok && o.spec.engine === 'singularity' && o.spec.platform === 'linux/amd64') as Extract<BuildOutcome, { ok: true }>;
    assert.match(docker.image.name, /^community\.wave\.seqera\.io\/library\/multiqc:1\.36--[0-9a-f]{16}$/);
    assert.match(sif.image.https!, /^https:\/\/community-cr-prod\.seqera\.io\/docker\/registry\/v2\/blobs\/sha256\/([0-9a-f]{2})\/\1[0-9a-f]{62}\/data$/);
    // The URL is the SIF layer's digest as the emulator's inspect gives it, never the config digest.
    const spec = await inspectImage(http, emu.waveUrl, { image: sif.image.name.slice(7), platform: 'linux/amd64' });
    assert.equal(spec.kind, 'container');
    if (spec.kind === 'container') {
      assert.ok(sif.image.https!.includes(spec.container.manifest.layers[0].digest!.slice(7)));
      assert.ok(!sif.image.https!.includes(spec.container.manifest.config!.digest!.slice(7)));
    }
    const original = readModule(path.join(root, 'multiqc'), 'modules/nf-core/multiqc');
    assert.equal(
      mainNf,
      original.mainNf.replace(/'https:\/\/community-cr-prod[^']+'/, `'${sif.image.https}'`).replace(/'community\.wave\.seqera\.io[^']+'/, `'${docker.image.name}'`),
    );
    const meta = fs.readFileSync(path.join(dir, 'meta.yml'), 'utf8');
    assert.equal(meta.slice(0, original.metaYml.indexOf('containers:\n')), original.metaYml.slice(0, original.metaYml.indexOf('containers:\n')));
    const c = readContainers(meta)!;
    assert.equal(c.docker['linux/arm64']?.buildId.startsWith('bd-'), true);
    assert.match(c.singularity['linux/arm64']?.name ?? '', /^oras:\/\/community\.wave\.seqera\.io\/library\/multiqc:1\.36--/);
    const locks = fs.readdirSync(path.join(dir, '.conda-lock')).sort();
    assert.deepEqual(locks, [`linux_amd64-${c.docker['linux/amd64']!.buildId}.txt`, `linux_arm64-${c.docker['linux/arm64']!.buildId}.txt`]);
    assert.equal(c.conda['linux/amd64']?.lockFile, `modules/nf-core/multiqc/.conda-lock/${locks[0]}`);
    assert.match(fs.readFileSync(path.join(dir, '.conda-lock', locks[1]), 'utf8'), /linux-aarch64\/multiqc-1\.36-/);
    const schema: unknown = JSON.parse(fs.readFileSync(path.join(root, 'meta-schema.json'), 'utf8'));
    assert.deepEqual(await validateAgainstSchema(schema, metaData(meta)), { ok: true, errors: [] });
    // Built again: every answer is cached, main.nf and meta.yml name them: up to date, nothing to write.
    const again = await run(readModule(dir, 'modules/nf-core/multiqc'));
    assert.equal(again.upToDate, true);
    assert.ok(again.outcomes.every((o) => o.ok && o.image.cached));
  });

  it('up to date means no change: every corpus module with containers:, against its recorded builds, stays byte-identical', async function () {
    const root = modulesRoot();
    if (!root) this.skip();
    let upToDate = 0;
    const changed: string[] = [];
    for (const m of moduleNames(root)) {
      const recorded = recordedBuilds(root, m);
      if (!recorded) continue;
      const dir = path.join(tempDir('seqera-nfcore-'), 'modules', 'nf-core', m);
      dirs.push(path.dirname(path.dirname(path.dirname(dir))));
      copyModule(root, m, dir);
      const state = readModule(dir, `modules/nf-core/${m}`);
      for (const rec of recorded) {
        primeRecordedBuild(emu.state, {
          environment: state.environment, platform: rec.platform, format: rec.engine === 'singularity' ? 'sif' : 'docker',
          name: rec.name, buildId: rec.buildId, scanId: rec.scanId, sifDigest: sifDigestOf(rec.https), condaLock: rec.lock,
        });
      }
      const before = snapshot(dir);
      const r = await run(state);
      assert.deepEqual(outcomeProblems(r.outcomes).errors, [], m);
      if (r.upToDate) upToDate++;
      else {
        if (!planIsEmpty(r.plan!)) apply(dir, r.plan!);
      }
      const after = snapshot(dir);
      if (JSON.stringify(after) !== JSON.stringify(before)) changed.push(`${m}: ${Object.keys(after).filter((k) => after[k] !== before[k]).join(', ')}`);
    }
    console.log(`      ${upToDate} modules up to date; changed: ${changed.join('; ') || 'none'}`);
    assert.ok(upToDate >= 80, `${upToDate}`);
    // fastqc's main.nf still names biocontainers images while its meta.yml records Seqera Containers builds:
    // the run writes main.nf (only) to name the recorded builds, as it should.
    assert.deepEqual(changed, ['fastqc: main.nf']);
  });

  it('an amd64 failure is an error, an arm64 failure a warning', () => {
    const fail = (engine: 'docker' | 'singularity', platform: 'linux/amd64' | 'linux/arm64'): BuildOutcome => ({ spec: { engine, platform }, ok: false, reason: 'boom', buildId: 'bd-1_1' });
    const ok = (engine: 'docker' | 'singularity', platform: 'linux/amd64' | 'linux/arm64'): BuildOutcome => ({ spec: { engine, platform }, ok: true, image: {} as BuiltImage, submitted: {} as never, watch: {} as never });
    assert.deepEqual(outcomeProblems([ok('docker', 'linux/amd64'), fail('singularity', 'linux/amd64'), fail('docker', 'linux/arm64'), ok('singularity', 'linux/arm64')]), {
      errors: ['Singularity linux/amd64 build failed: boom (bd-1_1)'],
      warnings: ['Docker linux/arm64 build failed: boom (bd-1_1)'],
    });
  });

  it('#14 a build whose Stop Watching was used is "not watched", not "failed"', () => {
    const stopped: BuildOutcome = { spec: { engine: 'docker', platform: 'linux/arm64' }, ok: false, stopped: true, reason: 'stopped watching it; the build goes on at Wave', buildId: 'bd-2_1' };
    assert.deepEqual(outcomeProblems([stopped]), { errors: [], warnings: ['Docker linux/arm64 build not watched: stopped watching it; the build goes on at Wave (bd-2_1)'] });
  });
});
