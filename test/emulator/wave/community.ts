import type { EmulatorState } from '../state';
import { describeBuild } from './container';
import { PIXI_TEMPLATE } from './condaLock';
import type { NameStrategy } from './naming';
import { normalizePlatform } from './validate';

/**
 * A Seqera Containers build as a module recorded it (nf-core's meta.yml
 * `containers:` + `.conda-lock/`), primed into the emulator so that the same
 * request (environment file, platform, format, template, freeze, no build
 * repository) finds it: Wave answers `cached: true` with the recorded name,
 * build id and scan id, inspect shows the recorded SIF digest, and
 * `/condalock` serves the recorded lock (404 when none was recorded).
 */
export interface RecordedBuild {
  /** The environment file's text, exactly as the client sends it (base64 in `packages.environment`). */
  environment: string;
  platform: string;
  format: 'docker' | 'sif';
  /** Default `conda/pixi:v1`, as nf-core builds. */
  buildTemplate?: string;
  nameStrategy?: NameStrategy;
  /** The recorded image name (`oras://…` for Singularity). */
  name: string;
  buildId: string;
  scanId?: string;
  /** `sha256:<hex>` of the SIF layer (from the recorded `https` URL). */
  sifDigest?: string;
  /** The recorded lock file's text; undefined: no lock stored (404). */
  condaLock?: string;
}

export function primeRecordedBuild(state: EmulatorState, r: RecordedBuild): void {
  if (r.format === 'sif' !== r.name.startsWith('oras://')) throw new Error(`recorded ${r.format} build ${r.buildId} has name ${r.name}`);
  const platform = normalizePlatform(r.platform);
  const template = r.buildTemplate ?? PIXI_TEMPLATE;
  const d = describeBuild(state, {
    packages: { type: 'CONDA', environment: Buffer.from(r.environment, 'utf8').toString('base64') },
    platform, format: r.format === 'sif' ? 'sif' : undefined, freeze: true, strategy: r.nameStrategy, template,
  });
  const plan = d.plan(r.name);
  const duration = plan.durationMs;
  state.wave.insertBuild({
    buildId: r.buildId, hash: d.hash, dockerFile: d.dockerFile, condaFile: d.condaFile, targetImage: r.name, platform,
    format: r.format === 'sif' ? 'SINGULARITY' : 'DOCKER', buildTemplate: template, startTime: state.clock.now() - duration - 24 * 3600_000,
    plan, scanId: r.scanId, vulnerabilities: [], recordedLock: r.condaLock ?? null, sifDigest: r.sifDigest,
  });
}
