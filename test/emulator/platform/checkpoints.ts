import { badRequest, conflict, notFound, objectBody, ok, paginate } from '../http';
import type { CheckpointRec } from '../model';
import { type Ctx, studioOf } from './context';
import { checkpointDto } from './dto';

/** `status:finalized`, `before:2025-06-01`, `after:2025-05-01`, `author:name`, free text on the name. */
function matches(ctx: Ctx, c: CheckpointRec, search: string): boolean {
  for (const term of search.trim().split(/\s+/).filter(Boolean)) {
    const kv = /^(\w+):(.*)$/.exec(term);
    if (kv) {
      const key = kv[1].toLowerCase();
      const value = kv[2];
      if (key === 'status' && c.status !== value.toLowerCase()) return false;
      if (key === 'before' || key === 'after') {
        const t = Date.parse(value);
        if (Number.isNaN(t)) throw badRequest(`Invalid date in search: '${value}'`);
        if (key === 'before' && !(c.dateSaved < t)) return false;
        if (key === 'after' && !(c.dateSaved >= t)) return false;
      }
      if (key === 'author' && ctx.state.users.get(c.authorId)?.userName.toLowerCase() !== value.toLowerCase()) return false;
    } else if (!c.name.toLowerCase().includes(term.toLowerCase())) return false;
  }
  return true;
}

function checkpointOf(ctx: Ctx): CheckpointRec {
  const s = studioOf(ctx);
  const raw = ctx.req.params.checkpointId;
  if (!/^\d+$/.test(raw)) throw badRequest(`Invalid checkpoint id '${raw}'`);
  const c = s.checkpoints.find((x) => x.id === Number(raw));
  if (!c) throw notFound(`Checkpoint '${raw}' not found`);
  return c;
}

export const checkpointRoutes = {
  list(ctx: Ctx) {
    const s = studioOf(ctx);
    const search = ctx.req.query.get('search') ?? '';
    const all = s.checkpoints.filter((c) => matches(ctx, c, search)).sort((a, b) => b.dateCreated - a.dateCreated || b.id - a.id);
    return ok({ checkpoints: paginate(all, ctx.req.query).map((c) => checkpointDto(ctx.state, c)), totalSize: all.length });
  },

  get(ctx: Ctx) {
    return ok(checkpointDto(ctx.state, checkpointOf(ctx)));
  },

  rename(ctx: Ctx) {
    studioOf(ctx, true);
    const c = checkpointOf(ctx);
    const body = objectBody(ctx.req);
    const name = body.name;
    if (typeof name !== 'string' || !name.trim()) throw badRequest('Checkpoint name must not be empty');
    if (name.length > 255) throw badRequest('Checkpoint name must be at most 255 characters long');
    if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/.test(name)) throw badRequest(`Invalid checkpoint name '${name}'`);
    const studio = ctx.state.studio(c.sessionId);
    if (studio.checkpoints.some((x) => x.id !== c.id && x.name === name)) throw conflict(`A checkpoint named '${name}' already exists for this Studio`);
    c.name = name;
    return ok(checkpointDto(ctx.state, c));
  },
};
