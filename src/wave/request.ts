import { inputError } from '../net/errors';
import type {
  ContainerConfig,
  ContainerLayer,
  PackageOpts,
  PackagesSpec,
  SubmitContainerTokenRequest,
  WaveBuildTemplate,
  WaveCompression,
  WaveNameStrategy,
  WavePlatform,
  WaveScanLevel,
  WaveScanMode,
} from './types';
import { MULTI_PLATFORM } from './types';

/**
 * Building the `POST /v1alpha2/container` body from what to build, the build
 * options and who builds, as wave-cli 1.8.2 does. Option rules checked before
 * anything is sent (each one a refusal Wave would answer with a 400):
 * Singularity (`sif`) needs freeze and one platform; freeze, a build repository
 * and a mirror need a Platform token; a multi-platform build needs a
 * Dockerfile or packages; a mirror copies an image to a build repository on
 * another registry, with nothing else; a build template and the package
 * options apply to packages of their kind. Signed in, the request carries
 * `towerAccessToken`, `towerEndpoint` and the active `towerWorkspaceId` so Wave
 * uses that workspace's registry credentials; signed out it carries none of them.
 */
export type BuildSource =
  | { kind: 'conda'; packages: PackagesSpec }
  | { kind: 'cran'; packages: PackagesSpec }
  | { kind: 'dockerfile'; containerFile: string; buildContext?: ContainerLayer }
  /** An existing image: augmented with config and layers, frozen, or mirrored; no Dockerfile. */
  | { kind: 'image'; containerImage: string };

/** The packages' own options: builder image (`mambaImage`/`pixiImage`/`rImage`), final base image, base packages, RUN commands. */
export interface PackageOptions {
  builderImage?: string;
  baseImage?: string;
  basePackages?: string;
  commands?: string[];
}

/** Container config as wave-cli's `--config-*` options (layers come packed, separately). */
export type ConfigOptions = Omit<ContainerConfig, 'layers'>;

export interface BuildOptions {
  platform: WavePlatform;
  format: 'docker' | 'sif';
  freeze: boolean;
  buildRepository?: string;
  cacheRepository?: string;
  /** Packages only; unset = Wave's default (conda/micromamba:v2, cran/installr:v1). */
  buildTemplate?: WaveBuildTemplate;
  /** Unset = Wave's default (async for builds). */
  scanMode?: WaveScanMode;
  /** Severities a required scan may find and still pass. */
  scanLevels?: WaveScanLevel[];
  nameStrategy?: WaveNameStrategy;
  compression?: WaveCompression;
  /** Copy the source image to the build repository (wave-cli `--mirror`). */
  mirror?: boolean;
  packageOptions?: PackageOptions;
  config?: ConfigOptions;
  /** Images whose layers Wave adds (wave-cli `--include`). */
  includes?: string[];
  /** Folders packed as extra layers (wave-cli `--layer`); packed before sending, not stored here. */
  layerDirs?: string[];
  /**
   * Seqera Containers: freeze into Wave's public community repository
   * (`community.wave.seqera.io`), durable and public, with no build repository
   * and no account needed. Conda packages only.
   */
  seqeraContainers?: boolean;
}

export const DEFAULT_BUILD_OPTIONS: BuildOptions = { platform: 'linux/amd64', format: 'docker', freeze: false };

export interface WaveCredentials {
  towerAccessToken: string;
  towerEndpoint: string;
  towerWorkspaceId?: number;
}

const REPOSITORY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;
const IMAGE = /^[a-zA-Z0-9][a-zA-Z0-9._\-/:@]*$/;

