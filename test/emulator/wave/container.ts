import { badRequest, HttpError, notFound, objectBody, ok, type Reply, type Req, type Router } from '../http';
import type { EmulatorState } from '../state';
import type { BuildPlan } from './buildlog';
import { condaDockerfile, planCondaBuild, planDockerBuild } from './buildlog';
import { envYamlFromEntries, parseCondaYaml } from './conda';
import { decodeLayer } from './context';
import { type ContainerRequestRec, hostOf, WaveStore } from './store';
import { DEFAULT_PIXI_IMAGE, PIXI_TEMPLATE, pixiDockerfile, singularityRecipe } from './condaLock';
import { buildRepositoryFor, effectiveStrategy, type NameStrategy, nameStrategyOf, targetImageName } from './naming';
import {
  bool, CONTAINER_FILE_MAX, decodeBase64Field, imageExists, LAYER_LOCATION_MAX, normalizePlatform, objectOrUndefined,
  resolveTowerUser, str, stringList,
} from './validate';

const HOUR = 3600_000;
const DEFAULT_MAMBA = 'mambaorg/micromamba:2-amazon2023';
const DEFAULT_MAMBA_V1 = 'mambaorg/micromamba:1.5.10-noble';

/** POST /v1alpha2/container and the container record/status routes. */
export function containerRoutes(router: Router, state: EmulatorState): void {
  router.post('/v1alpha2/container', (req) => submit(state, req));
  router.post('/container-token', () => {
    throw badRequest('The emulator serves only /v1alpha2/container - /container-token is deprecated');
  });
  router.get('/v1alpha2/container/:requestId', (req) => ok(record(state, req.params.requestId)));
  router.get('/v1alpha2/container/:requestId/status', (req) => ok(containerStatus(state, req.params.requestId)));
}

function requestOf(state: EmulatorState, id: string): ContainerRequestRec {
  const r = state.wave.requests.get(id);
  if (!r) throw notFound(`Container request '${id}' not found`);
  return r;
}

function record(state: EmulatorState, id: string): Record<string, unknown> {
  const r = requestOf(state, id);
  const user = r.userId !== undefined ? state.users.get(r.userId) : undefined;
  return {
    requestId: r.requestId, containerImage: r.containerImage, targetImage: r.targetImage, buildId: r.buildId, cached: r.cached,
    freeze: r.freeze, mirror: r.mirror, scanMode: r.scanMode, timestamp: state.clock.iso(r.creationTime),
    expiration: r.expiration !== undefined ? state.clock.iso(r.expiration) : undefined,
    user: user ? { id: user.id, userName: user.userName, email: user.email } : undefined, sourceIp: '127.0.0.1',
  };
}

export function containerStatus(state: EmulatorState, id: string): Record<string, unknown> {
  const r = requestOf(state, id);
  const wave = state.wave;
  const base = { id: r.requestId, creationTime: state.clock.iso(r.creationTime) };
  const build = r.build ?? (r.buildId ? wave.builds.get(r.buildId) : undefined);
  if (!build || r.cached) {
    return { ...base, status: 'DONE', buildId: r.buildId, succeeded: true, duration: 0 };
  }
  const withIds = { ...base, buildId: build.buildId, scanId: build.scanId };
  if (!wave.buildDone(build)) return { ...withIds, status: 'BUILDING' };
  const elapsed = (state.clock.now() - r.creationTime) / 1000;
  if (build.plan.failure) {
    return { ...withIds, status: 'DONE', succeeded: false, reason: 'Container build did not complete successfully', detailsUri: wave.detailsUri(build.buildId), duration: elapsed };
  }
  const scanned = build.scanId !== undefined && wave.scanDone(build);
  if (r.scanMode === 'required' && build.scanId && !scanned) return { ...withIds, status: 'SCANNING' };
  const out: Record<string, unknown> = { ...withIds, status: 'DONE', succeeded: true, duration: elapsed };
  if (scanned) {
    const summary: Record<string, number> = {};
    for (const v of build.vulnerabilities) summary[v.severity] = (summary[v.severity] ?? 0) + 1;
    out.vulnerabilities = summary;
    if (r.scanMode === 'required' && r.scanLevels) {
      const allowed = new Set(r.scanLevels.map((l) => l.toUpperCase()));
      if (Object.keys(summary).some((sev) => !allowed.has(sev))) {
        out.succeeded = false;
        out.reason = 'Container security scan did not pass';
        out.detailsUri = `${state.waveUrl}/view/scans/${build.scanId}`;
      }
    }
  }
  return out;
}

