import { notFound, ok, text, type Router } from '../http';
import type { EmulatorState } from '../state';
import { CONDA_LOCK_DELAY_MS, condaLockFor } from './condaLock';
import { type BuildRec, SCAN_DURATION_MS } from './store';
import { sha256 } from './context';

/** Build and scan records, build logs, conda lock, and the HTML views Wave links to. */
export function buildRoutes(router: Router, state: EmulatorState): void {
  const wave = state.wave;
  const buildOf = (id: string): BuildRec => {
    const b = wave.builds.get(id);
    if (!b) throw notFound(`Build '${id}' not found`);
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
    if (!wave.buildDone(b)) throw notFound(`Build logs for '${b.buildId}' not available yet`);
    return text(200, b.plan.log.join('\n') + '\n');
  });

  router.get('/v1alpha1/builds/:buildId/condalock', (req) => {
    const b = buildOf(req.params.buildId);
    const lock = condaLockOf(state, b);
    if (lock === undefined) throw notFound(`Conda lock for '${b.buildId}' not found`);
    return text(200, lock);
  });

  router.get('/v1alpha1/scans/:scanId', (req) => {
    const b = wave.buildByScanId(req.params.scanId);
    if (!b || !wave.buildDone(b)) throw notFound(`Scan '${req.params.scanId}' not found`);
    const done = wave.scanDone(b);
    return ok({
      id: b.scanId, buildId: b.buildId, containerImage: b.targetImage, platform: b.platform,
      startTime: state.clock.iso(b.startTime + b.plan.durationMs), duration: done ? SCAN_DURATION_MS / 1000 : undefined,
      status: done ? 'SUCCEEDED' : 'PENDING', exitCode: done ? 0 : undefined, vulnerabilities: done ? b.vulnerabilities : [],
    });
  });

  router.get('/view/builds/:buildId', (req) => {
    const b = buildOf(req.params.buildId);
    const done = wave.buildDone(b);
    const status = !done ? 'IN PROGRESS' : b.plan.failure ? 'FAILED' : 'SUCCEEDED';
    const refresh = done ? '' : '<meta http-equiv="refresh" content="5">';
    const logs = done ? `<pre>${escape(b.plan.log.join('\n'))}</pre>` : '<p>Logs will be available when the build completes.</p>';
    return text(200, `<!DOCTYPE html><html><head><title>Wave build ${b.buildId}</title>${refresh}</head><body><h1>Container build ${status}</h1><p>Image: ${escape(b.targetImage)}</p>${logs}</body></html>`, 'text/html; charset=utf-8');
  });

  router.get('/view/scans/:scanId', (req) => {
    const b = wave.buildByScanId(req.params.scanId);
    if (!b) throw notFound(`Scan '${req.params.scanId}' not found`);
    const rows = b.vulnerabilities.map((v) => `<tr><td>${v.id}</td><td>${v.severity}</td><td>${escape(v.pkgName)}</td></tr>`).join('');
    return text(200, `<!DOCTYPE html><html><head><title>Wave scan ${b.scanId}</title></head><body><h1>Security scan</h1><table>${rows}</table></body></html>`, 'text/html; charset=utf-8');
  });
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
