import { SeqeraError } from '../net/errors';
import { arrayOf, bool, invalid, num, object, optional, str, type Check } from '../net/validate';

/**
 * Wave's answers, narrowed at the edge. Status words are read as strings: a
 * new value from the server must not break the watch. Durations come as
 * decimal seconds (Jackson JSR-310), sometimes as integer nanoseconds or an
 * ISO-8601 duration; all are read as seconds.
 */
export interface SubmitContainerTokenResponse {
  requestId: string;
  containerToken?: string;
  targetImage: string;
  expiration?: string;
  containerImage?: string;
  buildId?: string;
  cached?: boolean;
  freeze?: boolean;
  /** A mirror: `buildId` is then the mirror's id (`mr-…`). */
  mirror?: boolean;
  scanId?: string;
  /** null/absent: still building or scanning, poll the status. */
  succeeded?: boolean;
}

export type ContainerStatus = 'PENDING' | 'BUILDING' | 'SCANNING' | 'DONE' | (string & {});

export interface ContainerStatusResponse {
  id: string;
  status: ContainerStatus;
  buildId?: string;
  mirrorId?: string;
  scanId?: string;
  vulnerabilities?: Record<string, number>;
  succeeded?: boolean;
  reason?: string;
  detailsUri?: string;
  creationTime?: string;
  /** Seconds. */
  duration?: number;
}

export interface WaveBuildRecord {
  buildId: string;
  targetImage?: string;
  startTime?: string;
  /** Seconds; absent while the build runs. */
  duration?: number;
  exitStatus?: number;
  platform?: string;
  digest?: string;
  scanId?: string;
  format?: string;
  buildTemplate?: string;
  /** A multi-platform build: the build and the scan of each platform. */
  buildChildIds?: ChildRef[];
  scanChildIds?: ChildRef[];
}

/** Wave's `ChildRefs.Ref`: an id and the platform it is for. */
export interface ChildRef {
  id: string;
  value: string;
}

/** `MirrorResult` (`/v1alpha1/mirrors/{id}`). */
export interface WaveMirrorRecord {
  mirrorId: string;
  sourceImage?: string;
  targetImage?: string;
  digest?: string;
  status: 'PENDING' | 'COMPLETED' | (string & {});
  exitCode?: number;
  duration?: number;
  scanId?: string;
}

export interface WaveVulnerability {
  id: string;
  severity: string;
  title?: string;
  pkgName?: string;
  installedVersion?: string;
  fixedVersion?: string;
  primaryUrl?: string;
}

export interface WaveScanRecord {
  id: string;
  buildId?: string;
  platform?: string;
  containerImage?: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED' | (string & {});
  duration?: number;
  exitCode?: number;
  vulnerabilities: WaveVulnerability[];
}

/** Seconds from a decimal number, integer nanoseconds (> 10^9) or an ISO-8601 duration. */
export const durationSeconds: Check<number> = (v, path) => {
  if (typeof v === 'number' && Number.isFinite(v)) return Number.isInteger(v) && v > 1e9 ? v / 1e9 : v;
  if (typeof v === 'string') {
    const n = Number(v);
    if (v.trim() !== '' && Number.isFinite(n)) return n;
    const m = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(v);
    if (m && (m[1] || m[2] || m[3])) return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  }
  return num(v, path);
};

const counts: Check<Record<string, number>> = (v, path) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(path, 'an object of counts', v);
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v as Record<string, unknown>)) out[k] = num(n, `${path}.${k}`);
  return out;
};

const childRef: Check<ChildRef> = object<ChildRef>({ id: str, value: str });
/** `{refs: [...]}` as Jackson writes ChildRefs. */
const childRefs: Check<ChildRef[]> = (v, path) => {
  const refs = object<{ refs: ChildRef[] }>({ refs: arrayOf(childRef) })(v, path).refs;
  for (const r of refs) checkId(r.id, 'child id');
  return refs;
};

export const submitResponse: Check<SubmitContainerTokenResponse> = object<SubmitContainerTokenResponse>({
  requestId: str,
  containerToken: optional(str),
  targetImage: str,
  expiration: optional(str),
  containerImage: optional(str),
  buildId: optional(str),
  cached: optional(bool),
  freeze: optional(bool),
  mirror: optional(bool),
  scanId: optional(str),
  succeeded: optional(bool),
});

export const containerStatusResponse: Check<ContainerStatusResponse> = object<ContainerStatusResponse>({
  id: str,
  status: str,
  buildId: optional(str),
  mirrorId: optional(str),
  scanId: optional(str),
  vulnerabilities: optional(counts),
  succeeded: optional(bool),
  reason: optional(str),
  detailsUri: optional(str),
  creationTime: optional(str),
  duration: optional(durationSeconds),
});

export const buildRecord: Check<WaveBuildRecord> = object<WaveBuildRecord>({
  buildId: str,
  targetImage: optional(str),
  startTime: optional(str),
  duration: optional(durationSeconds),
  exitStatus: optional(num),
  platform: optional(str),
  digest: optional(str),
  scanId: optional(str),
  format: optional(str),
  buildTemplate: optional(str),
  buildChildIds: optional(childRefs),
  scanChildIds: optional(childRefs),
});

export const mirrorRecord: Check<WaveMirrorRecord> = object<WaveMirrorRecord>({
  mirrorId: str,
  sourceImage: optional(str),
  targetImage: optional(str),
  digest: optional(str),
  status: str,
  exitCode: optional(num),
  duration: optional(durationSeconds),
  scanId: optional(str),
});

const vulnerability: Check<WaveVulnerability> = object<WaveVulnerability>({
  id: str,
  severity: str,
  title: optional(str),
  pkgName: optional(str),
  installedVersion: optional(str),
  fixedVersion: optional(str),
  primaryUrl: optional(str),
});

export const scanRecord: Check<WaveScanRecord> = (v, path) => {
  const base = object<Omit<WaveScanRecord, 'vulnerabilities'> & { vulnerabilities?: WaveVulnerability[] }>({
    id: str,
    buildId: optional(str),
    platform: optional(str),
    containerImage: optional(str),
    status: str,
    duration: optional(durationSeconds),
    exitCode: optional(num),
    vulnerabilities: optional(arrayOf(vulnerability)),
  })(v, path);
  return { ...base, vulnerabilities: base.vulnerabilities ?? [] };
};

/** Wave's ids go into URL paths: refuse anything that is not a plain id. */
export function checkId(id: string, what: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) throw new SeqeraError('invalidResponse', `Wave sent an unusable ${what}: ${JSON.stringify(id)}.`);
  return id;
}
