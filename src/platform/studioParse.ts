import { invalid, lenientArrayOf } from '../net/validate';
import {
  STUDIO_STATUSES,
  type ActiveConnection,
  type Checkpoint,
  type CheckpointPage,
  type CheckpointStatus,
  type ComputeEnvSummary,
  type DataLink,
  type DataLinkPage,
  type KnownStudioStatus,
  type MountData,
  type ParentCheckpoint,
  type ProgressStep,
  type ProgressStepStatus,
  type SshDetails,
  type StartStopResponse,
  type Studio,
  type StudioComputeEnv,
  type StudioConfiguration,
  type StudioPage,
  type StudioStatusInfo,
  type StudioTemplate,
  type StudioTemplatePage,
  type UserInfo,
} from './studioTypes';

/**
 * Narrowing of the Studio endpoints' JSON at the edge. Required identifiers
 * (a Studio's sessionId, a checkpoint's id) must be there or the response is
 * rejected as invalid; every other field is kept only when it has the expected
 * type, so one odd field never hides a whole Studio.
 */
type Json = Record<string, unknown>;

function record(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

function list<T>(v: unknown, item: (x: unknown) => T | undefined): T[] {
  if (!Array.isArray(v)) return [];
  const out: T[] = [];
  for (const x of v) {
    const parsed = item(x);
    if (parsed !== undefined) out.push(parsed);
  }
  return out;
}

/** Drops keys whose value is undefined so objects compare and print cleanly. */
function compact<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}

export function parseUserInfo(v: unknown): UserInfo | undefined {
  const r = record(v);
  if (!r) return undefined;
  return compact({ id: num(r.id), userName: str(r.userName), email: str(r.email) });
}

function parseStatusInfo(v: unknown): StudioStatusInfo {
  const r = record(v) ?? {};
  const raw = str(r.status);
  const known = (STUDIO_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as KnownStudioStatus) : undefined;
  return compact({
    status: known ?? 'unknown',
    rawStatus: known ? undefined : raw,
    message: str(r.message),
    lastUpdate: str(r.lastUpdate),
    stopReason: str(r.stopReason),
  });
}

const STEP_STATUSES: readonly string[] = ['pending', 'in-progress', 'succeeded', 'errored'];

function parseStep(v: unknown): ProgressStep | undefined {
  const r = record(v);
  if (!r) return undefined;
  const status = str(r.status);
  return {
    status: STEP_STATUSES.includes(status ?? '') ? (status as ProgressStepStatus) : 'pending',
    message: str(r.message) ?? '',
    warnings: list(r.warnings, str),
  };
}

function parseTemplate(v: unknown): StudioTemplate | undefined {
  const r = record(v);
  if (!r) return undefined;
  return compact({ repository: str(r.repository), icon: str(r.icon), tool: str(r.tool), status: str(r.status) });
}

function parseComputeEnvRef(v: unknown): StudioComputeEnv | undefined {
  const r = record(v);
  if (!r) return undefined;
  return compact({ id: str(r.id), name: str(r.name), platform: str(r.platform), region: str(r.region) });
}

function parseMountData(v: unknown): MountData | undefined {
  const r = record(v);
  if (!r) return undefined;
  return compact({ dataLinkId: str(r.dataLinkId), path: r.path === null ? null : str(r.path) });
}

function parseEnvironment(v: unknown): Record<string, string> | null | undefined {
  if (v === null) return null;
  const r = record(v);
  if (!r) return undefined;
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(r)) if (typeof value === 'string') out[k] = value;
  return out;
}

function parseConfiguration(v: unknown): StudioConfiguration | undefined {
  const r = record(v);
  if (!r) return undefined;
  return compact({
    cpu: num(r.cpu),
    gpu: num(r.gpu),
    memory: num(r.memory),
    lifespanHours: num(r.lifespanHours),
    condaEnvironment: str(r.condaEnvironment),
    environment: parseEnvironment(r.environment),
    mountData: Array.isArray(r.mountData) ? list(r.mountData, str) : r.mountData === null ? null : undefined,
    mountDataV2: Array.isArray(r.mountDataV2) ? list(r.mountDataV2, parseMountData) : r.mountDataV2 === null ? null : undefined,
    sshEnabled: r.sshEnabled === null ? null : bool(r.sshEnabled),
  });
}

export function parseDataLink(v: unknown): DataLink | undefined {
  const r = record(v);
  if (!r) return undefined;
  return compact({
    id: str(r.id),
    name: str(r.name),
    resourceRef: str(r.resourceRef),
    provider: str(r.provider),
    region: str(r.region),
    status: str(r.status),
  });
}

function parseSsh(v: unknown): SshDetails | undefined {
  const r = record(v);
  if (!r) return undefined;
  const host = str(r.host);
  const port = num(r.port);
  const user = str(r.user);
  const command = str(r.command);
  if (host === undefined || port === undefined || user === undefined || command === undefined) return undefined;
  return { host, port, user, command };
}

function parseParent(v: unknown): ParentCheckpoint | undefined {
  const r = record(v);
  if (!r) return undefined;
  const parent = compact({
    checkpointId: num(r.checkpointId),
    checkpointName: str(r.checkpointName),
    sessionId: str(r.sessionId),
    studioName: str(r.studioName),
  });
  return Object.keys(parent).length > 0 ? parent : undefined;
}

function parseConnection(v: unknown): ActiveConnection | undefined {
  const user = parseUserInfo(v);
  if (!user) return undefined;
  return compact({ ...user, lastActive: str(record(v)?.lastActive) });
}

