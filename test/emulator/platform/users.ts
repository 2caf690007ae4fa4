import { badRequest, conflict, noContent, notFound, ok } from '../http';
import { forbidden, type Ctx } from './context';
import type { EmulatorState } from '../state';

export const PLATFORM_VERSION = '25.2.0-cycle27_b3c7d21';
export const PLATFORM_API_VERSION = '1.187.0';

export function serviceInfo(state: EmulatorState): Record<string, unknown> {
  const web = state.platformUrl.replace(/\/api$/, '');
  return {
    serviceInfo: {
      version: PLATFORM_VERSION, apiVersion: PLATFORM_API_VERSION, commitId: 'b3c7d21', authTypes: ['github', 'google', 'oidc'],
      loginPath: '/login', heartbeatInterval: 60, userWorkspaceEnabled: true, allowInstanceCredentials: false, landingUrl: web,
      termsOfUseUrl: 'https://seqera.io/terms', contentUrl: `${web}/content`, waveEnabled: true, groundswellEnabled: false,
      seqeraComputeEnabled: false, seqeraCloud: false, contactEmail: 'support@example.org', allowNextflowCliLogs: true,
      llmEnabled: false, contentMaxFileSize: 5_242_880, evalWorkspaceIds: [], logoutUrl: null,
      ...state.serviceInfoOverrides,
    },
  };
}