async function submit(state: EmulatorState, req: Req): Promise<Reply> {
  const body = objectBody(req);
  if (body.condaFile !== undefined && body.condaFile !== null) throw badRequest('Attribute `condaFile` is not supported by v1alpha2 - use `packages` instead');
  if (body.spackFile !== undefined && body.spackFile !== null) throw badRequest('Spack is no longer supported - use `packages` instead');
  const containerImage = str(body, 'containerImage');
  const containerFileB64 = str(body, 'containerFile');
  const packages = objectOrUndefined(body.packages, 'packages');
  if (containerImage && containerFileB64) throw badRequest('Attribute `containerImage` and `containerFile` conflicts each other');
  if (containerFileB64 && packages) throw badRequest('Attribute `containerFile` and `packages` conflicts each other');
  if (containerImage && packages) throw badRequest('Attribute `containerImage` and `packages` conflicts each other');
  if (!containerImage && !containerFileB64 && !packages) throw badRequest('Specify either `containerImage`, `containerFile` or `packages` attribute');
  if (containerFileB64 !== undefined && containerFileB64.length > CONTAINER_FILE_MAX) {
    throw badRequest(`Container file exceeds the maximum allowed size of ${CONTAINER_FILE_MAX} characters`);
  }
  const containerFile = containerFileB64 !== undefined ? decodeBase64Field(containerFileB64, 'containerFile') : undefined;
  const format = str(body, 'format');
  if (format !== undefined && format !== 'sif' && format !== 'docker') throw badRequest(`Unsupported container format '${format}'`);
  const freeze = bool(body, 'freeze');
  const mirror = bool(body, 'mirror');
  const dryRun = bool(body, 'dryRun');
  const buildRepository = str(body, 'buildRepository');
  const platform = normalizePlatform(body.containerPlatform);
  if (format === 'sif' && !freeze) throw badRequest('Singularity build requires enabling freeze mode');
  if (format === 'sif' && platform.includes(',')) throw badRequest('Multi-platform builds are not supported for Singularity images');
  if (platform.includes(',') && containerImage) throw badRequest('Multi-platform is only supported for container builds - use `containerFile` or `packages`');
  // Freeze without a build repository is Seqera Containers: packages only, into the public community repository, no token needed.
  if (freeze && !buildRepository && containerFileB64) throw badRequest('Attribute `buildRepository` must be specified when using freeze mode [1]');
  if (freeze && !buildRepository && containerImage) throw badRequest('Attribute `buildRepository` must be specified when using freeze mode [2]');
  if (freeze && buildRepository && !body.towerAccessToken) throw badRequest('Container freeze requires an authenticated request - specify the tower token attribute');
  if (buildRepository && !body.towerAccessToken) throw badRequest('Attribute `buildRepository` requires an authenticated request - specify the tower token attribute');
  if (mirror && (!containerImage || !buildRepository)) throw badRequest('Container mirror requires `containerImage` and `buildRepository`');
  const user = resolveTowerUser(state, body);
  const scanMode = (str(body, 'scanMode') ?? 'async') as ContainerRequestRec['scanMode'];
  if (!['none', 'async', 'required'].includes(scanMode)) throw badRequest(`Invalid scan mode '${scanMode}'`);
  const scanLevels = stringList(body.scanLevels, 'scanLevels');
  if (body.buildContext !== undefined && body.buildContext !== null && !containerFile) throw badRequest('Attribute `buildContext` requires `containerFile`');
  const context = body.buildContext !== undefined && body.buildContext !== null ? await decodeLayer(body.buildContext, 'buildContext') : undefined;
  const config = objectOrUndefined(body.containerConfig, 'containerConfig');
  const layers = config?.layers;
  if (layers !== undefined && !Array.isArray(layers)) throw badRequest('Attribute `containerConfig.layers` must be a list');
  for (const [i, layer] of (Array.isArray(layers) ? layers : []).entries()) {
    const loc = (layer as { location?: unknown })?.location;
    if (typeof loc === 'string' && loc.length > LAYER_LOCATION_MAX) throw badRequest(`Container layer ${i} exceeds the max allowed size of ${LAYER_LOCATION_MAX} characters`);
    await decodeLayer(layer, `containerConfig.layers[${i}]`);
  }

  const now = state.clock.now();
  const requestId = state.wave.newRequestId();
  const waveHost = hostOf(state.waveUrl);
  const common = { requestId, freeze, mirror, scanMode, scanLevels, creationTime: now, userId: user?.id };

  if (containerImage) {
    if (!imageExists(containerImage)) throw badRequest(`Container image '${containerImage}' does not exist or access is not authorized`);
    const target = mirror ? `${buildRepository}/${containerImage.split('/').pop()}` : `${waveHost}/wt/${requestId}/${stripRegistry(containerImage)}`;
    const rec: ContainerRequestRec = { ...common, containerToken: mirror ? undefined : requestId, targetImage: target, containerImage, cached: false, expiration: mirror ? undefined : now + 12 * HOUR };
    if (!dryRun) state.wave.requests.set(requestId, rec);
    return ok(response(state, rec, true));
  }

  // A build: work out the Dockerfile / conda file, the plan and the name.
  const strategy = nameStrategyOf(body.nameStrategy);
  const d = describeBuild(state, { packages, containerFile, files: context?.files, tarDigest: context?.tarDigest, config, platform, format, freeze, buildRepository, strategy, template: str(body, 'buildTemplate') });
  const { hash, dockerFile, condaFile, plan, buildTemplate } = d;
  const previous = state.wave.latestBuild(hash);
  const reuse = previous && !(previous.plan.failure && state.wave.buildDone(previous));
  // A build that exists already keeps its name (recorded builds primed into the emulator have Wave's real one).
  const builtImage = reuse ? previous.targetImage : d.builtImage;
  const targetImage = freeze ? builtImage : `${waveHost}/wt/${requestId}/${stripRegistry(builtImage)}`;
  const cached = !!reuse && state.wave.buildDone(previous) && !previous.plan.failure;
  let buildId: string;
  let build = reuse ? previous : undefined;
  if (reuse) {
    buildId = previous.buildId;
  } else {
    if (!state.wave.takeBuildPermit(user ? `user:${user.id}` : 'anonymous')) {
      throw new HttpError(429, user ? `Request exceeded build rate limit for user '${user.userName}'` : 'Request exceeded build rate limit for IP 127.0.0.1');
    }
    if (dryRun) {
      buildId = `bd-${hash}_0`;
    } else {
      build = state.wave.addBuild({
        hash, dockerFile, condaFile, targetImage: builtImage, platform, format: format === 'sif' ? 'SINGULARITY' : 'DOCKER', buildTemplate,
        userId: user?.id, userName: user?.userName, userEmail: user?.email, startTime: now, plan: plan(builtImage), scan: scanMode !== 'none' && format !== 'sif',
        compression: body.buildCompression ?? undefined,
      });
      buildId = build.buildId;
    }
  }
  const rec: ContainerRequestRec = {
    ...common, containerToken: freeze ? undefined : requestId, targetImage, containerImage: builtImage, buildId, cached, build,
    expiration: freeze ? undefined : now + 12 * HOUR,
  };
  if (!dryRun) state.wave.requests.set(requestId, rec);
  return ok(response(state, rec, cached));
}