export function parseStudio(v: unknown, path = 'Studio'): Studio {
  const r = record(v);
  const sessionId = r && str(r.sessionId);
  if (!r) throw invalid(path, 'an object', v);
  if (!sessionId) throw invalid(`${path}.sessionId`, 'a string', r.sessionId);
  return compact({
    sessionId,
    workspaceId: num(r.workspaceId),
    name: str(r.name) ?? sessionId,
    description: str(r.description),
    user: parseUserInfo(r.user),
    isPrivate: bool(r.isPrivate),
    studioUrl: str(r.studioUrl),
    template: parseTemplate(r.template),
    baseImage: str(r.baseImage),
    customImage: bool(r.customImage),
    computeEnv: parseComputeEnvRef(r.computeEnv),
    configuration: parseConfiguration(r.configuration),
    mountedDataLinks: Array.isArray(r.mountedDataLinks) ? list(r.mountedDataLinks, parseDataLink) : undefined,
    statusInfo: parseStatusInfo(r.statusInfo),
    progress: list(r.progress, parseStep),
    activeConnections: list(r.activeConnections, parseConnection),
    parentCheckpoint: parseParent(r.parentCheckpoint),
    sshDetails: parseSsh(r.sshDetails),
    effectiveLifespanHours: num(r.effectiveLifespanHours),
    dateCreated: str(r.dateCreated),
    lastUpdated: str(r.lastUpdated),
    lastStarted: str(r.lastStarted),
  });
}

function totalSize(r: Json, fallback: number): number {
  const n = num(r.totalSize);
  return n !== undefined && n >= 0 ? Math.floor(n) : fallback;
}

export function parseStudioPage(v: unknown, path = 'Studios'): StudioPage {
  const r = record(v);
  if (!r) throw invalid(path, 'an object', v);
  // One malformed Studio (e.g. without the sessionId the spec marks optional) is left out and reported, not the page.
  const list = lenientArrayOf(parseStudio)(r.studios, `${path}.studios`);
  return { studios: list.items, totalSize: totalSize(r, list.received), dropped: list.dropped, received: list.received };
}

const CHECKPOINT_STATUSES: readonly string[] = ['empty', 'interim', 'finalized', 'invalid'];

export function parseCheckpoint(v: unknown, path = 'checkpoint'): Checkpoint {
  const r = record(v);
  const id = r && num(r.id);
  if (!r) throw invalid(path, 'an object', v);
  if (id === undefined) throw invalid(`${path}.id`, 'a number', r.id);
  const status = str(r.status);
  return compact({
    id,
    name: str(r.name) ?? String(id),
    path: str(r.path),
    author: parseUserInfo(r.author),
    dateCreated: str(r.dateCreated),
    dateSaved: str(r.dateSaved),
    status: CHECKPOINT_STATUSES.includes(status ?? '') ? (status as CheckpointStatus) : 'unknown',
  });
}

export function parseCheckpointPage(v: unknown, path = 'checkpoints'): CheckpointPage {
  const r = record(v);
  if (!r) throw invalid(path, 'an object', v);
  if (!Array.isArray(r.checkpoints)) throw invalid(`${path}.checkpoints`, 'a list', r.checkpoints);
  const checkpoints = r.checkpoints.map((x, i) => parseCheckpoint(x, `${path}.checkpoints[${i}]`));
  return { checkpoints, totalSize: totalSize(r, checkpoints.length) };
}

export function parseTemplatePage(v: unknown, path = 'templates'): StudioTemplatePage {
  const r = record(v);
  if (!r) throw invalid(path, 'an object', v);
  if (!Array.isArray(r.templates)) throw invalid(`${path}.templates`, 'a list', r.templates);
  const templates = list(r.templates, parseTemplate);
  return { templates, totalSize: totalSize(r, templates.length) };
}

export function parseStartStop(v: unknown, sessionId: string, path = 'start/stop response'): StartStopResponse {
  const r = record(v);
  if (!r) throw invalid(path, 'an object', v);
  return {
    jobSubmitted: bool(r.jobSubmitted) ?? true,
    sessionId: str(r.sessionId) ?? sessionId,
    statusInfo: parseStatusInfo(r.statusInfo),
  };
}

/** `POST /studios` answers `{studio}`; tolerate a bare DTO too. */
export function parseCreateResponse(v: unknown, path = 'create response'): Studio {
  const r = record(v);
  if (!r) throw invalid(path, 'an object', v);
  return record(r.studio) ? parseStudio(r.studio, `${path}.studio`) : parseStudio(r, path);
}

function parseComputeEnv(v: unknown): ComputeEnvSummary | undefined {
  const r = record(v);
  const id = r && str(r.id);
  if (!r || !id) return undefined;
  const res = record(r.resources);
  return compact({
    id,
    name: str(r.name) ?? id,
    platform: str(r.platform),
    region: str(r.region),
    status: str(r.status),
    primary: bool(r.primary),
    resources: res ? compact({ cpus: num(res.cpus), memory: num(res.memory), gpus: num(res.gpus) }) : undefined,
  });
}

export function parseComputeEnvs(v: unknown, path = 'compute environments'): ComputeEnvSummary[] {
  const r = record(v);
  if (!r) throw invalid(path, 'an object', v);
  return list(r.computeEnvs, parseComputeEnv);
}

export function parseDataLinkPage(v: unknown, path = 'data links'): DataLinkPage {
  const r = record(v);
  if (!r) throw invalid(path, 'an object', v);
  const dataLinks = list(r.dataLinks, parseDataLink);
  return { dataLinks, totalSize: totalSize(r, dataLinks.length) };
}