/** user-info, user workspaces, orgs, org workspaces, tokens, users/validate, random-name, launch. */
export const userRoutes = {
  userInfo(ctx: Ctx) {
    const u = ctx.user;
    const iso = (t: number) => ctx.state.clock.iso(t);
    return ok({
      user: {
        id: u.id, userName: u.userName, email: u.email, firstName: u.firstName, lastName: u.lastName, organization: u.organization,
        description: '', avatar: u.avatar, notification: true, termsOfUseConsent: true, marketingConsent: false,
        lastAccess: iso(ctx.state.clock.now()), dateCreated: iso(u.dateCreated), lastUpdated: iso(u.dateCreated), deleted: false,
        waveBuildNotification: 'ON_ERROR',
      },
      needConsent: false,
      defaultWorkspaceId: undefined,
    });
  },

  userWorkspaces(ctx: Ctx) {
    const userId = Number(ctx.req.params.userId);
    if (!Number.isInteger(userId)) throw badRequest(`Invalid user id '${ctx.req.params.userId}'`);
    if (userId !== ctx.user.id) throw forbidden();
    const rows: Record<string, unknown>[] = [];
    for (const org of ctx.state.orgs.values()) {
      const workspaces = [...ctx.state.workspaces.values()].filter((w) => w.orgId === org.orgId && ctx.state.role(userId, w));
      const orgRole = org.members.get(userId);
      if (!orgRole && workspaces.length === 0) continue;
      const base = { orgId: org.orgId, orgName: org.name, orgLogoUrl: org.logoUrl ?? null, orgType: org.type };
      rows.push({ ...base, workspaceId: null, workspaceName: null, workspaceFullName: null, visibility: null, roles: [orgRole ?? 'member'] });
      for (const w of workspaces) {
        rows.push({ ...base, workspaceId: w.id, workspaceName: w.name, workspaceFullName: w.fullName, visibility: w.visibility, roles: [ctx.state.role(userId, w)], ...w.rowOverride });
      }
    }
    return ok({ orgsAndWorkspaces: rows.map(dropNulls) });
  },

  orgs(ctx: Ctx) {
    const role = ctx.req.query.get('role');
    const orgs = [...ctx.state.orgs.values()]
      .filter((o) => o.members.has(ctx.user.id) && (!role || o.members.get(ctx.user.id) === role))
      .map((o) => ({
        orgId: o.orgId, name: o.name, fullName: o.fullName, description: o.description, location: o.location, website: o.website,
        logoUrl: o.logoUrl, memberId: o.orgId + ctx.user.id, memberRole: o.members.get(ctx.user.id), type: o.type, paying: o.type === 'pro',
      }));
    return ok({ organizations: orgs, totalSize: orgs.length });
  },

  orgWorkspaces(ctx: Ctx) {
    const org = orgOf(ctx);
    const list = [...ctx.state.workspaces.values()].filter((w) => w.orgId === org.orgId && (org.members.get(ctx.user.id) === 'owner' || w.visibility === 'SHARED' || ctx.state.role(ctx.user.id, w)));
    return ok({ workspaces: list.map((w) => ({ id: w.id, name: w.name, fullName: w.fullName, description: w.description, visibility: w.visibility })) });
  },

  orgWorkspace(ctx: Ctx) {
    const org = orgOf(ctx);
    const w = ctx.state.workspaces.get(Number(ctx.req.params.workspaceId));
    if (!w || w.orgId !== org.orgId) throw notFound(`Workspace '${ctx.req.params.workspaceId}' not found`);
    if (!ctx.state.role(ctx.user.id, w) && w.visibility !== 'SHARED') throw forbidden();
    const iso = (t: number) => ctx.state.clock.iso(t);
    return ok({ workspace: { id: w.id, name: w.name, fullName: w.fullName, description: w.description, visibility: w.visibility, dateCreated: iso(w.dateCreated), lastUpdated: iso(w.dateCreated) } });
  },

  studioSettings(ctx: Ctx) {
    const org = orgOf(ctx);
    const w = ctx.state.workspaces.get(Number(ctx.req.params.workspaceId));
    if (!w || w.orgId !== org.orgId) throw notFound(`Workspace '${ctx.req.params.workspaceId}' not found`);
    if (!ctx.state.role(ctx.user.id, w)) throw forbidden();
    return ok({ orgId: org.orgId, wspId: w.id, lifespanHours: w.lifespanHours, containerRepository: w.studioContainerRepository ?? null, nameStrategy: null, privateStudioByDefault: w.privateStudioByDefault === true });
  },

  tokens(ctx: Ctx) {
    const tokens = [...ctx.state.tokens.values()].filter((t) => t.userId === ctx.user.id).map((t) => ({
      id: t.id, name: t.name, dateCreated: ctx.state.clock.iso(t.dateCreated), lastUsed: t.lastUsed !== undefined ? ctx.state.clock.iso(t.lastUsed) : undefined,
    }));
    return ok({ tokens });
  },

  validateUserName(ctx: Ctx) {
    const name = ctx.req.query.get('name');
    if (!name || !/^[a-zA-Z\d](?:[a-zA-Z\d]|[-_.](?=[a-zA-Z\d])){0,39}$/.test(name)) throw badRequest(`Invalid user name '${name ?? ''}'`);
    if ([...ctx.state.users.values()].some((u) => u.userName.toLowerCase() === name.toLowerCase())) throw conflict(`User name '${name}' is already taken`);
    return noContent();
  },

  randomName(ctx: Ctx) {
    const rng = ctx.state.rng;
    return ok({ name: `${rng.pick(ADJECTIVES)}_${rng.pick(SCIENTISTS)}` });
  },

  launch(ctx: Ctx) {
    const l = ctx.state.launches.get(ctx.req.params.launchId);
    const wsId = ctx.req.query.get('workspaceId');
    if (!l || (wsId !== null && String(l.workspaceId) !== wsId)) throw notFound(`Launch '${ctx.req.params.launchId}' not found`);
    const ws = ctx.state.workspaces.get(l.workspaceId)!;
    if (!ctx.state.role(ctx.user.id, ws)) throw forbidden();
    const ce = ctx.state.computeEnvs.get(l.computeEnvId);
    const iso = (t: number) => ctx.state.clock.iso(t);
    return ok({
      launch: {
        id: l.id, workspaceId: ws.personalOf === undefined ? ws.id : undefined, pipeline: l.pipeline, revision: l.revision, workDir: l.workDir,
        configProfiles: l.configProfiles, paramsText: l.paramsText, pullLatest: false, stubRun: false, resume: false,
        dateCreated: iso(l.dateCreated), lastUpdated: iso(l.dateCreated),
        computeEnv: ce ? { id: ce.id, name: ce.name, platform: ce.platform, credentialsId: ce.credentialsId, status: ce.status, config: { workDir: ce.workDir } } : undefined,
      },
    });
  },
};

function orgOf(ctx: Ctx) {
  const org = ctx.state.orgs.get(Number(ctx.req.params.orgId));
  if (!org) throw notFound(`Organization '${ctx.req.params.orgId}' not found`);
  if (!org.members.has(ctx.user.id)) throw forbidden();
  return org;
}

function dropNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}


const ADJECTIVES = ['admiring', 'agitated', 'angry', 'awesome', 'boring', 'clever', 'cranky', 'distracted', 'ecstatic', 'elegant', 'festive', 'focused', 'friendly', 'goofy', 'happy', 'hopeful', 'jolly', 'modest', 'nostalgic', 'peaceful', 'romantic', 'sharp', 'silly', 'tender', 'zen'];
const SCIENTISTS = ['curie', 'darwin', 'franklin', 'hodgkin', 'mcclintock', 'mendel', 'pasteur', 'sanger', 'turing', 'watson', 'crick', 'lovelace', 'noether', 'hopper', 'meitner', 'goodall', 'carson', 'jemison', 'ride', 'salk', 'koch', 'fleming', 'bohr', 'fermi', 'planck'];
