import { inputError } from '../net/errors';
import type {
  ContainerLayer,
  PackagesSpec,
  SubmitContainerTokenRequest,
  WaveBuildTemplate,
  WavePlatform,
  WaveScanMode,
} from './types';

/**
 * Building the `POST /v1alpha2/container` body from what to build, the build
 * options and who builds. Option rules checked before anything is sent:
 * Singularity (`sif`) needs freeze; freeze and a build repository need a
 * Platform token (an anonymous request can't push to a registry); a build
 * template only applies to conda packages. Signed in, the request carries
 * `towerAccessToken`, `towerEndpoint` and the active `towerWorkspaceId` so Wave
 * uses that workspace's registry credentials; signed out it carries none of them.
 */
export type BuildSource =
  | { kind: 'conda'; packages: PackagesSpec }
  | { kind: 'dockerfile'; containerFile: string; buildContext?: ContainerLayer };

export interface BuildOptions {
  platform: WavePlatform;
  format: 'docker' | 'sif';
  freeze: boolean;
  buildRepository?: string;
  cacheRepository?: string;
  /** Conda builds only; unset = Wave's default (conda/micromamba:v2). */
  buildTemplate?: WaveBuildTemplate;
  /** Unset = Wave's default (async for builds). */
  scanMode?: WaveScanMode;
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

/** Problems with the options, as sentences; empty when they can be sent. */
export function optionProblems(source: BuildSource['kind'], options: BuildOptions, signedIn: boolean): string[] {
  const problems: string[] = [];
  if (options.seqeraContainers) {
    if (source !== 'conda') problems.push('Seqera Containers build conda packages only, not a Dockerfile.');
    if (options.buildRepository) problems.push('Seqera Containers push to the public community repository: leave the build repository empty.');
    return problems;
  }
  if (options.format === 'sif' && !options.freeze) {
    problems.push('A Singularity image needs freeze: turn freeze on (and give a build repository) to build one.');
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
  if (options.buildTemplate && source !== 'conda') {
    problems.push(`The build template ${options.buildTemplate} only applies to conda packages, not to a Dockerfile.`);
  }
  return problems;
}

export function buildSubmitRequest(
  source: BuildSource,
  options: BuildOptions,
  credentials: WaveCredentials | undefined,
  now: Date = new Date(),
): SubmitContainerTokenRequest {
  const problems = optionProblems(source.kind, options, credentials !== undefined);
  if (problems.length > 0) throw inputError(problems.join(' '));

  const request: SubmitContainerTokenRequest = {
    containerPlatform: options.platform,
    freeze: options.freeze || options.seqeraContainers === true,
    mirror: false,
    timestamp: now.toISOString(),
  };
  if (source.kind === 'conda') {
    request.packages = source.packages;
    if (options.buildTemplate) request.buildTemplate = options.buildTemplate;
  } else {
    request.containerFile = source.containerFile;
    if (source.buildContext) request.buildContext = source.buildContext;
  }
  if (options.format === 'sif') request.format = 'sif';
  if (options.buildRepository) request.buildRepository = options.buildRepository;
  if (options.cacheRepository) request.cacheRepository = options.cacheRepository;
  if (options.scanMode) request.scanMode = options.scanMode;
  if (credentials) {
    request.towerAccessToken = credentials.towerAccessToken;
    request.towerEndpoint = credentials.towerEndpoint;
    if (credentials.towerWorkspaceId !== undefined) request.towerWorkspaceId = credentials.towerWorkspaceId;
  }
  return request;
}

/** One line describing a request for the log: never the token, never the file contents. */
export function describeRequest(request: SubmitContainerTokenRequest): string {
  const parts: string[] = [];
  if (request.packages) {
    const p = request.packages;
    parts.push(p.entries ? `conda packages ${p.entries.join(' ')}` : 'conda environment file');
    parts.push(`channels ${p.channels.join(',')}`);
  }
  if (request.containerFile) parts.push(`Dockerfile (${Buffer.from(request.containerFile, 'base64').byteLength} bytes)`);
  if (request.buildContext) {
    parts.push(`context ${request.buildContext.gzipSize} bytes gzip, ${request.buildContext.tarDigest}`);
  }
  parts.push(`platform ${request.containerPlatform}`);
  if (request.format) parts.push(`format ${request.format}`);
  if (request.freeze) parts.push(request.buildRepository || !request.packages ? 'freeze' : 'freeze (Seqera Containers, community.wave.seqera.io)');
  if (request.buildRepository) parts.push(`build repository ${request.buildRepository}`);
  if (request.cacheRepository) parts.push(`cache repository ${request.cacheRepository}`);
  if (request.buildTemplate) parts.push(`template ${request.buildTemplate}`);
  if (request.scanMode) parts.push(`scan ${request.scanMode}`);
  parts.push(
    request.towerAccessToken
      ? `signed in (${request.towerEndpoint ?? ''}${request.towerWorkspaceId !== undefined ? `, workspace ${request.towerWorkspaceId}` : ', personal workspace'})`
      : 'anonymous',
  );
  return parts.join('; ');
}
