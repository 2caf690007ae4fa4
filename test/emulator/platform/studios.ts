import { badRequest, conflict, HttpError, isRecord, json, noContent, notFound, objectBody, ok, paginate } from '../http';
import type { StudioConfiguration, StudioRec, WorkspaceRec } from '../model';
import { type Ctx, studioOf, workspaceOf } from './context';
import { computeEnvEntry, studioDto } from './dto';
import { requestPeople } from './people';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;

export function validateStudioName(name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0) throw badRequest('Studio name must not be empty');
  if (name.length > 80) throw badRequest('Studio name must be at most 80 characters long');
  if (!NAME_RE.test(name)) throw badRequest(`Invalid Studio name '${name}' - use letters, digits, spaces, '.', '-' and '_' and start with a letter or digit`);
  return name;
}

function nameTaken(ctx: Ctx, ws: WorkspaceRec, name: string, except?: string): boolean {
  return ctx.state.studiosIn(ws.id).some((s) => s.sessionId !== except && s.name.toLowerCase() === name.toLowerCase());
}

/**
 * The Platform's Studios search (GET /studios?search=…). The spec (1.187) says: free text on the name and the
 * template URL, and the keywords `userId`, `computeEnvId` and `status`; tw's `studios list --filter` help names
 * `userName`, `computeEnvName` and `status` (`status:RUNNING`). Both sets are served. Keywords and their values
 * are case-insensitive and match whole values; a keyword given twice matches either value (`status:running
 * status:starting`); different keywords and free-text words must all match. A `word:rest` whose key is no
 * keyword is free text (a template tag such as `jupyter:4.2` is searched as written).
 */
const SEARCH_KEYS = new Set(['status', 'userid', 'username', 'computeenvid', 'computeenvname']);

export function parseStudioSearch(search: string): { keywords: Map<string, string[]>; words: string[] } {
  const keywords = new Map<string, string[]>();
  const words: string[] = [];
  for (const term of search.trim().split(/\s+/).filter(Boolean)) {
    const kv = /^(\w+):(.+)$/.exec(term);
    const key = kv?.[1]?.toLowerCase();
    if (kv && key && SEARCH_KEYS.has(key)) keywords.set(key, [...(keywords.get(key) ?? []), kv[2]!.toLowerCase()]);
    else words.push(term.toLowerCase());
  }
  return { keywords, words };
}

function searchField(ctx: Ctx, s: StudioRec, key: string): string | undefined {
  switch (key) {
    case 'status':
      return s.reportedStatus ?? s.status;
    case 'userid':
      return String(s.userId);
    case 'username':
      return ctx.state.users.get(s.userId)?.userName;
    case 'computeenvid':
      return s.computeEnvId;
    case 'computeenvname':
      return ctx.state.computeEnvs.get(s.computeEnvId)?.name;
    default:
      return undefined;
  }
}

function matchesSearch(ctx: Ctx, s: StudioRec, query: ReturnType<typeof parseStudioSearch>): boolean {
  for (const [key, values] of query.keywords) {
    const field = searchField(ctx, s, key)?.toLowerCase();
    if (field === undefined || !values.includes(field)) return false;
  }
  if (query.words.length === 0) return true;
  const hay = `${s.name}\n${s.template.repository}`.toLowerCase();
  return query.words.every((w) => hay.includes(w));
}

function int(v: unknown, name: string, min = 0): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw badRequest(`Invalid configuration value '${name}': ${JSON.stringify(v)}`);
  return v;
}

/** Merges a DataStudioConfiguration from a request into a Studio's, validating it. */
export function mergeConfiguration(ctx: Ctx, ws: WorkspaceRec, base: StudioConfiguration, raw: unknown): StudioConfiguration {
  if (raw === undefined || raw === null) return base;
  if (!isRecord(raw)) throw badRequest('Attribute `configuration` must be an object');
  const out: StudioConfiguration = { ...base };
  out.cpu = int(raw.cpu, 'cpu') ?? out.cpu;
  out.gpu = int(raw.gpu, 'gpu') ?? out.gpu;
  out.memory = int(raw.memory, 'memory') ?? out.memory;
  const life = int(raw.lifespanHours, 'lifespanHours');
  if (life !== undefined) out.lifespanHours = life;
  if (raw.condaEnvironment !== undefined && raw.condaEnvironment !== null) {
    if (typeof raw.condaEnvironment !== 'string') throw badRequest('Attribute `condaEnvironment` must be a string');
    if (raw.condaEnvironment.length > 2048) throw badRequest('Attribute `condaEnvironment` must be at most 2048 characters long');
    out.condaEnvironment = raw.condaEnvironment || undefined;
  }
  if (raw.environment !== undefined) {
    if (raw.environment !== null && (!isRecord(raw.environment) || Object.values(raw.environment).some((v) => typeof v !== 'string'))) throw badRequest('Attribute `environment` must map names to strings');
    out.environment = raw.environment as Record<string, string> | null;
  }
  if (raw.sshEnabled !== undefined) out.sshEnabled = raw.sshEnabled === null ? null : Boolean(raw.sshEnabled);
  const v2 = Array.isArray(raw.mountDataV2) ? raw.mountDataV2.map((m) => (isRecord(m) ? m.dataLinkId : undefined)) : undefined;
  const mount = v2 ?? (Array.isArray(raw.mountData) ? raw.mountData : undefined);
  if (mount) {
    for (const id of mount) {
      const dl = typeof id === 'string' ? ctx.state.dataLinks.get(id) : undefined;
      if (!dl || dl.workspaceId !== ws.id) throw badRequest(`Data link '${String(id)}' not found in this workspace`);
    }
    out.mountData = mount as string[];
  }
  return out;
}

