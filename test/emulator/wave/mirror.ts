import { badRequest, ok, text, type Router } from '../http';
import type { UserRec } from '../model';
import type { EmulatorState } from '../state';
import { emptyNotFound, ServerFault } from './errors';
import { knownImage } from './inspect';
import { type ContainerRequestRec, type MirrorRec, WaveStore } from './store';
import { imageExists } from './validate';

/**
 * Mirror jobs (`ContainerMirrorServiceImpl`, `MirrorController`): `mirror: true`
 * copies `containerImage`, all its tags' layers, to `buildRepository` as
 * `<buildRepository>/<image>:<tag>`. The request answers at once with the
 * mirror id (`mr-…`) as `buildId`, `mirror: true`; the status says BUILDING with
 * `mirrorId` until the copy is done. `/v1alpha1/mirrors/{id}` is the
 * `MirrorResult` (status PENDING → COMPLETED, exit code, log); `/logs` is the
 * log as an attachment, 404 while it runs. Mirroring an image already mirrored
 * to the same target answers `cached: true` with the earlier mirror's id.
 */
interface Coordinates {
  registry: string;
  /** e.g. `library/ubuntu:24.04` */
  imageAndTag: string;
}

function coordinates(image: string): Coordinates {
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  let rest = hasRegistry ? image.slice(first.length + 1) : image;
  if (!rest.includes('/') && registry === 'docker.io') rest = `library/${rest}`;
  const tagged = rest.includes(':') || rest.includes('@') ? rest : `${rest}:latest`;
  return { registry, imageAndTag: tagged };
}

/** `ContainerController.validateMirrorRequest`, in its order. */
export function validateMirror(body: Record<string, unknown>, v2: boolean, containerImage: string | undefined, containerFile: string | undefined, buildRepository: string | undefined, freeze: boolean, includes: string[] | undefined, config: unknown): void {
  if (!v2) throw badRequest('Container mirroring requires the use of v2 API');
  if (!containerImage) throw badRequest('Attribute `containerImage` is required when specifying `mirror` mode');
  if (!body.towerAccessToken) throw badRequest('Container mirroring requires an authenticated request - specify the tower token attribute');
  if (freeze) throw badRequest('Attribute `mirror` and `freeze` conflict each other');
  if (containerFile) throw badRequest('Attribute `mirror` and `containerFile` conflict each other');
  if (includes?.length) throw badRequest('Attribute `mirror` and `containerIncludes` conflict each other');
  if (config) throw badRequest('Attribute `mirror` and `containerConfig` conflict each other');
  if (!buildRepository) throw badRequest('Attribute `buildRepository` is required when specifying `mirror` mode');
  if (coordinates(containerImage).registry === buildRepository.split('/')[0]) {
    throw badRequest(`Source and target mirror registry are the same - offending value '${buildRepository}'`);
  }
}

function mirrorLog(m: MirrorRec, layers: number): string[] {
  const lines = [`Copying image ${m.sourceImage} to ${m.targetImage} (all platforms)`];
  for (let i = 0; i < layers; i++) lines.push(`Copying blob sha256:${WaveStore.contentHash(`${m.sourceImage}#${i}`).padEnd(64, '0')} done`);
  lines.push(`Copying config sha256:${WaveStore.contentHash(`${m.sourceImage}#config`).padEnd(64, '0')} done`, 'Writing manifest to image destination', `Mirrored ${m.targetImage}@${m.digest}`);
  return lines;
}

export function submitMirror(
  state: EmulatorState,
  common: Omit<ContainerRequestRec, 'containerToken' | 'targetImage' | 'containerImage' | 'cached' | 'buildId'>,
  containerImage: string,
  buildRepository: string,
  user: UserRec | undefined,
  dryRun: boolean,
): ContainerRequestRec {
  if (!imageExists(containerImage)) throw badRequest(`Container image '${containerImage}' does not exist or access is not authorized`);
  const source = coordinates(containerImage);
  const targetImage = `${buildRepository.replace(/\/+$/, '')}/${source.imageAndTag}`;
  const digest = `sha256:${WaveStore.contentHash(`${containerImage}#digest`).padEnd(64, '0')}`;
  const previous = [...state.wave.mirrors.values()].find((m) => m.targetImage === targetImage && m.digest === digest && state.wave.mirrorDone(m));
  const base = { ...common, targetImage, containerImage: targetImage };
  if (previous) {
    const rec: ContainerRequestRec = { ...base, buildId: previous.mirrorId, cached: true, scanId: previous.scanId };
    if (!dryRun) state.wave.requests.set(rec.requestId, rec);
    return rec;
  }
  const mirrorId = `mr-${state.rng.hex(16)}`;
  if (dryRun) return { ...base, buildId: `${mirrorId}_0`, cached: false };
  const layers = knownImage(containerImage)?.layers ?? 2;
  const m: MirrorRec = {
    mirrorId, digest, sourceImage: containerImage, targetImage, creationTime: common.creationTime, durationMs: 20_000 + layers * 5_000,
    userId: user?.id, userName: user?.userName, userEmail: user?.email, log: [],
  };
  m.log = mirrorLog(m, layers);
  if (common.scanMode && common.scanMode !== 'none') {
    m.scanId = `sc-${WaveStore.contentHash(`${targetImage}#${digest}`)}_1`;
    state.wave.scans.set(m.scanId, {
      id: m.scanId, mirrorId, containerImage: targetImage, platform: 'linux/amd64', startAt: m.creationTime + m.durationMs,
      vulnerabilities: WaveStore.vulnerabilitiesOf(targetImage, containerImage),
    });
  }
  state.wave.mirrors.set(mirrorId, m);
  const rec: ContainerRequestRec = { ...base, buildId: mirrorId, cached: false, scanId: m.scanId };
  state.wave.requests.set(rec.requestId, rec);
  return rec;
}

export function mirrorRoutes(router: Router, state: EmulatorState): void {
  const view = (id: string): Record<string, unknown> | undefined => {
    const m = state.wave.mirrors.get(id);
    if (!m) return undefined;
    const done = state.wave.mirrorDone(m);
    return {
      mirrorId: m.mirrorId, digest: m.digest, sourceImage: m.sourceImage, targetImage: m.targetImage, platform: m.platform,
      creationTime: state.clock.iso(m.creationTime), offsetId: 'Z', userName: m.userName, userEmail: m.userEmail, userId: m.userId,
      scanId: m.scanId, status: done ? 'COMPLETED' : 'PENDING', duration: done ? m.durationMs / 1000 : undefined,
      exitCode: done ? 0 : undefined, logs: done ? m.log.join('\n') + '\n' : undefined,
    };
  };
  router.get('/v1alpha1/mirrors/:mirrorId', (req) => {
    const v = view(req.params.mirrorId);
    if (!v) throw emptyNotFound();
    return ok(v);
  });
  router.get('/v1alpha1/mirrors/:mirrorId/logs', (req) => {
    const v = view(req.params.mirrorId);
    // MirrorController reads `.logs` of a result it did not check for null.
    if (!v) throw new ServerFault("Cannot get property 'logs' on null object");
    if (typeof v.logs !== 'string') throw emptyNotFound();
    const reply = text(200, v.logs, 'application/octet-stream');
    reply.headers = { ...reply.headers, 'content-disposition': `attachment; filename=${req.params.mirrorId}.log` };
    return reply;
  });
}

