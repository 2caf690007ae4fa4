import { json, ok, paginate } from '../http';
import { type Ctx, workspaceOf } from './context';
import { computeEnvEntry, dataLinkDto } from './dto';

/** Compute environments, data links and credentials of a workspace. */
export const resourceRoutes = {
  computeEnvs(ctx: Ctx) {
    const ws = workspaceOf(ctx);
    const status = ctx.req.query.get('status');
    const attributes = ctx.req.query.getAll('attributes').flatMap((a) => a.split(','));
    const list = ctx.state.computeEnvsIn(ws.id).filter((c) => !status || c.status === status.toUpperCase());
    return ok({ computeEnvs: list.map((c) => computeEnvEntry(ctx.state, c, attributes)) });
  },

  dataLinks(ctx: Ctx) {
    const ws = workspaceOf(ctx);
    const search = (ctx.req.query.get('search') ?? '').toLowerCase();
    const credentialsId = ctx.req.query.get('credentialsId');
    let all = ctx.state.dataLinksIn(ws.id).filter((d) => !credentialsId || d.credentialsId === credentialsId);
    for (const term of search.split(/\s+/).filter(Boolean)) {
      const kv = /^(region|provider):(.*)$/.exec(term);
      all = all.filter((d) => (kv ? (kv[1] === 'region' ? d.region : d.provider) === kv[2] : `${d.name} ${d.resourceRef}`.toLowerCase().includes(term)));
    }
    all.sort((a, b) => a.name.localeCompare(b.name));
    const loading = ws.dataLinksLoadingUntil !== undefined && ws.dataLinksLoadingUntil > ctx.state.clock.now();
    // While the cache fills (202), only part of the links are known.
    const known = loading ? all.slice(0, Math.ceil(all.length / 2)) : all;
    return json(loading ? 202 : 200, { dataLinks: paginate(known, ctx.req.query).map(dataLinkDto), totalSize: known.length });
  },

  credentials(ctx: Ctx) {
    const ws = workspaceOf(ctx);
    const list = [...ctx.state.credentials.values()].filter((c) => c.workspaceId === ws.id);
    const iso = (t: number) => ctx.state.clock.iso(t);
    return ok({
      credentials: list.map((c) => ({
        id: c.id, name: c.name, provider: c.provider, status: 'AVAILABLE', dateCreated: iso(c.dateCreated), lastUpdated: iso(c.dateCreated),
        keys: c.provider === 'container-reg' ? { discriminator: 'container-reg', registry: c.registry, userName: c.userName } : { discriminator: c.provider },
      })),
    });
  },
};
