import { HttpError, ok, Router, type Reply, type Req } from '../http';
import type { ServerSpec } from '../server';
import type { EmulatorState } from '../state';
import { buildRoutes } from './builds';
import { containerRoutes } from './container';
import { inspectRoutes } from './inspect';

export const WAVE_VERSION = '1.31.2';

/** The Wave API at the root of its own port. */
export function waveServer(state: EmulatorState): ServerSpec {
  const router = new Router();
  router.get('/service-info', () => ok({ serviceInfo: { version: WAVE_VERSION, commitId: 'e6a1a5d3' } }));
  containerRoutes(router, state);
  buildRoutes(router, state);
  inspectRoutes(router, state);
  return {
    name: 'wave',
    base: '',
    maxBody: 10 * 1024 * 1024,
    tokenOf(req: Req) {
      const body = req.body as { towerAccessToken?: unknown } | undefined;
      const token = typeof body?.towerAccessToken === 'string' ? body.towerAccessToken : undefined;
      return { present: token !== undefined, valid: state.userByToken(token) !== undefined };
    },
    async handle(req: Req): Promise<Reply> {
      const wait = state.wave.throttle();
      if (wait !== undefined) {
        throw new HttpError(503, `Maximum request rate exceeded - Wait ${wait}secs before issuing a new request`, { 'retry-after': String(wait) });
      }
      const m = router.match(req.method, req.path);
      if (m === undefined) throw new HttpError(404, 'Page Not Found');
      if (m === 'method') throw new HttpError(405, `Method Not Allowed`);
      req.params = m.params;
      return m.handler(req);
    },
  };
}