export interface BuildInputs {
  packages?: Record<string, unknown>;
  containerFile?: string;
  files?: string[];
  tarDigest?: string;
  config?: Record<string, unknown>;
  platform: string;
  format?: string;
  freeze: boolean;
  buildRepository?: string;
  strategy?: NameStrategy;
  template?: string;
}

export interface BuildDescription {
  hash: string;
  dockerFile: string;
  condaFile?: string;
  plan: (target: string) => BuildPlan;
  buildTemplate?: string;
  /** The image the build pushes (`oras://…` for Singularity). */
  builtImage: string;
}

/** What a build request builds and how it is named; the same inputs always give the same hash and name. */
export function describeBuild(state: EmulatorState, b: BuildInputs): BuildDescription {
  let dockerFile: string;
  let condaFile: string | undefined;
  let plan: (target: string) => BuildPlan;
  let buildTemplate: string | undefined;
  let cranName: string | undefined;
  if (b.packages) {
    const built = packagesBuild(b.packages, b.platform, b.template);
    ({ dockerFile, condaFile, plan, buildTemplate } = built);
    cranName = built.cranName;
    if (b.format === 'sif') dockerFile = singularityRecipe(dockerFile);
  } else {
    dockerFile = b.containerFile!;
    if (!dockerFile.trim()) throw badRequest('Attribute `containerFile` cannot be empty');
    const files = b.files;
    const platform = b.platform;
    plan = (target) => planDockerBuild(dockerFile, files, target, platform);
  }
  const repo = buildRepositoryFor(b.buildRepository, b.freeze, `${hostOf(state.waveUrl)}/wave/build`, b.strategy);
  const strategy = effectiveStrategy(repo, b.strategy);
  const hash = WaveStore.contentHash({
    dockerFile, condaFile, platform: b.platform, repo, context: b.tarDigest, config: b.config ?? null, format: b.format ?? null, freeze: b.freeze,
    ...(b.strategy ? { strategy: b.strategy } : {}),
  });
  const formatName = b.format === 'sif' ? 'SINGULARITY' : 'DOCKER';
  const builtImage = cranName !== undefined
    ? (formatName === 'SINGULARITY' ? 'oras://' : '') + `${repo}:${cranName ? `${cranName}--` : ''}${hash}`
    : targetImageName(formatName, repo, hash, condaFile, strategy);
  return { hash, dockerFile, condaFile, plan, buildTemplate, builtImage };
}

