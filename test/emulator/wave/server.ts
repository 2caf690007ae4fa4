import { HttpError, ok, Router, type Reply, type Req } from '../http';
import type { ServerSpec } from '../server';
import type { EmulatorState } from '../state';
import { buildRoutes } from './builds';
import { containerRoutes } from './container';
import { credentialsRoutes } from './credentials';
import { micronautError, ServerFault, waveErrorReply } from './errors';
import { inspectRoutes } from './inspect';
import { mirrorRoutes } from './mirror';
import { scanRoutes } from './scans';
import { viewRoutes } from './views';

export const WAVE_VERSION = '1.31.2';

/** The Wave API at the root of its own port, with Wave's error bodies (errors.ts). */
export function waveServer(state: EmulatorState): ServerSpec {
  const router = new Router();
  router.get('/service-info', () => ok({ serviceInfo: { version: WAVE_VERSION, commitId: 'e6a1a5d3' } }));
  containerRoutes(router, state);
  buildRoutes(router, state);
  scanRoutes(router, state);
  mirrorRoutes(router, state);
  inspectRoutes(router, state);
  credentialsRoutes(router);
  viewRoutes(router, state);
  return {
    name: 'wave',
    base: '',
    maxBody: 10 * 1024 * 1024,
    tokenOf(req: Req) {
      const body = req.body as { towerAccessToken?: unknown } | undefined;
      const token = typeof body?.towerAccessToken === 'string' ? body.towerAccessToken : undefined;
      return { present: token !== undefined, valid: state.userByToken(token) !== undefined };
    },
    invalidJson: () => new ServerFault('Failed to convert argument [req] for value [null] due to: Unexpected character: was expecting a JSON value'),
    errorReply: (e, path) => waveErrorReply(e, path),
    async handle(req: Req): Promise<Reply> {
      const wait = state.wave.throttle();
      if (wait !== undefined) {
        throw new HttpError(503, `Maximum request rate exceeded - Wait ${wait}secs before issuing a new request`, { 'retry-after': String(wait) });
      }
      const m = router.match(req.method, req.path);
      if (m === undefined) return micronautError(404, req.path, 'Page Not Found');
      if (m === 'method') return micronautError(405, req.path, `Method [${req.method}] not allowed for URI [${req.path}]`);
      req.params = m.params;
      return m.handler(req);
    },
  };
}
