import { badRequest, HttpError, isRecord, objectBody, ok, type Reply, type Req, type Router } from '../http';
import type { EmulatorState } from '../state';
import type { BuildPlan } from './buildlog';
import { planCondaBuild, planDockerBuild } from './buildlog';
import { envYamlFromEntries, parseCondaYaml } from './conda';
import { decodeLayer } from './context';
import { emptyNotFound, enumError } from './errors';
import { freezeContainerFile } from './freeze';
import { knownImage } from './inspect';
import { submitMirror, validateMirror } from './mirror';
import { addMultiPlatformBuild, validateMultiPlatform } from './multiplatform';
import { childRefsJson, scanStatus, startImageScan } from './scans';
import { type BuildRec, type ContainerRequestRec, hostOf, WaveStore } from './store';
import { singularityRecipe } from './condaLock';
import { buildRepositoryFor, effectiveStrategy, type NameStrategy, targetImageName } from './naming';
import { generateContainerFile, isCondaLock, type Opts } from './templates';
import {
  bool, CONTAINER_FILE_MAX, decodeBase64Field, imageExists, LAYER_LOCATION_MAX, normalizePlatform, objectOrUndefined,
  resolveTowerUser, str, stringList,
} from './validate';

const HOUR = 3600_000;
const NAME_STRATEGIES = ['none', 'tagPrefix', 'imageSuffix'] as const;
const SCAN_MODES = ['none', 'async', 'required'] as const;
const SCAN_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const COMPRESSIONS = ['gzip', 'estargz', 'zstd'] as const;
const MAX_INCLUDES = 10;

/** POST /v1alpha2/container (and the deprecated POST /container-token), the container record and status. */
export function containerRoutes(router: Router, state: EmulatorState): void {
  router.post('/v1alpha2/container', (req) => submit(state, req, true));
  router.post('/container-token', (req) => submit(state, req, false));
  router.get('/v1alpha2/container/:requestId', (req) => ok(record(state, req.params.requestId)));
  router.get('/v1alpha2/container/:requestId/status', (req) => ok(containerStatus(state, req.params.requestId)));
}

function requestOf(state: EmulatorState, id: string): ContainerRequestRec {
  const r = state.wave.requests.get(id);
  if (!r) throw emptyNotFound();
  return r;
}

function record(state: EmulatorState, id: string): Record<string, unknown> {
  const r = requestOf(state, id);
  const user = r.userId !== undefined ? state.users.get(r.userId) : undefined;
  return {
    requestId: r.requestId, containerImage: r.containerImage, targetImage: r.targetImage, buildId: r.buildId, cached: r.cached,
    freeze: r.freeze, mirror: r.mirror, scanMode: r.scanMode, scanId: r.scanId, scanChildIds: childRefsJson(r.scanChildIds),
    timestamp: state.clock.iso(r.creationTime),
    expiration: r.expiration !== undefined ? state.clock.iso(r.expiration) : undefined, containerConfig: r.containerConfig,
    platform: r.platform, buildRepository: r.buildRepository, cacheRepository: r.cacheRepository, workspaceId: r.workspaceId,
    towerEndpoint: r.towerEndpoint, sourceImage: r.sourceImage,
    user: user ? { id: user.id } : undefined, sourceIp: '127.0.0.1',
  };
}

