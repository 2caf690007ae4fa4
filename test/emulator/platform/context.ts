import { HttpError, intParam, notFound, type Req } from '../http';
import type { EmulatorState } from '../state';
import type { StudioRec, UserRec, WorkspaceRec, WorkspaceRole } from '../model';

/** What an authenticated Platform handler gets. */
export interface Ctx {
  state: EmulatorState;
  req: Req;
  user: UserRec;
}

export type PlatformHandler = (ctx: Ctx) => ReturnType<import('../http').Handler>;

export const forbidden = (): HttpError => new HttpError(403, 'Forbidden', {}, false);

const WRITE_ROLES: WorkspaceRole[] = ['owner', 'admin', 'maintain', 'launch', 'connect'];

/**
 * The workspace of `?workspaceId` (the user's personal one when absent):
 * 404 when it does not exist, 403 when the user is not a participant, and
 * 403 for a `view` role when `write` is asked.
 */
export function workspaceOf(ctx: Ctx, write = false): WorkspaceRec {
  const id = intParam(ctx.req.query, 'workspaceId', Number.MIN_SAFE_INTEGER);
  if (id === undefined) return ctx.state.personalWorkspace(ctx.user.id);
  const ws = ctx.state.workspaces.get(id);
  if (!ws || ws.personalOf !== undefined) throw notFound(`Workspace '${id}' not found`);
  const role = ctx.state.role(ctx.user.id, ws);
  if (!role) throw forbidden();
  if (write && !WRITE_ROLES.includes(role)) throw forbidden();
  return ws;
}

/** A Studio of the workspace in context, or 404. Private Studios of others are 403. */
export function studioOf(ctx: Ctx, write = false): StudioRec {
  const ws = workspaceOf(ctx, write);
  const s = ctx.state.studios.get(ctx.req.params.sessionId);
  if (!s || s.workspaceId !== ws.id) throw notFound(`Studio session '${ctx.req.params.sessionId}' not found`);
  if (s.isPrivate && s.userId !== ctx.user.id && !s.allowedUserIds.includes(ctx.user.id) && ctx.state.role(ctx.user.id, ws) !== 'owner') throw forbidden();
  return s;
}
