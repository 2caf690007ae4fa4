/**
 * The Wave API shapes this extension sends and reads (wave-api
 * `SubmitContainerTokenRequest` and friends; see the README "Build with Wave").
 * Only the fields we use are typed; responses are narrowed in `responses.ts`.
 */

export type WavePlatform = 'linux/amd64' | 'linux/arm64' | 'linux/amd64,linux/arm64';
export const MULTI_PLATFORM = 'linux/amd64,linux/arm64';
export const WAVE_PLATFORMS: readonly WavePlatform[] = ['linux/amd64', 'linux/arm64', 'linux/amd64,linux/arm64'];

export type WaveBuildTemplate = 'conda/micromamba:v1' | 'conda/micromamba:v2' | 'conda/pixi:v1' | 'cran/installr:v1';
export const WAVE_BUILD_TEMPLATES: readonly WaveBuildTemplate[] = ['conda/micromamba:v1', 'conda/micromamba:v2', 'conda/pixi:v1', 'cran/installr:v1'];
export const CONDA_BUILD_TEMPLATES: readonly WaveBuildTemplate[] = ['conda/micromamba:v1', 'conda/micromamba:v2', 'conda/pixi:v1'];

export type WaveScanMode = 'none' | 'async' | 'required';
export const WAVE_SCAN_MODES: readonly WaveScanMode[] = ['none', 'async', 'required'];

export type WaveScanLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export const WAVE_SCAN_LEVELS: readonly WaveScanLevel[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

export type WaveNameStrategy = 'none' | 'tagPrefix' | 'imageSuffix';
export const WAVE_NAME_STRATEGIES: readonly WaveNameStrategy[] = ['none', 'tagPrefix', 'imageSuffix'];

export type WaveCompression = 'gzip' | 'zstd' | 'estargz';
export const WAVE_COMPRESSIONS: readonly WaveCompression[] = ['gzip', 'zstd', 'estargz'];

/** A tar.gz layer; for a build context `location` is `data:` + base64 of the gzip bytes. */
export interface ContainerLayer {
  location: string;
  gzipDigest: string;
  gzipSize: number;
  tarDigest: string;
}

/** wave-api `CondaOpts` / `PixiOpts` / `CranOpts` (the builder image fields aside, as wave-cli's options). */
export interface PackageOpts {
  mambaImage?: string;
  pixiImage?: string;
  rImage?: string;
  baseImage?: string;
  basePackages?: string;
  commands?: string[];
}

export interface PackagesSpec {
  type: 'CONDA' | 'CRAN';
  /** base64 of the conda environment file, byte for byte (xor `entries`). */
  environment?: string;
  /** Conda match specs such as `bioconda::samtools=1.17`, or CRAN package names (xor `environment`). */
  entries?: string[];
  channels: string[];
  condaOpts?: PackageOpts;
  pixiOpts?: PackageOpts;
  cranOpts?: PackageOpts;
}

export interface ContainerConfig {
  env?: string[];
  cmd?: string[];
  entrypoint?: string[];
  workingDir?: string;
  layers?: ContainerLayer[];
}

export interface SubmitContainerTokenRequest {
  towerAccessToken?: string;
  towerEndpoint?: string;
  towerWorkspaceId?: number;
  /** An existing image: to augment (config, layers), freeze or mirror (xor `containerFile`/`packages`). */
  containerImage?: string;
  /** base64 of the Dockerfile (xor `packages`). */
  containerFile?: string;
  packages?: PackagesSpec;
  buildContext?: ContainerLayer;
  containerConfig?: ContainerConfig;
  containerIncludes?: string[];
  containerPlatform: WavePlatform;
  format?: 'sif';
  freeze: boolean;
  mirror: boolean;
  buildRepository?: string;
  cacheRepository?: string;
  buildTemplate?: WaveBuildTemplate;
  nameStrategy?: WaveNameStrategy;
  buildCompression?: { mode: WaveCompression };
  scanMode?: WaveScanMode;
  scanLevels?: WaveScanLevel[];
  /** When the request was made (ISO-8601); Wave uses its offset to show local times. */
  timestamp: string;
}
