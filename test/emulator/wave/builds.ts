import { notFound, ok, text, type Router } from '../http';
import type { EmulatorState } from '../state';
import { CONDA_LOCK_DELAY_MS, condaLockFor } from './condaLock';
import { emptyNotFound } from './errors';
import { childRefsJson } from './scans';
import type { BuildRec } from './store';
import { sha256 } from './context';

/** Build records, build logs and the conda lock. */
export function buildRoutes(router: Router, state: EmulatorState): void {
  const wave = state.wave;
  const buildOf = (id: string): BuildRec => {
    const b = wave.builds.get(id);
    if (!b) throw emptyNotFound();
    return b;
  };
  const seconds = (b: BuildRec): number => b.plan.durationMs / 1000;

  router.get('/v1alpha1/builds/:buildId', (req) => {
    const b = buildOf(req.params.buildId);
    const done = wave.buildDone(b);
    return ok({
      buildId: b.buildId, dockerFile: b.dockerFile, condaFile: b.condaFile, targetImage: b.targetImage, userName: b.userName,
      userEmail: b.userEmail, userId: b.userId, requestIp: '127.0.0.1', startTime: state.clock.iso(b.startTime), offsetId: 'Z',
      duration: done ? seconds(b) : null, exitStatus: done ? (b.plan.failure?.exitStatus ?? 0) : null, platform: b.platform,
      scanId: b.scanId, format: b.format, digest: done && !b.plan.failure ? sha256(b.buildId) : undefined,
      buildTemplate: b.buildTemplate, compression: b.compression,
      buildChildIds: childRefsJson(b.buildChildIds), scanChildIds: childRefsJson(b.scanChildIds),
    });
  });

  router.get('/v1alpha1/builds/:buildId/status', (req) => {
    const b = buildOf(req.params.buildId);
    const done = wave.buildDone(b);
    return ok({
      id: b.buildId, status: done ? 'COMPLETED' : 'PENDING', startTime: state.clock.iso(b.startTime),
      duration: done ? seconds(b) : undefined, succeeded: done ? !b.plan.failure : null,
    });
  });

  router.get('/v1alpha1/builds/:buildId/logs', (req) => {
    const b = buildOf(req.params.buildId);
    if (!wave.buildDone(b)) throw emptyNotFound();
    return text(200, b.plan.log.join('\n') + '\n');
  });

  router.get('/v1alpha1/builds/:buildId/condalock', (req) => {
    const b = buildOf(req.params.buildId);
    const lock = condaLockOf(state, b);
    if (lock === undefined) throw notFound(`Conda lock for '${b.buildId}' not found`);
    return text(200, lock);
  });

}

/**
 * The stored conda lock of a build: none for builds without a conda file or
 * that failed, none until `CONDA_LOCK_DELAY_MS` after the build finished (Wave
 * stores it asynchronously); a recorded build's lock as recorded.
 */
export function condaLockOf(state: EmulatorState, b: BuildRec): string | undefined {
  if (b.recordedLock !== undefined) return b.recordedLock ?? undefined;
  if (!b.condaFile || b.plan.failure) return undefined;
  if (state.clock.now() < b.startTime + b.plan.durationMs + CONDA_LOCK_DELAY_MS) return undefined;
  return condaLockFor(b.condaFile, b.platform, b.buildTemplate);
}
