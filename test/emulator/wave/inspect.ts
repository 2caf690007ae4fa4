import { createHash } from 'node:crypto';
import { badRequest, notFound, objectBody, ok, type Router } from '../http';
import type { EmulatorState } from '../state';
import { imageExists, resolveTowerUser, str } from './validate';
import { type BuildRec, hostOf } from './store';

interface Known {
  env: string[];
  cmd?: string[];
  entrypoint?: string[];
  workingDir?: string;
  layers: number;
  arch?: string;
  /** Published for linux/amd64 and linux/arm64 under one OCI index. */
  multiArch?: boolean;
}

/** Images the emulator describes with their real-looking config; any other name gets a generic spec. */
export const KNOWN_IMAGES: Record<string, Known> = {
  'library/ubuntu:22.04': { env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: ['/bin/bash'], layers: 1 },
  'library/ubuntu:24.04': { env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: ['/bin/bash'], layers: 1 },
  'library/debian:12': { env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: ['bash'], layers: 1, multiArch: true },
  'library/alpine:3.20': { env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: ['/bin/sh'], layers: 1 },
  'library/python:3.12-slim': { env: ['PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=C.UTF-8', 'PYTHON_VERSION=3.12.7'], cmd: ['python3'], layers: 4 },
  'mambaorg/micromamba:1.5.10-noble': { env: ['MAMBA_ROOT_PREFIX=/opt/conda', 'MAMBA_USER=mambauser', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], entrypoint: ['/usr/local/bin/_entrypoint.sh'], cmd: ['/bin/bash'], layers: 7 },
  'mambaorg/micromamba:2-amazon2023': { env: ['MAMBA_ROOT_PREFIX=/opt/conda', 'MAMBA_USER=mambauser', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], entrypoint: ['/usr/local/bin/_entrypoint.sh'], cmd: ['/bin/bash'], layers: 8 },
  'rocker/r-ver:4.4.1': { env: ['R_VERSION=4.4.1', 'R_HOME=/usr/local/lib/R', 'TZ=Etc/UTC', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: ['R'], layers: 5 },
  'biocontainers/samtools:1.17--h00cdaf9_0': { env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: ['/bin/sh'], layers: 3 },
};

function split(image: string): { registry: string; hostName: string; repo: string; reference: string } {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  let rest = hasRegistry ? image.slice(first.length + 1) : image;
  if (!rest.includes('/') && registry === 'docker.io') rest = `library/${rest}`;
  const at = rest.lastIndexOf(':');
  const [repo, reference] = at > rest.lastIndexOf('/') ? [rest.slice(0, at), rest.slice(at + 1)] : [rest, 'latest'];
  const hostName = registry === 'docker.io' ? 'https://registry-1.docker.io' : `https://${registry}`;
  return { registry, hostName, repo, reference };
}

const digest = (s: string): string => 'sha256:' + createHash('sha256').update(s).digest('hex');

/** The emulator's description of a well-known image, if it has one. */
export function knownImage(image: string): Known | undefined {
  const { repo, reference } = split(image);
  return KNOWN_IMAGES[`${repo}:${reference}`] ?? KNOWN_IMAGES[`${repo.replace(/^library\//, '')}:${reference}`];
}

interface Described {
  spec: Known;
  /** Extra layers and config of an augmented Wave image (`…/wt/<token>/…`). */
  extraLayers: { location: string; gzipDigest: string; gzipSize: number; tarDigest: string }[];
  multiArch: boolean;
}

const GENERIC: Known = { env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], cmd: ['/bin/sh'], layers: 2 };

function describe(state: EmulatorState, image: string): Described {
  const waveHost = hostOf(state.waveUrl);
  const token = new RegExp(`^${waveHost.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/wt/([0-9a-f]+)/`).exec(image)?.[1];
  const request = token ? state.wave.requests.get(token) : undefined;
  if (request?.sourceImage) {
    const base = describe(state, request.sourceImage);
    const cfg = request.containerConfig ?? {};
    const list = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length ? v.map(String) : undefined);
    const spec: Known = {
      ...base.spec,
      env: [...base.spec.env, ...(list(cfg.env) ?? [])],
      cmd: list(cfg.cmd) ?? base.spec.cmd,
      entrypoint: list(cfg.entrypoint) ?? base.spec.entrypoint,
      workingDir: typeof cfg.workingDir === 'string' ? cfg.workingDir : base.spec.workingDir,
    };
    const extra = Array.isArray(cfg.layers) ? (cfg.layers as Described['extraLayers']) : [];
    return { spec, extraLayers: [...base.extraLayers, ...extra], multiArch: false };
  }
  const built = [...state.wave.builds.values()].find((b) => b.targetImage === image || `oras://${image}` === b.targetImage);
  if (built) return { spec: GENERIC, extraLayers: [], multiArch: (built.buildChildIds?.length ?? 0) > 1 };
  const known = knownImage(image);
  return { spec: known ?? GENERIC, extraLayers: [], multiArch: known?.multiArch === true };
}