/** The registry host of an image or repository name (`docker.io` when it names none). */
export function registryOf(name: string): string {
  const first = name.split('/')[0];
  return name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

function hasConfig(o: BuildOptions, layers: number): boolean {
  const c = o.config;
  return layers > 0 || !!(c?.env?.length || c?.cmd?.length || c?.entrypoint?.length || c?.workingDir);
}

/** Problems with the options, as sentences; empty when they can be sent. */
export function optionProblems(source: BuildSource['kind'], options: BuildOptions, signedIn: boolean, layers = options.layerDirs?.length ?? 0, image?: string): string[] {
  const problems: string[] = [];
  if (options.seqeraContainers) {
    if (source !== 'conda') problems.push('Seqera Containers build conda packages only, not a Dockerfile.');
    if (options.buildRepository) problems.push('Seqera Containers push to the public community repository: leave the build repository empty.');
    if (options.platform === MULTI_PLATFORM) problems.push('Seqera Containers build one platform per image, as nf-core does: choose linux/amd64 or linux/arm64 and build the other one on its own.');
    if (options.mirror) problems.push('Seqera Containers build conda packages; a mirror copies an existing image: choose one of them.');
    return problems;
  }
  const multi = options.platform === MULTI_PLATFORM;
  if (options.format === 'sif' && !options.freeze) {
    problems.push('A Singularity image needs freeze: turn freeze on (and give a build repository) to build one.');
  }
  if (options.format === 'sif' && multi) {
    problems.push('Wave builds Singularity images for one platform only ("Multi-platform builds are not supported for Singularity format"): choose linux/amd64 or linux/arm64.');
  }
  if (multi && source === 'image') {
    problems.push('A multi-platform build needs a Dockerfile or packages ("Multi-platform builds require either \'containerFile\' or \'packages\' attribute"): an existing image is served as it is published.');
  }
  if (options.freeze && !signedIn) {
    problems.push('Freeze pushes the image to a registry and needs you to be signed in to Seqera Platform.');
  }
  if (options.buildRepository && !signedIn) {
    problems.push('A build repository needs you to be signed in to Seqera Platform: Wave uses your workspace credentials to push.');
  }
  for (const [what, repo] of [
    ['build repository', options.buildRepository],
    ['cache repository', options.cacheRepository],
  ] as const) {
    if (repo && !REPOSITORY.test(repo)) problems.push(`The ${what} "${repo}" is not a repository such as docker.io/user/images.`);
  }
  if (options.mirror) {
    if (source !== 'image') problems.push('A mirror copies an existing image: give the image to mirror, not a file to build.');
    if (!signedIn) problems.push('A mirror needs you to be signed in to Seqera Platform: Wave pushes with your workspace credentials.');
    if (!options.buildRepository) problems.push('A mirror needs a build repository to copy the image to.');
    if (options.freeze) problems.push('A mirror copies the image as it is: turn freeze off.');
    if (hasConfig(options, layers) || options.includes?.length) problems.push('A mirror copies the image as it is: it takes no container config, layers or included images.');
    if (image && options.buildRepository && registryOf(image) === registryOf(options.buildRepository)) {
      problems.push(`Wave mirrors to another registry than the image's: ${options.buildRepository} is on ${registryOf(image)} too.`);
    }
  }
  if (options.buildTemplate) {
    const cran = options.buildTemplate === 'cran/installr:v1';
    if (source !== 'conda' && source !== 'cran') problems.push(`The build template ${options.buildTemplate} only applies to ${cran ? 'CRAN' : 'conda'} packages, not to a ${source === 'image' ? 'container image' : 'Dockerfile'}.`);
    else if (cran !== (source === 'cran')) problems.push(`The build template ${options.buildTemplate} is for ${cran ? 'CRAN' : 'conda'} packages, and these are ${source === 'cran' ? 'CRAN' : 'conda'} packages.`);
  }
  const po = options.packageOptions;
  if (po && (po.builderImage || po.baseImage || po.basePackages || po.commands?.length) && source !== 'conda' && source !== 'cran') {
    problems.push('Base image, base packages and run commands are options of packages builds (conda or CRAN), not of a Dockerfile or an image.');
  }
  for (const i of [...(options.includes ?? []), ...(source === 'image' && image ? [image] : [])]) {
    if (!IMAGE.test(i)) problems.push(`"${i}" is not a container image name such as ubuntu:24.04.`);
  }
  if ((options.includes?.length ?? 0) > 10) problems.push('Wave includes at most 10 images.');
  for (const e of options.config?.env ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(e)) problems.push(`The environment variable "${e}" is not NAME=value.`);
  }
  return problems;
}

function packageOptsFor(source: BuildSource, options: BuildOptions): Partial<Pick<PackagesSpec, 'condaOpts' | 'pixiOpts' | 'cranOpts'>> {
  const po = options.packageOptions;
  if (!po || !(po.builderImage || po.baseImage || po.basePackages !== undefined || po.commands?.length)) return {};
  const common: PackageOpts = {};
  if (po.baseImage && source.kind !== 'cran') common.baseImage = po.baseImage;
  if (po.basePackages !== undefined) common.basePackages = po.basePackages;
  if (po.commands?.length) common.commands = po.commands;
  if (source.kind === 'cran') return { cranOpts: { ...(po.builderImage || po.baseImage ? { rImage: po.builderImage ?? po.baseImage } : {}), ...common } };
  if (options.buildTemplate === 'conda/pixi:v1') return { pixiOpts: { ...(po.builderImage ? { pixiImage: po.builderImage } : {}), ...common } };
  return { condaOpts: { ...(po.builderImage ? { mambaImage: po.builderImage } : {}), ...common } };
}

