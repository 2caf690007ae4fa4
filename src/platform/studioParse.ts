import {
  arrayOf,
  bool,
  entriesOf,
  itemsOf,
  lenient,
  lenientArrayOf,
  looseBool,
  looseNum,
  looseStr,
  map,
  nonEmptyStr,
  nullable,
  num,
  object,
  oneOf,
  optional,
  str,
  type Check,
  type LenientList,
} from '../net/validate';
import {
  STUDIO_STATUSES,
  type ActiveConnection,
  type Checkpoint,
  type CheckpointPage,
  type CheckpointStatus,
  type ComputeEnvSummary,
  type DataLink,
  type DataLinkPage,
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
import { emptyList, FlatInterner, Interner } from './intern';

/**
 * The checks of the Studio endpoints' JSON, written with the combinators of
 * net/validate.ts like every other answer. Required identifiers (a Studio's
 * sessionId, a checkpoint's id) must be there or the Studio is refused with a
 * message naming the field ("`GET /studios.studios[3].sessionId` should be a
 * string but is missing"). Every other field is `lenient`: kept only
 * when it has the expected type, so one odd field never hides a whole Studio.
 * In a Studios page, an unreadable Studio is left out and reported (dropped).
 */
/** Absent, null or of the wrong type: undefined. */
function loose<T>(check: Check<T>): Check<T | undefined> {
  return lenient(optional(check));
}
const ostr = looseStr;
const onum = looseNum;
const obool = looseBool;

/** Lists that are part of one object: anything but a list reads as empty, unreadable items are left out. */
function listOr<T>(check: Check<T>): Check<T[]> {
  // Empty (most Studios): the one shared, frozen empty list.
  return map(loose(itemsOf(check)), (items) => (items && items.length > 0 ? items : emptyList<T>()));
}

/** Equal owners, templates, compute environments, configurations and images of many Studios are kept once. */
const shared = new Interner();

function once<T>(check: Check<T>): Check<T> {
  return map(check, (v) => shared.value(v));
}

/** `once` for flat objects, looked up by `keyOf` (FlatInterner: no key string per Studio). */
function onceBy<T extends object>(check: Check<T | undefined>, keyOf: (value: T) => unknown): Check<T | undefined> {
  const table = new FlatInterner<T>(keyOf);
  return map(check, (v) => (v === undefined ? undefined : table.value(v)));
}

/** A page's totalSize when it is a sensible count, else `fallback` (what the page held). */
function sizeOr(totalSize: number | undefined, fallback: number): number {
  return totalSize !== undefined && totalSize >= 0 ? Math.floor(totalSize) : fallback;
}

const userInfo = object<UserInfo>({ id: onum, userName: ostr, email: ostr });

export function parseUserInfo(v: unknown, path = 'user'): UserInfo | undefined {
  return loose(userInfo)(v, path);
}

type RawStatusInfo = Omit<StudioStatusInfo, 'status' | 'rawStatus'> & { status?: string };

const statusInfo: Check<StudioStatusInfo> = map(
  loose(object<RawStatusInfo>({ status: ostr, message: ostr, lastUpdate: ostr, stopReason: ostr })),
  (raw = {}) => {
    // Built field by field (no spread and delete): a thousand of these per list load, and `delete` leaves
    // slow objects behind.
    const known = oneOf(STUDIO_STATUSES, raw.status);
    const info: StudioStatusInfo = { status: known ?? 'unknown' };
    if (raw.message !== undefined) info.message = raw.message;
    if (raw.lastUpdate !== undefined) info.lastUpdate = raw.lastUpdate;
    if (raw.stopReason !== undefined) info.stopReason = raw.stopReason;
    if (!known && raw.status !== undefined) info.rawStatus = raw.status;
    return info;
  },
);

const STEP_STATUSES: readonly ProgressStepStatus[] = ['pending', 'in-progress', 'succeeded', 'errored'];

const progressStep: Check<ProgressStep> = map(
  object<{ status?: string; message?: string; warnings: string[] }>({ status: ostr, message: ostr, warnings: listOr(str) }),
  (raw) => ({ status: oneOf(STEP_STATUSES, raw.status) ?? 'pending', message: raw.message ?? '', warnings: raw.warnings }),
);

const template = object<StudioTemplate>({ repository: ostr, icon: ostr, tool: ostr, status: ostr });

const computeEnvRef = object<StudioComputeEnv>({ id: ostr, name: ostr, platform: ostr, region: ostr });

const mountData = object<MountData>({ dataLinkId: ostr, path: lenient(nullable(str)) });

const configuration = object<StudioConfiguration>({
  cpu: onum,
  gpu: onum,
  memory: onum,
  lifespanHours: onum,
  condaEnvironment: ostr,
  environment: lenient(nullable(entriesOf(ostr))),
  mountData: lenient(nullable(itemsOf(str))),
  mountDataV2: lenient(nullable(itemsOf(mountData))),
  sshEnabled: lenient(nullable(bool)),
});

const dataLink = object<DataLink>({ id: ostr, name: ostr, resourceRef: ostr, provider: ostr, region: ostr, status: ostr });

export function parseDataLink(v: unknown, path = 'data link'): DataLink | undefined {
  return lenient(dataLink)(v, path);
}

/** All four or none: a partial SSH entry cannot connect. */
const sshDetails = object<SshDetails>({ host: str, port: num, user: str, command: str });

const parentCheckpoint: Check<ParentCheckpoint | undefined> = map(
  loose(object<ParentCheckpoint>({ checkpointId: onum, checkpointName: ostr, sessionId: ostr, studioName: ostr })),
  (parent) => (parent && Object.keys(parent).length > 0 ? parent : undefined),
);

const activeConnection = object<ActiveConnection>({ id: onum, userName: ostr, email: ostr, lastActive: ostr });

type RawStudio = Omit<Studio, 'name'> & { name?: string };

const studio: Check<Studio> = map(
  object<RawStudio>({
    sessionId: nonEmptyStr,
    workspaceId: onum,
    name: ostr,
    description: ostr,
    user: onceBy(loose(userInfo), (u) => u.id),
    isPrivate: obool,
    studioUrl: ostr,
    template: onceBy(loose(template), (t) => t.repository),
    baseImage: map(ostr, (image) => (image === undefined ? undefined : shared.string(image))),
    customImage: obool,
    computeEnv: onceBy(loose(computeEnvRef), (ce) => ce.id),
    configuration: once(loose(configuration)),
    mountedDataLinks: map(loose(itemsOf(dataLink)), (links) => (links && links.length === 0 ? emptyList<DataLink>() : links)),
    statusInfo,
    progress: listOr(progressStep),
    activeConnections: listOr(activeConnection),
    parentCheckpoint,
    sshDetails: loose(sshDetails),
    effectiveLifespanHours: onum,
    dateCreated: ostr,
    lastUpdated: ostr,
    lastStarted: ostr,
    waveBuildUrl: ostr,
  }),
  (raw) => {
    raw.name ??= raw.sessionId;
    return raw as Studio;
  },
);

export function parseStudio(v: unknown, path = 'Studio'): Studio {
  return studio(v, path);
}

const studioPage = object<{ studios: LenientList<Studio>; totalSize?: number }>({ studios: lenientArrayOf(studio), totalSize: onum });

export function parseStudioPage(v: unknown, path = 'Studios'): StudioPage {
  // One malformed Studio (e.g. without the sessionId the spec marks optional) is left out and reported, not the page.
  const page = studioPage(v, path);
  const { items, dropped, received } = page.studios;
  return { studios: items, totalSize: sizeOr(page.totalSize, received), dropped, received };
}

const CHECKPOINT_STATUSES: readonly CheckpointStatus[] = ['empty', 'interim', 'finalized', 'invalid'];

type RawCheckpoint = Omit<Checkpoint, 'name' | 'status'> & { name?: string; status?: string };

const checkpoint: Check<Checkpoint> = map(
  object<RawCheckpoint>({
    id: num,
    name: ostr,
    path: ostr,
    author: loose(userInfo),
    dateCreated: ostr,
    dateSaved: ostr,
    status: ostr,
  }),
  (raw) => ({ ...raw, name: raw.name ?? String(raw.id), status: oneOf(CHECKPOINT_STATUSES, raw.status) ?? 'unknown' }),
);

export function parseCheckpoint(v: unknown, path = 'checkpoint'): Checkpoint {
  return checkpoint(v, path);
}

const checkpointPage = object<{ checkpoints: Checkpoint[]; totalSize?: number }>({ checkpoints: arrayOf(checkpoint), totalSize: onum });

export function parseCheckpointPage(v: unknown, path = 'checkpoints'): CheckpointPage {
  const page = checkpointPage(v, path);
  return { checkpoints: page.checkpoints, totalSize: sizeOr(page.totalSize, page.checkpoints.length) };
}

const templatePage = object<{ templates: StudioTemplate[]; totalSize?: number }>({ templates: itemsOf(template), totalSize: onum });

export function parseTemplatePage(v: unknown, path = 'templates'): StudioTemplatePage {
  const page = templatePage(v, path);
  return { templates: page.templates, totalSize: sizeOr(page.totalSize, page.templates.length) };
}

const startStop = object<{ jobSubmitted?: boolean; sessionId?: string; statusInfo: StudioStatusInfo }>({
  jobSubmitted: obool,
  sessionId: ostr,
  statusInfo,
});

export function parseStartStop(v: unknown, sessionId: string, path = 'start/stop response'): StartStopResponse {
  const r = startStop(v, path);
  return { jobSubmitted: r.jobSubmitted ?? true, sessionId: r.sessionId ?? sessionId, statusInfo: r.statusInfo };
}

const createEnvelope = object<{ studio?: object }>({ studio: loose(object<object>({})) });

/** `POST /studios` answers `{studio}`; tolerate a bare DTO too. */
export function parseCreateResponse(v: unknown, path = 'create response'): Studio {
  return createEnvelope(v, path).studio ? studio((v as { studio: unknown }).studio, `${path}.studio`) : studio(v, path);
}

type RawComputeEnv = Omit<ComputeEnvSummary, 'name'> & { name?: string };

const computeEnv: Check<ComputeEnvSummary> = map(
  object<RawComputeEnv>({
    id: nonEmptyStr,
    name: ostr,
    platform: ostr,
    region: ostr,
    status: ostr,
    primary: obool,
    resources: loose(object<NonNullable<ComputeEnvSummary['resources']>>({ cpus: onum, memory: onum, gpus: onum })),
  }),
  (raw) => ({ ...raw, name: raw.name ?? raw.id }),
);

export function parseComputeEnvs(v: unknown, path = 'compute environments'): ComputeEnvSummary[] {
  return object<{ computeEnvs: ComputeEnvSummary[] }>({ computeEnvs: listOr(computeEnv) })(v, path).computeEnvs;
}

const dataLinkPage = object<{ dataLinks: DataLink[]; totalSize?: number }>({ dataLinks: listOr(dataLink), totalSize: onum });

export function parseDataLinkPage(v: unknown, path = 'data links'): DataLinkPage {
  const page = dataLinkPage(v, path);
  return { dataLinks: page.dataLinks, totalSize: sizeOr(page.totalSize, page.dataLinks.length) };
}