/** `ContainerStatusServiceImpl.getContainerStatus`. */
export function containerStatus(state: EmulatorState, id: string): Record<string, unknown> {
  const r = requestOf(state, id);
  const wave = state.wave;
  const base = { id: r.requestId, creationTime: state.clock.iso(r.creationTime) };
  const ids = { buildId: r.mirror ? undefined : r.buildId, mirrorId: r.mirror ? r.buildId : undefined, scanId: r.scanId };
  let running: boolean;
  let succeeded: boolean;
  let durationSec: number;
  if (r.mirror && r.buildId) {
    const m = wave.mirrors.get(r.buildId);
    running = !!m && !wave.mirrorDone(m);
    succeeded = true;
    durationSec = m ? Math.min(m.durationMs, state.clock.now() - m.creationTime) / 1000 : 0;
  } else if (r.build ?? (r.buildId && wave.builds.get(r.buildId))) {
    const b = r.build ?? wave.builds.get(r.buildId!)!;
    running = !wave.buildDone(b);
    succeeded = !b.plan.failure;
    durationSec = running ? (state.clock.now() - b.startTime) / 1000 : b.plan.durationMs / 1000;
  } else {
    running = false;
    succeeded = true;
    durationSec = (state.clock.now() - r.creationTime) / 1000;
  }
  if (running) return { ...base, ...ids, status: 'BUILDING', duration: durationSec };
  if (!r.scanId || !succeeded) {
    const failed = succeeded ? {} : r.mirror
      ? { reason: 'Container mirror did not complete successfully', detailsUri: `${state.waveUrl}/view/mirrors/${r.buildId}` }
      : { reason: 'Container build did not complete successfully', detailsUri: wave.detailsUri(r.buildId ?? '') };
    return { ...base, ...ids, status: 'DONE', succeeded, ...failed, duration: durationSec };
  }
  if (r.scanMode === 'required') {
    const s = scanStatus(state, r);
    if (!s.done) return { ...base, ...ids, status: 'SCANNING' };
    return { ...base, ...ids, status: 'DONE', vulnerabilities: s.summary, succeeded: s.succeeded, reason: s.reason, detailsUri: s.detailsUri, duration: durationSec + s.durationSec };
  }
  return { ...base, ...ids, status: 'DONE', succeeded: true, duration: durationSec };
}

function oneOf<T extends string>(body: Record<string, unknown>, key: string, allowed: readonly T[], type: string): T | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw enumError(type, key, String(v), allowed);
  return v as T;
}

