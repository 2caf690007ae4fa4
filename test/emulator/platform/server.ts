import { HttpError, ok, Router, text, type Reply, type Req } from '../http';
import type { ServerSpec } from '../server';
import { avatarReply } from './avatars';
import type { EmulatorState } from '../state';
import { checkpointRoutes } from './checkpoints';
import type { Ctx } from './context';
import { peopleRoutes } from './people';
import { resourceRoutes } from './resources';
import { studioRoutes } from './studios';
import { sshKeyRoutes } from './sshKeys';
import { serviceInfo, userRoutes } from './users';

type H = (ctx: Ctx) => Reply | Promise<Reply>;

/** The Platform API under /api, Bearer-authenticated except /service-info. */
export function platformServer(state: EmulatorState): ServerSpec {
  const router = new Router();
  const authed = (h: H) => (req: Req) => h({ state, req, user: authenticate(state, req) });
  router.get('/service-info', () => ok(serviceInfo(state)));
  router.get('/user-info', authed(userRoutes.userInfo));
  router.get('/user/:userId/workspaces', authed(userRoutes.userWorkspaces));
  router.get('/orgs', authed(userRoutes.orgs));
  router.get('/orgs/:orgId/workspaces', authed(userRoutes.orgWorkspaces));
  router.get('/orgs/:orgId/workspaces/:workspaceId', authed(userRoutes.orgWorkspace));
  router.get('/orgs/:orgId/workspaces/:workspaceId/settings/studios', authed(userRoutes.studioSettings));
  router.get('/tokens', authed(userRoutes.tokens));
  router.get('/ssh-keys', authed(sshKeyRoutes.list));
  router.post('/ssh-keys', authed(sshKeyRoutes.create));
  router.get('/ssh-keys/validate/key', authed(sshKeyRoutes.validateKey));
  router.get('/ssh-keys/validate/name', authed(sshKeyRoutes.validateName));
  router.get('/ssh-keys/:keyId', authed(sshKeyRoutes.describe));
  router.delete('/ssh-keys/:keyId', authed(sshKeyRoutes.remove));
  router.get('/users/validate', authed(userRoutes.validateUserName));
  router.get('/workflow/random-name', authed(userRoutes.randomName));
  router.get('/launch/:launchId', authed(userRoutes.launch));
  router.get('/orgs/:orgId/workspaces/:workspaceId/participants', authed(peopleRoutes.participants));
  router.get('/orgs/:orgId/members', authed(peopleRoutes.orgMembers));
  router.get('/labels', authed(peopleRoutes.listLabels));
  router.post('/labels', authed(peopleRoutes.createLabel));
  router.get('/compute-envs', authed(resourceRoutes.computeEnvs));
  router.get('/data-links', authed(resourceRoutes.dataLinks));
  router.get('/credentials', authed(resourceRoutes.credentials));
  router.get('/studios', authed(studioRoutes.list));
  router.post('/studios', authed(studioRoutes.create));
  router.get('/studios/templates', authed(studioRoutes.templates));
  router.get('/studios/validate', authed(studioRoutes.validateName));
  router.get('/studios/data-links', authed(studioRoutes.mountedDataLinks));
  router.get('/studios/:sessionId', authed(studioRoutes.get));
  router.put('/studios/:sessionId', authed(studioRoutes.update));
  router.delete('/studios/:sessionId', authed(studioRoutes.remove));
  router.put('/studios/:sessionId/start', authed(studioRoutes.start));
  router.put('/studios/:sessionId/stop', authed(studioRoutes.stop));
  router.post('/studios/:sessionId/lifespan', authed(studioRoutes.lifespan));
  router.get('/studios/:sessionId/compatible-ce', authed(studioRoutes.compatibleComputeEnvs));
  router.get('/studios/:sessionId/checkpoints', authed(checkpointRoutes.list));
  router.get('/studios/:sessionId/checkpoints/:checkpointId', authed(checkpointRoutes.get));
  router.put('/studios/:sessionId/checkpoints/:checkpointId', authed(checkpointRoutes.rename));

  return {
    name: 'platform',
    base: '/api',
    outside: (req: Req) => webPage(state, req),
    tokenOf(req: Req) {
      const token = bearer(req);
      return { present: token !== undefined, valid: state.userByToken(token) !== undefined };
    },
    handle(req: Req): Promise<Reply> {
      return Promise.resolve(route(router, req));
    },
  };
}

function route(router: Router, req: Req): Reply | Promise<Reply> {
  const m = router.match(req.method, req.path);
  if (m === undefined) throw new HttpError(404, 'Page Not Found');
  if (m === 'method') throw new HttpError(405, 'Method Not Allowed');
  req.params = m.params;
  return m.handler(req);
}

/** The web side: the Studio page (what studioUrl points to) and the web UI's connect page. */
function webPage(state: EmulatorState, req: Req): Reply {
  const avatar = /^\/avatars\/(user|org)-(\d+)\.(svg|png)$/.exec(req.path);
  if (avatar) return avatarReply(state, avatar[1] as 'user' | 'org', Number(avatar[2]), avatar[3]);
  const studioPage = /^\/studio\/([0-9a-f]+)\/?/.exec(req.path);
  if (studioPage) return studioHtml(state, studioPage[1]);
  if (/\/studios\/[0-9a-f]+\/connect$/.test(req.path)) return studioHtml(state, req.path.split('/').slice(-2)[0]);
  throw new HttpError(404, 'Page Not Found');
}

function studioHtml(state: EmulatorState, sessionId: string): Reply {
  const s = state.studios.get(sessionId);
  if (!s) return text(404, '<!DOCTYPE html><html><body><h1>Studio not found</h1></body></html>', 'text/html; charset=utf-8');
  if (s.status !== 'running') return text(503, `<!DOCTYPE html><html><body><h1>Studio ${s.name} is ${s.status}</h1></body></html>`, 'text/html; charset=utf-8');
  return text(200, `<!DOCTYPE html><html><head><title>${s.name}</title></head><body><h1>${s.template.tool} Studio: ${s.name}</h1><p>Session ${s.sessionId} is running.</p></body></html>`, 'text/html; charset=utf-8');
}

function bearer(req: Req): string | undefined {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(.+)$/i.exec(h.trim()) : null;
  return m ? m[1].trim() : undefined;
}

function authenticate(state: EmulatorState, req: Req) {
  const token = bearer(req);
  const user = state.userByToken(token);
  if (!user) throw new HttpError(401, 'Unauthorized', { 'www-authenticate': 'Bearer' }, false);
  const rec = state.tokens.get(token!);
  if (rec) rec.lastUsed = state.clock.now();
  return user;
}