/**
 * `remoteConfig` of a create request: an http(s) URL the Platform can clone (it clones with the workspace's Git
 * credentials), the revision (branch, tag or commit; the default branch when absent). The commit is resolved by the
 * Platform when the Studio is created, which the emulator cannot do: it keeps a commit the request names, else none.
 */
function remoteConfigOf(raw: unknown): StudioRec['remoteConfig'] {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw badRequest('Attribute `remoteConfig` must be an object');
  const repo = raw.repository;
  if (typeof repo !== 'string' || repo.trim() === '') throw badRequest('Missing required attribute `remoteConfig.repository`');
  let url: URL | undefined;
  try {
    url = new URL(repo);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname.replace(/\//g, '') === '') {
    throw badRequest(`Invalid repository URL '${repo}' - enter the full https URL of the repository`);
  }
  if (url.username || url.password) throw badRequest('The repository URL must not contain credentials - the workspace\'s Git credentials are used');
  const opt = (v: unknown, name: string): string | null => {
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') throw badRequest(`Attribute \`remoteConfig.${name}\` must be a string`);
    return v;
  };
  return { repository: repo, revision: opt(raw.revision, 'revision'), commitId: opt(raw.commitId, 'commitId') };
}

/** The image Wave builds for a Studio from a repository's Dockerfile, pushed to the workspace's Studios container repository. */
function repositoryImage(ws: WorkspaceRec, repository: string): string {
  const slug = repository.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
  return `${ws.studioContainerRepository ?? 'wave.seqera.io/studios'}:${slug}`;
}

export const studioRoutes = {
  list(ctx: Ctx) {
    const ws = workspaceOf(ctx);
    const search = parseStudioSearch(ctx.req.query.get('search') ?? '');
    const labels = ctx.req.query.getAll('attributes').flatMap((a) => a.split(',')).includes('labels');
    const owner = ctx.state.role(ctx.user.id, ws) === 'owner';
    const visible = ctx.state.studiosNewestFirst(ws.id)
      .filter((s) => !s.isPrivate || s.userId === ctx.user.id || s.allowedUserIds.includes(ctx.user.id) || owner)
      .filter((s) => matchesSearch(ctx, s, search));
    const page = paginate(visible, ctx.req.query);
    return ok({ studios: page.map((s) => studioDto(ctx.state, s, { labels })), totalSize: visible.length });
  },

  get(ctx: Ctx) {
    const s = studioOf(ctx);
    const loading = s.dataLinksReadyAt > ctx.state.clock.now();
    return json(loading ? 202 : 200, studioDto(ctx.state, s, { labels: true, loadingLinks: loading }));
  },

  create(ctx: Ctx) {
    const ws = workspaceOf(ctx, true);
    const body = objectBody(ctx.req);
    const name = validateStudioName(body.name);
    if (typeof body.computeEnvId !== 'string' || !body.computeEnvId) throw badRequest('Missing required attribute `computeEnvId`');
    const ce = ctx.state.computeEnvs.get(body.computeEnvId);
    if (!ce || ce.workspaceId !== ws.id) throw notFound(`Compute environment '${body.computeEnvId}' not found`);
    if (ce.status !== 'AVAILABLE') throw badRequest(`Compute environment '${ce.name}' is not available (status ${ce.status})`);
    if (!['aws-batch', 'google-batch', 'azure-batch', 'aws-cloud', 'google-cloud', 'azure-cloud', 'seqeracompute-platform'].includes(ce.platform)) {
      throw badRequest(`Compute environment platform '${ce.platform}' does not support Studios`);
    }
    if (body.description !== undefined && (typeof body.description !== 'string' || body.description.length > 2048)) throw badRequest('Attribute `description` must be a string of at most 2048 characters');
    const remote = remoteConfigOf(body.remoteConfig);
    // From a repository the Platform reads the template from its .seqera/studio-config.yaml: a Dockerfile there is built with Wave.
    const image = body.dataStudioToolUrl ?? (remote ? repositoryImage(ws, remote.repository) : undefined);
    if (typeof image !== 'string' || !image) throw badRequest('Missing required attribute `dataStudioToolUrl`');
    if (body.spot !== undefined && body.spot !== null && typeof body.spot !== 'boolean') throw badRequest('Attribute `spot` must be true or false');
    if (body.isPrivate !== undefined && typeof body.isPrivate !== 'boolean') throw badRequest('Attribute `isPrivate` must be true or false');
    const people = requestPeople(ctx, ws, body);
    if (nameTaken(ctx, ws, name)) throw conflict(`A Studio named '${name}' already exists in this workspace`);
    const autoStartParam = ctx.req.query.get('autoStart');
    if (autoStartParam !== null && autoStartParam !== 'true' && autoStartParam !== 'false') throw badRequest(`Invalid 'autoStart' parameter: ${autoStartParam}`);
    let parent: StudioRec['parentCheckpoint'];
    if (body.initialCheckpointId !== undefined && body.initialCheckpointId !== null) {
      const found = ctx.state.studiosIn(ws.id).flatMap((s) => s.checkpoints.map((c) => ({ s, c }))).find((x) => x.c.id === body.initialCheckpointId);
      if (!found) throw notFound(`Checkpoint '${String(body.initialCheckpointId)}' not found`);
      parent = { checkpointId: found.c.id, checkpointName: found.c.name, sessionId: found.s.sessionId, studioName: found.s.name };
    }
    const base: StudioConfiguration = { cpu: 2, gpu: 0, memory: 8192, environment: null, mountData: [], sshEnabled: null };
    const configuration = mergeConfiguration(ctx, ws, base, body.configuration);
    const studio = ctx.state.addStudio({
      workspaceId: ws.id, name, description: typeof body.description === 'string' ? body.description : '', userId: ctx.user.id, image,
      computeEnvId: ce.id, configuration, isPrivate: typeof body.isPrivate === 'boolean' ? body.isPrivate : ws.privateStudioByDefault === true, ageMs: 0,
    });
    studio.allowedUserIds = people.allowedUserIds;
    studio.labels = people.labels.map((l) => ({ id: l.id, name: l.name, value: l.value ?? '' }));
    if (typeof body.spot === 'boolean') studio.spot = body.spot;
    studio.statusTime = ctx.state.clock.now();
    studio.lastUpdated = studio.statusTime;
    studio.lastStarted = undefined;
    studio.parentCheckpoint = parent;
    if (remote) studio.remoteConfig = remote;
    ce.lastUsed = ctx.state.clock.now();
    if (autoStartParam !== 'false') ctx.state.lifecycle.start(studio, ctx.user.id);
    return ok({ studio: studioDto(ctx.state, studio, { labels: true }) });
  },

  update(ctx: Ctx) {
    const s = studioOf(ctx, true);
    const ws = ctx.state.workspaces.get(s.workspaceId)!;
    const body = objectBody(ctx.req);
    if (s.status === 'running' || s.status === 'starting' || s.status === 'stopping' || s.status === 'building') {
      throw badRequest(`Studio '${s.name}' is ${s.status} - only a stopped Studio can be updated`);
    }
    if (body.name !== undefined && body.name !== null) {
      const name = validateStudioName(body.name);
      if (nameTaken(ctx, ws, name, s.sessionId)) throw conflict(`A Studio named '${name}' already exists in this workspace`);
      s.name = name;
    }
    if (typeof body.description === 'string') {
      if (body.description.length > 2048) throw badRequest('Attribute `description` must be at most 2048 characters long');
      s.description = body.description;
    }
    if (typeof body.computeEnvId === 'string' && body.computeEnvId !== s.computeEnvId) {
      const ce = ctx.state.computeEnvs.get(body.computeEnvId);
      const cur = ctx.state.computeEnvs.get(s.computeEnvId);
      if (!ce || ce.workspaceId !== ws.id) throw notFound(`Compute environment '${body.computeEnvId}' not found`);
      if (ce.platform !== cur?.platform || ce.region !== cur?.region) throw badRequest(`Compute environment '${ce.name}' is not compatible with the Studio's current compute environment`);
      if (ce.status !== 'AVAILABLE') throw badRequest(`Compute environment '${ce.name}' is not available (status ${ce.status})`);
      s.computeEnvId = ce.id;
    }
    s.configuration = mergeConfiguration(ctx, ws, s.configuration, body.configuration);
    if (Array.isArray(body.labelIds)) s.labels = body.labelIds.map((id) => ({ id: Number(id), name: 'label', value: String(id) }));
    s.lastUpdated = ctx.state.clock.now();
    return ok(studioDto(ctx.state, s, { labels: true }));
  },

  remove(ctx: Ctx) {
    const s = studioOf(ctx, true);
    ctx.state.lifecycle.clearTimers(s);
    ctx.state.studios.delete(s.sessionId);
    return noContent();
  },

  start(ctx: Ctx) {
    const s = studioOf(ctx, true);
    const ws = ctx.state.workspaces.get(s.workspaceId)!;
    const body = ctx.req.body === undefined ? {} : objectBody(ctx.req);
    const idle = !['running', 'starting', 'building', 'stopping'].includes(s.status);
    if (idle) {
      s.configuration = mergeConfiguration(ctx, ws, s.configuration, body.configuration);
      if (typeof body.description === 'string') s.description = body.description;
      if (typeof body.name === 'string' && body.name !== s.name) {
        const name = validateStudioName(body.name);
        if (nameTaken(ctx, ws, name, s.sessionId)) throw conflict(`A Studio named '${name}' already exists in this workspace`);
        s.name = name;
      }
    }
    const submitted = ctx.state.lifecycle.start(s, ctx.user.id);
    return ok({ jobSubmitted: submitted, sessionId: s.sessionId, statusInfo: ctx.state.lifecycle.statusInfo(s) });
  },

  stop(ctx: Ctx) {
    const s = studioOf(ctx, true);
    const submitted = ctx.state.lifecycle.stop(s);
    return ok({ jobSubmitted: submitted, sessionId: s.sessionId, statusInfo: ctx.state.lifecycle.statusInfo(s) });
  },

  lifespan(ctx: Ctx) {
    const s = studioOf(ctx, true);
    if (s.status !== 'running') throw badRequest(`Studio '${s.name}' is not running - only a running Studio's lifespan can be extended`);
    if (ctx.state.lifecycle.effectiveLifespanHours(s) === 0) throw badRequest(`Studio '${s.name}' has an unlimited lifespan`);
    ctx.state.lifecycle.extendLifespan(s);
    return ok(studioDto(ctx.state, s, { labels: true }));
  },

  templates(ctx: Ctx) {
    workspaceOf(ctx);
    const all = ctx.state.templates;
    return ok({ templates: paginate(all, ctx.req.query).map((t) => ({ ...t })), totalSize: all.length });
  },

  validateName(ctx: Ctx) {
    const ws = workspaceOf(ctx);
    const name = ctx.req.query.get('name');
    try {
      validateStudioName(name ?? '');
    } catch {
      return { status: 400 };
    }
    if (nameTaken(ctx, ws, name!)) return { status: 409 };
    return noContent();
  },

  mountedDataLinks(ctx: Ctx) {
    const orgId = ctx.req.query.get('orgId');
    const status = ctx.req.query.get('status');
    const exclude = ctx.req.query.get('exclude');
    let studios: StudioRec[];
    if (orgId !== null && ctx.req.query.get('workspaceId') === null) {
      const org = ctx.state.orgs.get(Number(orgId));
      if (!org || !org.members.has(ctx.user.id)) throw new HttpError(403, 'Forbidden', {}, false);
      studios = [...ctx.state.studios.values()].filter((s) => ctx.state.workspaces.get(s.workspaceId)?.orgId === org.orgId);
    } else {
      studios = ctx.state.studiosIn(workspaceOf(ctx).id);
    }
    const ids = new Set(studios.filter((s) => (!status || s.status === status) && s.sessionId !== exclude).flatMap((s) => s.configuration.mountData));
    return ok({ dataLinkIds: [...ids] });
  },

  compatibleComputeEnvs(ctx: Ctx) {
    const s = studioOf(ctx);
    const cur = ctx.state.computeEnvs.get(s.computeEnvId);
    if (!cur) throw notFound(`Studio '${s.name}' has no compute environment`);
    const attributes = ctx.req.query.getAll('attributes').flatMap((a) => a.split(','));
    const list = ctx.state.computeEnvsIn(s.workspaceId).filter((c) => c.platform === cur.platform && c.region === cur.region && c.status === 'AVAILABLE');
    return ok({ computeEnvs: list.map((c) => computeEnvEntry(ctx.state, c, attributes)) });
  },
};
