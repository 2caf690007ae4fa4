import { badRequest, isRecord } from '../http';
import type { EmulatorState } from '../state';
import type { UserRec } from '../model';

/** Wave's limit on the base64 `containerFile` string. */
export const CONTAINER_FILE_MAX = 10_000;
/** Wave's limit on one `containerConfig.layers[].location` string. */
export const LAYER_LOCATION_MAX = 14_000_000;

const PLATFORMS: Record<string, string> = {
  'linux/amd64': 'linux/amd64', amd64: 'linux/amd64', x86_64: 'linux/amd64', 'linux/x86_64': 'linux/amd64',
  'linux/arm64': 'linux/arm64', arm64: 'linux/arm64', aarch64: 'linux/arm64', 'linux/arm64/v8': 'linux/arm64', 'linux/aarch64': 'linux/arm64',
};

export function normalizePlatform(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'linux/amd64';
  if (typeof value !== 'string') throw badRequest('Invalid container platform');
  const parts = value.split(',').map((p) => PLATFORMS[p.trim().toLowerCase()]);
  if (parts.some((p) => !p)) throw badRequest(`Unsupported container platform '${value}'`);
  return [...new Set(parts)].join(',');
}

export function decodeBase64Field(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
    throw badRequest(`Invalid '${name}' attribute - make sure it encoded as a base64 string`);
  }
  return Buffer.from(value, 'base64').toString('utf8');
}

export function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`Attribute \`${key}\` must be a string`);
  return v;
}

export function bool(body: Record<string, unknown>, key: string): boolean {
  const v = body[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw badRequest(`Attribute \`${key}\` must be a boolean`);
  return v;
}

/** `api.tower.nf` → `api.cloud.seqera.io`, no trailing slash, default cloud endpoint. */
export function platformEndpoint(value: string | undefined): string {
  const v = (value ?? 'https://api.cloud.seqera.io').replace(/\/+$/, '');
  return v.replace('://api.tower.nf', '://api.cloud.seqera.io');
}

/**
 * The user a Wave request acts for: none without a token; with one, the token
 * must belong to the emulated Platform at `towerEndpoint` (its pairing), else
 * 400 "Missing pairing record for Tower endpoint '…'".
 */
export function resolveTowerUser(state: EmulatorState, body: Record<string, unknown>): UserRec | undefined {
  const token = str(body, 'towerAccessToken');
  if (!token) return undefined;
  const endpoint = platformEndpoint(str(body, 'towerEndpoint'));
  const user = state.userByToken(token);
  if (endpoint !== state.platformUrl.replace(/\/+$/, '') || !user) {
    throw badRequest(`Missing pairing record for Tower endpoint '${endpoint}'`);
  }
  const wsId = body.towerWorkspaceId;
  if (wsId !== undefined && wsId !== null) {
    const ws = typeof wsId === 'number' ? state.workspaces.get(wsId) : undefined;
    if (!ws || !state.role(user.id, ws)) throw badRequest(`Unable to access workspace '${String(wsId)}' on Tower endpoint '${endpoint}'`);
  }
  return user;
}

export function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest(`Attribute \`${name}\` must be a list of strings`);
  return value as string[];
}

export function objectOrUndefined(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw badRequest(`Attribute \`${name}\` must be an object`);
  return value;
}

/** The emulator's rule for images that "do not exist": the name contains `doesnotexist`. */
export function imageExists(image: string): boolean {
  return !image.toLowerCase().includes('doesnotexist');
}