/** POST /v1alpha1/inspect → `{container: ContainerSpec}`, or `{index: IndexSpec}` for a multi-platform image asked without `?platform=`. */
export function inspectRoutes(router: Router, state: EmulatorState): void {
  router.post('/v1alpha1/inspect', (req) => {
    const body = objectBody(req);
    const image = str(body, 'containerImage');
    if (!image) throw badRequest("Missing 'containerImage' attribute");
    const platform = req.query.get('platform') ?? undefined;
    if (platform?.includes(',')) throw badRequest(`Container multi-platform architecture not allowed - offending value: ${platform}`);
    resolveTowerUser(state, body);
    if (/^[a-z]+:\/\//.test(image)) throw badRequest(`Invalid container image name '${image}' - remove the '${image.split('://')[0]}://' prefix`);
    if (!imageExists(image)) throw notFound(`Container image '${image}' does not exist or access is not authorized`);
    const sif = state.wave.buildByImage(`oras://${image}`);
    if (sif) return ok(sifSpec(state, image, sif));
    return ok(inspectAnswer(state, image, platform));
  });
}

export function inspectAnswer(state: EmulatorState, image: string, platform: string | undefined): Record<string, unknown> {
  const { registry, hostName, repo, reference } = split(image);
  const d = describe(state, image);
  if (d.multiArch && !platform) {
    const manifests = ['amd64', 'arm64'].map((arch) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest(`${image}#${arch}`), size: 1_024 + arch.length,
      platform: { architecture: arch, os: 'linux', ...(arch === 'arm64' ? { variant: 'v8' } : {}) },
    }));
    return { index: { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests, digest: digest(image) } };
  }
  const spec = d.spec;
  const arch = (platform ?? 'linux/amd64').split('/')[1] ?? 'amd64';
  const layers = [
    ...Array.from({ length: spec.layers }, (_, i) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digest(`${image}#${arch}#layer${i}`), size: 1_000_000 + (i * 7_919_113) % 40_000_000,
    })),
    ...d.extraLayers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: l.gzipDigest, size: l.gzipSize })),
  ];
  const diffIds = [...layers.slice(0, spec.layers).map((l) => digest(`${l.digest}#diff`)), ...d.extraLayers.map((l) => l.tarDigest)];
  return {
    container: {
      registry, hostName, imageName: repo, reference, digest: digest(`${image}#${arch}`),
      config: {
        architecture: arch, os: 'linux',
        config: { env: spec.env, cmd: spec.cmd, entrypoint: spec.entrypoint, workingDir: spec.workingDir ?? '/', image: digest(`${image}#image`) },
        created: '2024-09-17T07:12:44.000000000Z',
        rootfs: { type: 'layers', diff_ids: diffIds },
      },
      manifest: {
        schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(`${image}#${arch}#config`), size: 2_468 },
        layers,
      },
      v1: false, v2: true, oci: true,
    },
  };
}

export const SIF_LAYER_MEDIA_TYPE = 'application/vnd.sylabs.sif.layer.v1.sif';

/**
 * A Singularity image as Wave inspects it: an ORAS manifest with exactly one
 * layer, the SIF blob (its digest is what the HTTPS URL names); the config is a
 * different, small blob. 404 while the build runs or when it failed.
 */
function sifSpec(state: EmulatorState, image: string, b: BuildRec): Record<string, unknown> {
  if (!state.wave.buildDone(b) || b.plan.failure) throw notFound(`Container image '${image}' does not exist or access is not authorized`);
  const { registry, hostName, repo, reference } = split(image);
  const layer = b.sifDigest ?? digest(`${b.buildId}#sif`);
  return {
    container: {
      registry, hostName, imageName: repo, reference, digest: digest(`${image}#manifest`),
      config: { architecture: b.platform.split('/')[1], os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [] } },
      manifest: {
        schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.sylabs.sif.config.v1+json', digest: digest(`${b.buildId}#sifconfig`), size: 233 },
        layers: [{ mediaType: SIF_LAYER_MEDIA_TYPE, digest: layer, size: 90_000_000 + (Number.parseInt(layer.slice(7, 12), 16) % 200_000_000), annotations: { 'org.opencontainers.image.title': `${repo.split('/').pop()}.sif` } }],
      },
      v1: false, v2: true, oci: true,
    },
  };
}