async function submit(state: EmulatorState, req: Req, v2: boolean): Promise<Reply> {
  const body = objectBody(req);
  if (body.spackFile !== undefined && body.spackFile !== null) throw badRequest('Spack is no longer supported - use `packages` instead');
  // Jackson binds the enums first: an unknown value is a 500 with an Error ID, before any check of Wave's own.
  const nameStrategy = oneOf(body, 'nameStrategy', NAME_STRATEGIES, 'io.seqera.wave.api.ImageNameStrategy');
  const scanMode = oneOf(body, 'scanMode', SCAN_MODES, 'io.seqera.wave.api.ScanMode');
  for (const level of stringList(body.scanLevels, 'scanLevels') ?? []) {
    if (!SCAN_LEVELS.includes(level as (typeof SCAN_LEVELS)[number])) throw enumError('io.seqera.wave.api.ScanLevel', 'scanLevels', level, SCAN_LEVELS);
  }
  const scanLevels = stringList(body.scanLevels, 'scanLevels');
  const compression = objectOrUndefined(body.buildCompression, 'buildCompression');
  if (compression) {
    oneOf(compression, 'mode', COMPRESSIONS, 'io.seqera.wave.api.BuildCompression$Mode');
    if (compression.level !== undefined && compression.level !== null && !Number.isInteger(compression.level)) throw enumError('java.lang.Integer', 'buildCompression', String(compression.level), []);
  }
  const containerImage = str(body, 'containerImage');
  let containerFileB64 = str(body, 'containerFile');
  const packages = objectOrUndefined(body.packages, 'packages');
  const mirror = bool(body, 'mirror');
  const freeze = bool(body, 'freeze');
  const buildRepository = str(body, 'buildRepository');
  const cacheRepository = str(body, 'cacheRepository');
  let config = objectOrUndefined(body.containerConfig, 'containerConfig');
  const includes = stringList(body.containerIncludes, 'containerIncludes');
  const format = str(body, 'format');
  if (format !== undefined && format !== 'sif' && format !== 'docker') throw badRequest(`Unsupported container format '${format}'`);
  const singularity = format === 'sif';

  // validateContainerRequest, validateMirrorRequest
  if (containerFileB64 !== undefined && containerFileB64.length > CONTAINER_FILE_MAX) {
    throw badRequest(`Container file exceeds the maximum allowed size of ${CONTAINER_FILE_MAX} characters`);
  }
  const layers = config?.layers;
  if (layers !== undefined && !Array.isArray(layers)) throw badRequest('Attribute `containerConfig.layers` must be a list');
  for (const layer of Array.isArray(layers) ? layers : []) {
    const loc = (layer as { location?: unknown })?.location;
    if (typeof loc === 'string' && loc.length > LAYER_LOCATION_MAX) throw badRequest('Container layer exceeds the maximum allowed size');
  }
  if (mirror) validateMirror(body, v2, containerImage, containerFileB64, buildRepository, freeze, includes, config);

  // handleRequest
  if (v2 && containerFileB64 && packages) throw badRequest('Attribute `containerFile` and `packages` conflicts each other');
  if (v2 && body.condaFile !== undefined && body.condaFile !== null) throw badRequest('Attribute `condaFile` is deprecated - use `packages` instead');
  if (!v2 && packages) throw badRequest('Attribute `packages` is not allowed');
  if (!v2 && nameStrategy) throw badRequest('Attribute `nameStrategy` is not allowed by legacy container endpoint');
  if (containerImage && packages) throw badRequest('Attribute `containerImage` and `packages` conflicts each other');
  if (containerFileB64 && freeze && !buildRepository) throw badRequest('Attribute `buildRepository` must be specified when using freeze mode [1]');
  if (containerImage && freeze && !buildRepository) throw badRequest('Attribute `buildRepository` must be specified when using freeze mode [2]');
  // Freeze of packages without a build repository is Seqera Containers: into the public community repository, no token needed.
  if (freeze && buildRepository && !body.towerAccessToken) throw badRequest('Container freeze requires an authenticated request - specify the tower token attribute');
  if (buildRepository && !body.towerAccessToken) throw badRequest('Attribute `buildRepository` requires an authenticated request - specify the tower token attribute');
  const user = resolveTowerUser(state, body);

  const platform = normalizePlatform(body.containerPlatform);
  const template = str(body, 'buildTemplate');
  // Wave generates the container file for packages first: a bad template fails here.
  if (packages) checkTemplate(packages, template);
  if (platform.includes(',')) validateMultiPlatform(platform, !!(containerFileB64 || packages), singularity);

  // makeRequestData
  if (!containerImage && !containerFileB64 && !packages) throw badRequest("Specify either 'containerImage' or 'containerFile' attribute");
  if (containerImage && containerFileB64) throw badRequest("Attributes 'containerImage' and 'containerFile' cannot be used in the same request");
  if (containerImage?.includes('@sha256:') && config && !freeze) throw badRequest("Container requests made using a SHA256 as tag does not support the 'containerConfig' attribute");
  if (singularity && !freeze) throw badRequest("Singularity build is only allowed enabling freeze mode - see 'wave.freeze' setting");
  if (includes?.length) {
    if (includes.length > MAX_INCLUDES) throw badRequest(`The number of container inclusions cannot be greater than ${MAX_INCLUDES}`);
    config = { ...(config ?? {}), layers: [...(Array.isArray(config?.layers) ? config.layers : []), ...includes.flatMap((image) => includeLayers(image, platform))] };
  }
  let containerFile = containerFileB64 !== undefined ? decodeBase64Field(containerFileB64, 'containerFile') : undefined;
  if (freeze) {
    const frozen = freezeContainerFile(containerImage, containerFile, config, singularity);
    if (frozen !== undefined) {
      containerFile = frozen;
      containerFileB64 = Buffer.from(frozen).toString('base64');
    }
  }
  if (containerImage && !containerFileB64 && !imageExists(containerImage)) throw badRequest(`Container image '${containerImage}' does not exist or access is not authorized`);
  const dataLayers = Array.isArray(config?.layers) ? config.layers : [];
  for (const [i, layer] of dataLayers.entries()) {
    if (isRecord(layer) && typeof layer.location === 'string' && layer.location.startsWith('docker://')) continue;
    await decodeLayer(layer, `containerConfig.layers[${i}]`);
  }
  if (body.buildContext !== undefined && body.buildContext !== null && !containerFile) throw badRequest('Attribute `buildContext` requires `containerFile`');
  const context = body.buildContext !== undefined && body.buildContext !== null ? await decodeLayer(body.buildContext, 'buildContext') : undefined;

  const dryRun = bool(body, 'dryRun');
  const now = state.clock.now();
  const requestId = state.wave.newRequestId();
  const waveHost = hostOf(state.waveUrl);
  const wsId = typeof body.towerWorkspaceId === 'number' ? body.towerWorkspaceId : undefined;
  const common = {
    requestId, freeze, mirror, scanMode: scanMode ?? 'none', scanLevels, creationTime: now, userId: user?.id, containerConfig: config,
    platform, buildRepository, cacheRepository, workspaceId: wsId, towerEndpoint: user ? str(body, 'towerEndpoint') : undefined,
  } satisfies Partial<ContainerRequestRec>;

  if (containerImage && mirror) {
    const rec = submitMirror(state, { ...common, scanMode: scanMode ?? 'none' }, containerImage, buildRepository!, user, dryRun);
    return ok(response(state, rec, v2));
  }
  if (containerImage && !containerFile && !packages) {
    // A plain or augmented image: served through Wave's registry proxy, no build; scanned only when asked.
    const target = `${waveHost}/wt/${requestId}/${stripRegistry(containerImage)}`;
    const rec: ContainerRequestRec = {
      ...common, containerToken: requestId, targetImage: target, containerImage, sourceImage: containerImage, cached: false, expiration: now + 12 * HOUR,
    };
    if (scanMode && scanMode !== 'none' && !dryRun) rec.scanId = startImageScan(state, rec, containerImage, platform).id;
    if (!dryRun) state.wave.requests.set(requestId, rec);
    return ok(response(state, rec, v2));
  }

  // A build: the container file (given, generated for packages, or for a freeze), its plan and its name.
  const strategy = nameStrategy as NameStrategy | undefined;
  const inputs = { packages, containerFile, files: context?.files, tarDigest: context?.tarDigest, config: freeze ? config : undefined, format, freeze, buildRepository, strategy, template };
  const effectiveScan = scanMode ?? 'async';
  // `wave.build.timeout` 15 min; 25 min for a "trusted" (freeze, signed-in) build.
  const timeoutMs = (freeze && user ? 25 : 15) * 60_000;
  const requestFor = (b: BuildRec | undefined, buildId: string, builtImage: string, cached: boolean): ContainerRequestRec => ({
    ...common, scanMode: effectiveScan, containerToken: freeze ? undefined : requestId,
    targetImage: freeze ? builtImage : `${waveHost}/wt/${requestId}/${stripRegistry(builtImage)}`,
    containerImage: builtImage, buildId, cached, build: b, expiration: freeze ? undefined : now + 12 * HOUR, scanId: b?.scanId, scanChildIds: b?.scanChildIds,
  });
  const permit = (): void => {
    if (!state.wave.takeBuildPermit(user ? `user:${user.id}` : 'anonymous')) {
      throw new HttpError(429, user ? `Request exceeded build rate limit for user '${user.userName}'` : 'Request exceeded build rate limit for IP 127.0.0.1');
    }
  };
  /** The build of these inputs for one platform: the running or succeeded one, else a new one. */
  const buildFor = (p: string, scan: boolean, beforeNew?: () => void): { build?: BuildRec; d: BuildDescription; reuse: boolean } => {
    const d = describeBuild(state, { ...inputs, platform: p });
    const previous = state.wave.latestBuild(d.hash);
    const reuse = !!previous && !(previous.plan.failure && state.wave.buildDone(previous));
    if (reuse) return { build: previous, d, reuse };
    beforeNew?.();
    if (dryRun) return { d, reuse };
    const build = state.wave.addBuild({
      hash: d.hash, dockerFile: d.dockerFile, condaFile: d.condaFile, targetImage: d.builtImage, platform: p, format: singularity ? 'SINGULARITY' : 'DOCKER',
      buildTemplate: d.buildTemplate ?? template, userId: user?.id, userName: user?.userName, userEmail: user?.email, startTime: now,
      plan: withTimeout(d.plan(d.builtImage), d.builtImage, timeoutMs),
      // Wave gives Singularity images no scan id (ContainerScanServiceImpl.getScanId ignores format 'sif').
      scan: scan && effectiveScan !== 'none' && !singularity, compression: compression ?? undefined,
    });
    return { build, d, reuse };
  };

  if (platform.includes(',')) {
    const d = describeBuild(state, { ...inputs, platform });
    const previous = state.wave.latestBuild(d.hash);
    const reuse = previous && !(previous.plan.failure && state.wave.buildDone(previous));
    if (dryRun) return ok(response(state, requestFor(undefined, `bd-${d.hash}_0`, d.builtImage, !!reuse), v2));
    let parent = reuse ? previous : undefined;
    if (!parent) {
      permit();
      parent = addMultiPlatformBuild(
        state,
        { hash: d.hash, builtImage: d.builtImage, now, scan: effectiveScan !== 'none', template: { dockerFile: d.dockerFile, condaFile: d.condaFile, buildTemplate: d.buildTemplate ?? template, format: singularity ? 'SINGULARITY' : 'DOCKER', compression, user } },
        (p) => buildFor(p, false).build!,
      );
    }
    const rec = requestFor(parent, parent.buildId, parent.targetImage, !!reuse && state.wave.buildDone(parent) && !parent.plan.failure);
    state.wave.requests.set(requestId, rec);
    return ok(response(state, rec, v2));
  }

  const { build, d, reuse } = buildFor(platform, true, permit);
  // A build that exists already keeps its name (recorded builds primed into the emulator have Wave's real one).
  const builtImage = build?.targetImage ?? d.builtImage;
  const cached = reuse && !!build && state.wave.buildDone(build) && !build.plan.failure;
  const rec = requestFor(build, build?.buildId ?? `bd-${d.hash}_0`, builtImage, cached);
  if (!dryRun) state.wave.requests.set(requestId, rec);
  return ok(response(state, rec, v2));
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
  if (b.packages) {
    const built = packagesBuild(b.packages, b.template);
    ({ dockerFile, condaFile, buildTemplate } = built);
    if (b.format === 'sif') dockerFile = singularityRecipe(dockerFile);
    const platform = b.platform;
    plan = (target) => built.plan(target, platform);
  } else {
    dockerFile = b.containerFile!;
    if (!dockerFile.trim()) throw badRequest('Missing dockerfile content');
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
  // CRAN builds have no conda file, so no tool names in the tag: `<repo>:<id>` (docs/api.md's CRAN example).
  const builtImage = targetImageName(b.format === 'sif' ? 'SINGULARITY' : 'DOCKER', repo, hash, condaFile, strategy);
  return { hash, dockerFile, condaFile, plan, buildTemplate, builtImage };
}

/** `ContainerBuildServiceImpl.onJobTimeout`: the build fails at the timeout with Wave's message. */
function withTimeout(plan: BuildPlan, target: string, timeoutMs: number): BuildPlan {
  if (plan.durationMs <= timeoutMs) return plan;
  const reason = `Container image build timed out '${target}'`;
  return { log: [...plan.log.filter((l) => !/DONE|naming to|exporting/.test(l)).slice(0, -1), reason], durationMs: timeoutMs, failure: { reason, exitStatus: -1 } };
}

/** `makeResponseV2` (and V1 for the legacy endpoint: no cached/freeze/mirror/scanId/succeeded; buildId only for a new build). */
function response(state: EmulatorState, r: ContainerRequestRec, v2: boolean): Record<string, unknown> {
  const build = r.mirror ? undefined : (r.build ?? (r.buildId ? state.wave.builds.get(r.buildId) : undefined));
  const out: Record<string, unknown> = { requestId: r.requestId, targetImage: r.targetImage, containerImage: r.containerImage };
  if (r.containerToken) out.containerToken = r.containerToken;
  if (r.expiration !== undefined) out.expiration = state.clock.iso(r.expiration);
  if (!v2) {
    if (r.buildId && !r.cached) out.buildId = r.buildId;
    return out;
  }
  if (r.buildId) {
    out.buildId = r.buildId;
    out.cached = r.cached;
  }
  if (r.scanId) out.scanId = r.scanId;
  out.freeze = r.freeze;
  out.mirror = r.mirror;
  const done = r.buildId === undefined || r.cached || (build !== undefined && state.wave.buildDone(build));
  // With a scan the outcome is not known yet: null (ContainerHelper.makeResponseV2).
  out.succeeded = r.scanId ? null : done ? (build ? !build.plan.failure : true) : null;
  return out;
}

/** `ContainerInclusionImpl`: each layer of an included image becomes a `docker://` layer of the request's config. */
function includeLayers(image: string, platform: string): Record<string, unknown>[] {
  if (!imageExists(image)) throw badRequest(`Container image '${image}' does not exist or access is not authorized`);
  const n = knownImage(image)?.layers ?? 2;
  const first = image.split('/')[0];
  const registry = image.includes('/') && (first.includes('.') || first.includes(':')) ? first : 'docker.io';
  const name = stripRegistry(image).split(':')[0];
  return Array.from({ length: n }, (_, i) => {
    const gz = WaveStore.contentHash({ image, platform, i }).padEnd(64, '0');
    return { location: `docker://${registry}/v2/${name}/blobs/sha256:${gz}`, gzipDigest: `sha256:${gz}`, gzipSize: 1_000_000 + i * 4096, tarDigest: `sha256:${gz.split('').reverse().join('')}` };
  });
}

function stripRegistry(image: string): string {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const rest = hasRegistry ? image.slice(first.length + 1) : image.includes('/') ? image : `library/${image}`;
  return rest.includes(':') || rest.includes('@') ? rest : `${rest}:latest`;
}

function opts(value: unknown, imageKey: string): Opts | undefined {
  if (!isRecord(value)) return undefined;
  return {
    image: typeof value[imageKey] === 'string' ? (value[imageKey] as string) : undefined,
    baseImage: typeof value.baseImage === 'string' ? value.baseImage : undefined,
    basePackages: typeof value.basePackages === 'string' ? value.basePackages : undefined,
    commands: stringList(value.commands, `${imageKey}.commands`),
  };
}

/** The container file Wave generates first for packages: an unknown type or template fails here, before other checks. */
function checkTemplate(packages: Record<string, unknown>, template: string | undefined): void {
  const type = packages.type;
  if (type !== 'CONDA' && type !== 'CRAN') throw enumError('io.seqera.wave.api.PackagesSpec$Type', 'packages', String(type), ['CONDA', 'CRAN']);
  generateContainerFile(type, template, {}, [], stringList(packages.entries, 'packages.entries'));
}

function packagesBuild(packages: Record<string, unknown>, template: string | undefined): { dockerFile: string; condaFile?: string; plan: (t: string, p: string) => BuildPlan; buildTemplate: string } {
  const type = packages.type;
  if (type !== 'CONDA' && type !== 'CRAN') throw enumError('io.seqera.wave.api.PackagesSpec$Type', 'packages', String(type), ['CONDA', 'CRAN']);
  const envB64 = packages.environment;
  const entries = stringList(packages.entries, 'packages.entries');
  if (envB64 !== undefined && envB64 !== null && entries) throw badRequest('Attribute `packages.environment` and `packages.entries` conflicts each other');
  if ((envB64 === undefined || envB64 === null) && !entries?.length) throw badRequest('Attribute `packages` must specify either `environment` or `entries`');
  const channels = stringList(packages.channels, 'packages.channels') ?? ['conda-forge', 'bioconda'];
  if (type === 'CRAN') {
    const list = entries ?? decodeBase64Field(envB64, 'packages.environment').split(/\s+/).filter(Boolean);
    const gen = generateContainerFile('CRAN', template, { cran: opts(packages.cranOpts, 'rImage') }, list);
    return { dockerFile: gen.containerFile, plan: (t, p) => cranPlan(list, gen.containerFile, t, p), buildTemplate: gen.template };
  }
  const gen = generateContainerFile('CONDA', template, { conda: opts(packages.condaOpts, 'mambaImage'), pixi: opts(packages.pixiOpts, 'pixiImage') }, undefined, entries);
  // A single conda-lock URL: Wave installs from it and keeps no conda file (condaFileFromRequest).
  const lock = isCondaLock(entries);
  const condaFile = lock ? undefined : entries ? envYamlFromEntries(entries, channels) : decodeBase64Field(envB64, 'packages.environment');
  let parseError: string | undefined;
  let env: ReturnType<typeof parseCondaYaml> = { channels, packages: [] };
  try {
    if (condaFile !== undefined) env = parseCondaYaml(condaFile);
  } catch (e) {
    parseError = (e as Error).message;
  }
  const plan = (target: string, p: string): BuildPlan => {
    if (parseError) return { log: [`critical libmamba ${parseError}`], durationMs: 10_000, failure: { reason: parseError, exitStatus: 1 } };
    const built = planCondaBuild(env, gen.containerFile, target, p);
    return gen.tool === 'pixi' ? { ...built, log: built.log.map(pixiLine) } : built;
  };
  return { dockerFile: gen.containerFile, condaFile, plan, buildTemplate: gen.template };
}

/** The same solve, told as pixi tells it. */
function pixiLine(line: string): string {
  return line
    .replace('COPY --chown=$MAMBA_USER:$MAMBA_USER conda.yml /tmp/conda.yml', 'COPY conda.yml /opt/wave/conda.yml')
    .replace('RUN micromamba install -y -n base -f /tmp/conda.yml', 'RUN pixi init --import /opt/wave/conda.yml && pixi add conda-forge::which')
    .replace(/libmamba /g, 'pixi ')
    .replace('Prefix: /opt/conda', 'Environment: /opt/wave/.pixi/envs/default');
}

function cranPlan(list: string[], dockerFile: string, target: string, platform: string): BuildPlan {
  const base = planDockerBuild(dockerFile.replace(/^RUN [\s\S]*?(?=^USER)/m, 'RUN true\n'), undefined, target, platform);
  const bad = list.find((p) => p.toLowerCase().includes('doesnotexist'));
  const lines = list.map((p) => (p === bad ? `Warning: package '${p}' is not available for this version of R` : `* DONE (${p})`));
  if (bad) return { log: [...base.log.slice(0, -6), ...lines, `Error: installation of package '${bad}' had non-zero exit status`], durationMs: 30_000, failure: { reason: `installation of package '${bad}' had non-zero exit status`, exitStatus: 1 } };
  return { log: [...base.log.slice(0, -6), ...lines, ...base.log.slice(-6)], durationMs: 60_000 + list.length * 15_000 };
}
