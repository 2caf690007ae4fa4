/**
 * The Wave API shapes this extension sends and reads (wave-api
 * `SubmitContainerTokenRequest` and friends; see the README "Build with Wave").
 * Only the fields we use are typed; responses are narrowed in `responses.ts`.
 */

export type WavePlatform = 'linux/amd64' | 'linux/arm64';
export const WAVE_PLATFORMS: readonly WavePlatform[] = ['linux/amd64', 'linux/arm64'];

export type WaveBuildTemplate = 'conda/micromamba:v1' | 'conda/micromamba:v2' | 'conda/pixi:v1';
export const WAVE_BUILD_TEMPLATES: readonly WaveBuildTemplate[] = ['conda/micromamba:v1', 'conda/micromamba:v2', 'conda/pixi:v1'];

export type WaveScanMode = 'none' | 'async' | 'required';
export const WAVE_SCAN_MODES: readonly WaveScanMode[] = ['none', 'async', 'required'];

/** A tar.gz layer; for a build context `location` is `data:` + base64 of the gzip bytes. */
export interface ContainerLayer {
  location: string;
  gzipDigest: string;
  gzipSize: number;
  tarDigest: string;
}

export interface PackagesSpec {
  type: 'CONDA';
  /** base64 of the conda environment file, byte for byte (xor `entries`). */
  environment?: string;
  /** Conda match specs such as `bioconda::samtools=1.17` (xor `environment`). */
  entries?: string[];
  channels: string[];
}

export interface SubmitContainerTokenRequest {
  towerAccessToken?: string;
  towerEndpoint?: string;
  towerWorkspaceId?: number;
  /** base64 of the Dockerfile (xor `packages`). */
  containerFile?: string;
  packages?: PackagesSpec;
  buildContext?: ContainerLayer;
  containerPlatform: WavePlatform;
  format?: 'sif';
  freeze: boolean;
  mirror: boolean;
  buildRepository?: string;
  cacheRepository?: string;
  buildTemplate?: WaveBuildTemplate;
  scanMode?: WaveScanMode;
  /** How Wave names the image of a conda build (Seqera Containers: unset means `imageSuffix`). */
  nameStrategy?: 'none' | 'tagPrefix' | 'imageSuffix';
  /** When the request was made (ISO-8601); Wave uses its offset to show local times. */
  timestamp: string;
}