export function buildSubmitRequest(
  source: BuildSource,
  options: BuildOptions,
  credentials: WaveCredentials | undefined,
  now: Date = new Date(),
  layers: readonly ContainerLayer[] = [],
): SubmitContainerTokenRequest {
  const problems = optionProblems(source.kind, options, credentials !== undefined, layers.length, source.kind === 'image' ? source.containerImage : undefined);
  if (problems.length > 0) throw inputError(problems.join(' '));

  const request: SubmitContainerTokenRequest = {
    containerPlatform: options.platform,
    freeze: options.freeze || options.seqeraContainers === true,
    mirror: options.mirror === true,
    timestamp: now.toISOString(),
  };
  if (source.kind === 'conda' || source.kind === 'cran') {
    request.packages = { ...source.packages, ...packageOptsFor(source, options) };
    if (options.buildTemplate) request.buildTemplate = options.buildTemplate;
  } else if (source.kind === 'dockerfile') {
    request.containerFile = source.containerFile;
    if (source.buildContext) request.buildContext = source.buildContext;
  } else {
    request.containerImage = source.containerImage;
  }
  const c = options.config;
  const config: ContainerConfig = {};
  if (c?.entrypoint?.length) config.entrypoint = c.entrypoint;
  if (c?.cmd?.length) config.cmd = c.cmd;
  if (c?.env?.length) config.env = c.env;
  if (c?.workingDir) config.workingDir = c.workingDir;
  if (layers.length) config.layers = [...layers];
  if (Object.keys(config).length) request.containerConfig = config;
  if (options.includes?.length) request.containerIncludes = options.includes;
  if (options.format === 'sif') request.format = 'sif';
  if (options.buildRepository) request.buildRepository = options.buildRepository;
  if (options.cacheRepository) request.cacheRepository = options.cacheRepository;
  if (options.nameStrategy) request.nameStrategy = options.nameStrategy;
  if (options.compression) request.buildCompression = { mode: options.compression };
  if (options.scanMode) request.scanMode = options.scanMode;
  if (options.scanLevels?.length) request.scanLevels = options.scanLevels;
  if (credentials) {
    request.towerAccessToken = credentials.towerAccessToken;
    request.towerEndpoint = credentials.towerEndpoint;
    if (credentials.towerWorkspaceId !== undefined) request.towerWorkspaceId = credentials.towerWorkspaceId;
  }
  return request;
}

/** The request exactly as it would be sent, as indented JSON, with the token replaced (wave-cli `--dry-run`, but nothing is sent). */
export function requestJson(request: SubmitContainerTokenRequest): string {
  const shown = request.towerAccessToken === undefined ? request : { ...request, towerAccessToken: '<redacted>' };
  return JSON.stringify(shown, null, 2) + '\n';
}

/** One line describing a request for the log: never the token, never the file contents. */
export function describeRequest(request: SubmitContainerTokenRequest): string {
  const parts: string[] = [];
  if (request.packages) {
    const p = request.packages;
    const kind = p.type === 'CRAN' ? 'CRAN' : 'conda';
    parts.push(p.entries ? `${kind} packages ${p.entries.join(' ')}` : `${kind} environment file`);
    if (p.type === 'CONDA') parts.push(`channels ${p.channels.join(',')}`);
  }
  if (request.containerFile) parts.push(`Dockerfile (${Buffer.from(request.containerFile, 'base64').byteLength} bytes)`);
  if (request.containerImage) parts.push(`${request.mirror ? 'mirror of' : 'image'} ${request.containerImage}`);
  if (request.buildContext) {
    parts.push(`context ${request.buildContext.gzipSize} bytes gzip, ${request.buildContext.tarDigest}`);
  }
  parts.push(`platform ${request.containerPlatform}`);
  if (request.format) parts.push(`format ${request.format}`);
  if (request.freeze) parts.push(request.buildRepository || !request.packages ? 'freeze' : 'freeze (Seqera Containers, community.wave.seqera.io)');
  if (request.buildRepository) parts.push(`build repository ${request.buildRepository}`);
  if (request.cacheRepository) parts.push(`cache repository ${request.cacheRepository}`);
  if (request.buildTemplate) parts.push(`template ${request.buildTemplate}`);
  if (request.nameStrategy) parts.push(`names ${request.nameStrategy}`);
  if (request.buildCompression) parts.push(`compression ${request.buildCompression.mode}`);
  const cfg = request.containerConfig;
  if (cfg) {
    const what = [cfg.env?.length ? `${cfg.env.length} env` : '', cfg.cmd ? 'cmd' : '', cfg.entrypoint ? 'entrypoint' : '', cfg.workingDir ? 'working dir' : '', cfg.layers?.length ? `${cfg.layers.length} layer(s)` : ''].filter(Boolean);
    parts.push(`config ${what.join(', ')}`);
  }
  if (request.containerIncludes?.length) parts.push(`includes ${request.containerIncludes.join(',')}`);
  if (request.scanMode) parts.push(`scan ${request.scanMode}`);
  if (request.scanLevels?.length) parts.push(`scan levels ${request.scanLevels.join(',')}`);
  parts.push(
    request.towerAccessToken
      ? `signed in (${request.towerEndpoint ?? ''}${request.towerWorkspaceId !== undefined ? `, workspace ${request.towerWorkspaceId}` : ', personal workspace'})`
      : 'anonymous',
  );
  return parts.join('; ');
}
