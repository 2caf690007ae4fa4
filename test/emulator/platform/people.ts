import { badRequest, notFound, objectBody, ok, paginate } from '../http';
import type { LabelRec, WorkspaceRec } from '../model';
import { forbidden, type Ctx, workspaceOf } from './context';

/**
 * Labels (GET/POST /labels), organization members and workspace participants:
 * what Create Studio offers for labels and for the users a private Studio is
 * shared with. Participants name org members by `memberId`; the members list
 * maps a `memberId` to the user's id, which is what `allowedUserIds` takes.
 */
function labelDto(ctx: Ctx, l: LabelRec): Record<string, unknown> {
  return {
    id: l.id, name: l.name, value: l.value, resource: l.resource, isDefault: l.isDefault, isDynamic: false, isInterpolated: false,
    dateCreated: ctx.state.clock.iso(l.dateCreated),
  };
}

function orgWorkspace(ctx: Ctx): { orgId: number; ws: WorkspaceRec } {
  const orgId = Number(ctx.req.params.orgId);
  const org = ctx.state.orgs.get(orgId);
  if (!Number.isInteger(orgId) || !org) throw notFound(`Organization '${ctx.req.params.orgId}' not found`);
  const ws = ctx.state.workspaces.get(Number(ctx.req.params.workspaceId));
  if (!ws || ws.orgId !== orgId) throw notFound(`Workspace '${ctx.req.params.workspaceId}' not found`);
  if (!ctx.state.role(ctx.user.id, ws)) throw forbidden();
  return { orgId, ws };
}

function matches(search: string | null, ...fields: (string | undefined)[]): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return fields.some((f) => f?.toLowerCase().includes(needle));
}

export const peopleRoutes = {
  listLabels(ctx: Ctx) {
    const ws = workspaceOf(ctx);
    const type = ctx.req.query.get('type');
    if (type !== null && !['simple', 'resource', 'all'].includes(type)) throw badRequest(`Invalid label type '${type}'`);
    const isDefault = ctx.req.query.get('isDefault');
    const search = ctx.req.query.get('search');
    const all = ctx.state.labelsIn(ws.id)
      .filter((l) => type === null || type === 'all' || (type === 'resource') === l.resource)
      .filter((l) => isDefault === null || String(l.isDefault) === isDefault)
      .filter((l) => matches(search, l.name, l.value))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.value ?? '').localeCompare(b.value ?? ''));
    return ok({ labels: paginate(all, ctx.req.query).map((l) => labelDto(ctx, l)), totalSize: all.length });
  },

  /** Creates a label, or returns the existing one with that name (and value); a resource label needs a value, a simple one has none. */
  createLabel(ctx: Ctx) {
    const ws = workspaceOf(ctx, true);
    const body = objectBody(ctx.req);
    if (typeof body.name !== 'string' || body.name.trim() === '') throw badRequest('Missing required attribute `name`');
    const resource = body.resource === true;
    const value = body.value;
    if (resource && (typeof value !== 'string' || value === '')) throw badRequest('A resource label needs a `value`');
    if (!resource && value !== undefined && value !== null) throw badRequest('Only resource labels have a `value`');
    if (body.isDefault !== undefined && typeof body.isDefault !== 'boolean') throw badRequest('Attribute `isDefault` must be true or false');
    const label = ctx.state.addLabel(ws.id, { name: body.name.trim(), value: resource ? (value as string) : undefined, resource, isDefault: body.isDefault === true });
    return ok({ id: label.id, name: label.name, value: label.value, resource: label.resource, isDefault: label.isDefault });
  },

  orgMembers(ctx: Ctx) {
    const orgId = Number(ctx.req.params.orgId);
    const org = ctx.state.orgs.get(orgId);
    if (!Number.isInteger(orgId) || !org) throw notFound(`Organization '${ctx.req.params.orgId}' not found`);
    if (!org.members.has(ctx.user.id)) throw forbidden();
    const search = ctx.req.query.get('search');
    const all = [...org.members.entries()]
      .map(([userId, role]) => ({ user: ctx.state.users.get(userId), userId, role }))
      .filter((m) => m.user && matches(search, m.user.userName, m.user.email, m.user.firstName, m.user.lastName))
      .sort((a, b) => a.userId - b.userId);
    return ok({
      members: paginate(all, ctx.req.query).map((m) => ({
        memberId: ctx.state.memberId(orgId, m.userId), userId: m.userId, userName: m.user!.userName, email: m.user!.email,
        firstName: m.user!.firstName, lastName: m.user!.lastName, avatar: m.user!.avatar, role: m.role,
      })),
      totalSize: all.length,
    });
  },

  participants(ctx: Ctx) {
    const { orgId, ws } = orgWorkspace(ctx);
    const org = ctx.state.orgs.get(orgId)!;
    const search = ctx.req.query.get('search');
    const roles = new Map(ws.participants);
    for (const [userId, role] of org.members) if (role === 'owner' && !roles.has(userId)) roles.set(userId, 'owner');
    const all = [...roles.entries()]
      .map(([userId, role]) => ({ user: ctx.state.users.get(userId), userId, role }))
      .filter((p) => p.user && matches(search, p.user.userName, p.user.email, p.user.firstName, p.user.lastName))
      .sort((a, b) => a.userId - b.userId);
    return ok({
      participants: paginate(all, ctx.req.query).map((p) => {
        const memberId = ctx.state.memberId(orgId, p.userId);
        return {
          participantId: memberId + 1, memberId, userName: p.user!.userName, email: p.user!.email, firstName: p.user!.firstName,
          lastName: p.user!.lastName, userAvatarUrl: p.user!.avatar, type: 'MEMBER', wspRole: p.role, orgRole: org.members.get(p.userId) ?? 'collaborator',
        };
      }),
      totalSize: all.length,
    });
  },
};

/** Checks `labelIds` and `allowedUserIds` of a create request against the workspace. */
export function requestPeople(ctx: Ctx, ws: WorkspaceRec, body: Record<string, unknown>): { labels: LabelRec[]; allowedUserIds: number[] } {
  const ids = (key: string): number[] => {
    const v = body[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isInteger(x))) throw badRequest(`Attribute \`${key}\` must be a list of ids`);
    return v as number[];
  };
  const labels = ids('labelIds').map((id) => {
    const l = ctx.state.labels.get(id);
    if (!l || l.workspaceId !== ws.id) throw badRequest(`Label '${id}' not found in this workspace`);
    return l;
  });
  const allowedUserIds = ids('allowedUserIds');
  for (const id of allowedUserIds) if (!ctx.state.role(id, ws)) throw badRequest(`User '${id}' is not a participant of this workspace`);
  return { labels, allowedUserIds };
}
