import { badRequest, conflict, HttpError, isRecord, noContent, ok } from '../http';
import type { Ctx } from './context';
import type { SshKeyRec } from '../model';

/**
 * The user's SSH public keys (`/ssh-keys`, tag ssh-keys of seqera-api-1.187.0):
 * list, describe, create, delete, and the two validations the web UI runs
 * before a create. Keys belong to the caller only: another user's key id is
 * "not found", never 403. Names are at most 255 characters and unique per user;
 * a key must be one OpenSSH public key line (`<type> <base64> [comment]`) whose
 * blob names the same type, and is unique per user (type and blob; the comment
 * does not count). Platform docs: "SSH public key content in OpenSSH format
 * (e.g., ssh-rsa, ssh-ed25519)", "Maximum 255 characters".
 */
export const SSH_KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
] as const;
export const SSH_KEY_NAME_MAX = 255;

/** `<type> <blob>` of a valid public key line, or a 400 naming what is wrong. */
export function keyIdentity(text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '') throw badRequest('Missing SSH public key');
  const line = text.trim();
  if (/\r|\n/.test(line)) throw badRequest('Invalid SSH public key: a public key is a single line');
  if (/PRIVATE KEY/.test(line)) throw badRequest('Invalid SSH public key: this is a private key');
  const [type, blob] = line.split(/\s+/);
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type)) throw badRequest(`Invalid SSH public key: unsupported key type '${type.slice(0, 40)}'`);
  if (!blob || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob) || blob.length % 4 !== 0) throw badRequest('Invalid SSH public key: the key data is not base64');
  const bytes = Buffer.from(blob, 'base64');
  const n = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
  if (n < 0 || 4 + n > bytes.length || bytes.subarray(4, 4 + n).toString('latin1') !== type) {
    throw badRequest(`Invalid SSH public key: the key data is not a ${type} key`);
  }
  return `${type} ${blob}`;
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('Missing SSH key name');
  if (name.length > SSH_KEY_NAME_MAX) throw badRequest(`SSH key name too long: maximum ${SSH_KEY_NAME_MAX} characters`);
  return name;
}

const keysOf = (ctx: Ctx): SshKeyRec[] => ctx.state.sshKeys.get(ctx.user.id) ?? [];

function nameTaken(ctx: Ctx, name: string): void {
  if (keysOf(ctx).some((k) => k.name === name)) throw conflict(`An SSH key with name '${name}' already exists`);
}

function keyTaken(ctx: Ctx, identity: string): void {
  if (keysOf(ctx).some((k) => safeIdentity(k.publicKey) === identity)) throw conflict('This SSH public key is already registered');
}

function safeIdentity(publicKey: string): string | undefined {
  try {
    return keyIdentity(publicKey);
  } catch {
    return undefined;
  }
}

function dto(ctx: Ctx, k: SshKeyRec): Record<string, unknown> {
  const iso = (t: number) => ctx.state.clock.iso(t);
  return { id: k.id, name: k.name, publicKey: k.publicKey, dateCreated: iso(k.dateCreated), ...(k.lastUsed !== undefined ? { lastUsed: iso(k.lastUsed) } : {}) };
}

function keyById(ctx: Ctx): SshKeyRec {
  const raw = ctx.req.params.keyId;
  if (!/^\d+$/.test(raw)) throw badRequest(`Invalid SSH key id '${raw}'`);
  const key = keysOf(ctx).find((k) => k.id === Number(raw));
  if (!key) throw new HttpError(404, `SSH key '${raw}' not found`, {}, false); // the spec's 404 has no content
  return key;
}

export const sshKeyRoutes = {
  /** GET /ssh-keys → ListSshKeysResponse */
  list(ctx: Ctx) {
    return ok({ sshKeys: keysOf(ctx).map((k) => dto(ctx, k)) });
  },

  /** GET /ssh-keys/{keyId} → DescribeSshKeyResponse; 404 for an unknown (or another user's) key. */
  describe(ctx: Ctx) {
    return ok({ sshKey: dto(ctx, keyById(ctx)) });
  },

  /** POST /ssh-keys {name, publicKey} → CreateSshKeyResponse; 400 invalid, 409 duplicated name or key. */
  create(ctx: Ctx) {
    const body = ctx.req.body;
    if (!isRecord(body)) throw badRequest('Missing request body');
    const name = checkName(body.name);
    const identity = keyIdentity(body.publicKey);
    nameTaken(ctx, name);
    keyTaken(ctx, identity);
    const key = ctx.state.addSshKey(ctx.user.id, name, (body.publicKey as string).trim(), ctx.state.clock.now());
    return ok({ sshKey: dto(ctx, key) });
  },

  /**
   * DELETE /ssh-keys/{keyId} → 204. An unknown id answers 404 (no content) like
   * the describe of the same resource: the spec lists only 204/400/403 for the DELETE.
   */
  remove(ctx: Ctx) {
    const key = keyById(ctx);
    ctx.state.sshKeys.set(ctx.user.id, keysOf(ctx).filter((k) => k.id !== key.id));
    return noContent();
  },

  /** GET /ssh-keys/validate/key?key= → 204 valid and new, 400 invalid, 409 already registered (no bodies, as the spec). */
  validateKey(ctx: Ctx) {
    return withoutBody(() => keyTaken(ctx, keyIdentity(ctx.req.query.get('key') ?? undefined)));
  },

  /** GET /ssh-keys/validate/name?name= → 204 valid and free, 400 invalid, 409 taken (no bodies, as the spec). */
  validateName(ctx: Ctx) {
    return withoutBody(() => nameTaken(ctx, checkName(ctx.req.query.get('name') ?? undefined)));
  },
};

/** The validations answer their 400/409 without content (seqera-api-1.187.0 declares none). */
function withoutBody(check: () => void) {
  try {
    check();
  } catch (e) {
    if (e instanceof HttpError) throw new HttpError(e.status, e.message, e.headers, false);
    throw e;
  }
  return noContent();
}