function response(state: EmulatorState, r: ContainerRequestRec, done: boolean): Record<string, unknown> {
  const build = r.build ?? (r.buildId ? state.wave.builds.get(r.buildId) : undefined);
  const out: Record<string, unknown> = { requestId: r.requestId, targetImage: r.targetImage, containerImage: r.containerImage };
  if (r.containerToken) out.containerToken = r.containerToken;
  if (r.expiration !== undefined) out.expiration = state.clock.iso(r.expiration);
  if (r.buildId) {
    out.buildId = r.buildId;
    out.cached = r.cached;
  }
  if (build?.scanId) out.scanId = build.scanId;
  out.freeze = r.freeze;
  out.mirror = r.mirror;
  out.succeeded = done ? true : null;
  return out;
}

function stripRegistry(image: string): string {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const rest = hasRegistry ? image.slice(first.length + 1) : image.includes('/') ? image : `library/${image}`;
  return rest.includes(':') || rest.includes('@') ? rest : `${rest}:latest`;
}

function packagesBuild(packages: Record<string, unknown>, platform: string, template: string | undefined): { dockerFile: string; condaFile?: string; plan: (t: string) => BuildPlan; cranName?: string; buildTemplate?: string } {
  const type = packages.type;
  if (type !== 'CONDA' && type !== 'CRAN') throw badRequest(`Unsupported packages type '${String(type)}' - use 'CONDA' or 'CRAN'`);
  const envB64 = packages.environment;
  const entries = stringList(packages.entries, 'packages.entries');
  if (envB64 !== undefined && envB64 !== null && entries) throw badRequest('Attribute `packages.environment` and `packages.entries` conflicts each other');
  if ((envB64 === undefined || envB64 === null) && !entries?.length) throw badRequest('Attribute `packages` must specify either `environment` or `entries`');
  const channels = stringList(packages.channels, 'packages.channels') ?? ['conda-forge', 'bioconda'];
  if (type === 'CRAN') {
    const list = entries ?? decodeBase64Field(envB64, 'packages.environment').split(/\s+/).filter(Boolean);
    const rImage = String((packages.cranOpts as Record<string, unknown> | undefined)?.rImage ?? 'rocker/r-ver:4.4.1');
    const dockerFile = `FROM ${rImage}\nRUN installr -d ${list.join(' ')}\n`;
    return { dockerFile, plan: (t) => cranPlan(list, dockerFile, t, platform), cranName: list.slice(0, 3).join('_').replace(/[^A-Za-z0-9_.-]/g, ''), buildTemplate: 'cran/installr:v1' };
  }
  const condaFile = entries ? envYamlFromEntries(entries, channels) : decodeBase64Field(envB64, 'packages.environment');
  const opts = (packages.condaOpts as Record<string, unknown> | undefined) ?? {};
  const mamba = typeof opts.mambaImage === 'string' ? opts.mambaImage : template === 'conda/micromamba:v1' ? DEFAULT_MAMBA_V1 : DEFAULT_MAMBA;
  const pixi = (packages.pixiOpts as Record<string, unknown> | undefined) ?? {};
  const dockerFile = template === PIXI_TEMPLATE
    ? pixiDockerfile(typeof pixi.pixiImage === 'string' ? pixi.pixiImage : DEFAULT_PIXI_IMAGE, typeof pixi.basePackages === 'string' ? pixi.basePackages : 'conda-forge::procps-ng', stringList(pixi.commands, 'pixiOpts.commands') ?? [], typeof pixi.baseImage === 'string' ? pixi.baseImage : undefined)
    : condaDockerfile(mamba, typeof opts.basePackages === 'string' ? opts.basePackages : 'conda-forge::procps-ng', stringList(opts.commands, 'condaOpts.commands') ?? []);
  let parseError: string | undefined;
  try {
    parseCondaYaml(condaFile);
  } catch (e) {
    parseError = (e as Error).message;
  }
  const plan = (target: string): BuildPlan => {
    if (parseError) return { log: [`critical libmamba ${parseError}`], durationMs: 10_000, failure: { reason: parseError, exitStatus: 1 } };
    return planCondaBuild(parseCondaYaml(condaFile), dockerFile, target, platform);
  };
  return { dockerFile, condaFile, plan, buildTemplate: template ?? 'conda/micromamba:v2' };
}

function cranPlan(list: string[], dockerFile: string, target: string, platform: string): BuildPlan {
  const base = planDockerBuild(dockerFile.replace(/^RUN .*$/m, 'RUN true'), undefined, target, platform);
  const bad = list.find((p) => p.toLowerCase().includes('doesnotexist'));
  const lines = list.map((p) => (p === bad ? `Warning: package '${p}' is not available for this version of R` : `* DONE (${p})`));
  if (bad) return { log: [...base.log.slice(0, -6), ...lines, `Error: installation of package '${bad}' had non-zero exit status`], durationMs: 30_000, failure: { reason: `installation of package '${bad}' had non-zero exit status`, exitStatus: 1 } };
  return { log: [...base.log.slice(0, -6), ...lines, ...base.log.slice(-6)], durationMs: 60_000 + list.length * 15_000 };
}
