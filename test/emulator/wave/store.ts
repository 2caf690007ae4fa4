import { createHash } from 'node:crypto';
import type { EmulatorState } from '../state';
import type { StudioRec } from '../model';
import type { WaveLimits } from '../types';
import { type BuildPlan, condaDockerfile, planCondaBuild, planDockerBuild } from './buildlog';
import { envYamlFromEntries, parseCondaYaml } from './conda';

const S = 1000;
/** Emulated time a security scan takes after its build. */
export const SCAN_DURATION_MS = 20 * S;

export interface BuildRec {
  buildId: string;
  /** Content hash: the same request content gives the same hash (and image). */
  hash: string;
  dockerFile: string;
  condaFile?: string;
  targetImage: string;
  platform: string;
  format: 'DOCKER' | 'SINGULARITY';
  buildTemplate?: string;
  userId?: number;
  userName?: string;
  userEmail?: string;
  startTime: number;
  plan: BuildPlan;
  scanId?: string;
  vulnerabilities: Vulnerability[];
  compression?: unknown;
  /** Recorded builds primed into the emulator (a real Seqera Containers build): their lock as recorded, stored already. */
  recordedLock?: string | null;
  /** Digest of the SIF layer of a Singularity image (`sha256:<hex>`); derived from the build id when not recorded. */
  sifDigest?: string;
  /** Multi-platform parent: its per-platform builds (`buildChildIds`) and scans (`scanChildIds`). */
  buildChildIds?: ChildRef[];
  scanChildIds?: ChildRef[];
  /** Multi-platform child: the parent's build id. */
  parentId?: string;
}

/** Wave's `ChildRefs.Ref`: an id and the platform it is for. */
export interface ChildRef {
  id: string;
  value: string;
}

/** A scan with its own record (per-platform scans of a multi-platform build, mirror and image scans). */
export interface ScanRec {
  id: string;
  buildId?: string;
  mirrorId?: string;
  requestId?: string;
  containerImage: string;
  platform: string;
  /** When the scan starts (emulated ms). */
  startAt: number;
  vulnerabilities: Vulnerability[];
}

/** A mirror job (`MirrorResult`). */
export interface MirrorRec {
  mirrorId: string;
  digest: string;
  sourceImage: string;
  targetImage: string;
  platform?: string;
  creationTime: number;
  durationMs: number;
  userId?: number;
  userName?: string;
  userEmail?: string;
  scanId?: string;
  log: string[];
}

export interface Vulnerability {
  id: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  title: string;
  pkgName: string;
  installedVersion: string;
  fixedVersion: string;
  primaryUrl: string;
}

export interface ContainerRequestRec {
  requestId: string;
  containerToken?: string;
  targetImage: string;
  containerImage: string;
  buildId?: string;
  cached: boolean;
  freeze: boolean;
  mirror: boolean;
  scanMode: 'none' | 'async' | 'required';
  scanLevels?: string[];
  creationTime: number;
  expiration?: number;
  userId?: number;
  /** The build this request got (its id alone can be shared by hand-edited recorded builds). */
  build?: BuildRec;
  /** What the request record shows (`WaveContainerRecord`). */
  containerConfig?: Record<string, unknown>;
  platform?: string;
  buildRepository?: string;
  cacheRepository?: string;
  workspaceId?: number;
  towerEndpoint?: string;
  /** A plain or augmented image request: the image it serves. */
  sourceImage?: string;
  scanId?: string;
  scanChildIds?: ChildRef[];
}

/** Wave's records plus the time-derived status of builds and scans. */
export class WaveStore {
  readonly builds = new Map<string, BuildRec>();
  readonly requests = new Map<string, ContainerRequestRec>();
  readonly scans = new Map<string, ScanRec>();
  readonly mirrors = new Map<string, MirrorRec>();
  /** Content hash → newest build (a record, not an id: hand-edited module records reuse one build id for several builds). */
  private latestByHash = new Map<string, BuildRec>();
  private limits: WaveLimits;
  private buildTimes = new Map<string, number[]>();
  private requestTimes: number[] = [];

  constructor(private readonly state: EmulatorState, limits: WaveLimits) {
    this.limits = { ...limits };
  }

  setLimits(limits: WaveLimits): void {
    this.limits = { ...limits };
    this.requestTimes = [];
    this.buildTimes.clear();
  }

  /** Seconds to wait when the request rate is exceeded, else undefined (and the request is counted). */
  throttle(): number | undefined {
    const max = this.limits.requestsPerWindow;
    if (!max) return undefined;
    const win = this.limits.requestWindowMs ?? 60 * S;
    const now = this.state.clock.now();
    this.requestTimes = this.requestTimes.filter((t) => t > now - win);
    if (this.requestTimes.length >= max) return Math.max(1, Math.ceil((this.requestTimes[0] + win - now) / S));
    this.requestTimes.push(now);
    return undefined;
  }

  /** Whether one more new build is allowed for this user key; counts it when allowed. */
  takeBuildPermit(key: string): boolean {
    const max = this.limits.buildsPerWindow;
    if (!max) return true;
    const win = this.limits.buildWindowMs ?? 60 * 60 * S;
    const now = this.state.clock.now();
    const times = (this.buildTimes.get(key) ?? []).filter((t) => t > now - win);
    if (times.length >= max) {
      this.buildTimes.set(key, times);
      return false;
    }
    times.push(now);
    this.buildTimes.set(key, times);
    return true;
  }

  static contentHash(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
  }

  /** The newest build for that content, if any. */
  latestBuild(hash: string): BuildRec | undefined {
    return this.latestByHash.get(hash);
  }

  addBuild(rec: Omit<BuildRec, 'buildId' | 'scanId' | 'vulnerabilities'> & { scan: boolean }): BuildRec {
    const previous = this.latestBuild(rec.hash);
    const n = previous ? Number(previous.buildId.split('_').pop()) + 1 : 1;
    const buildId = `bd-${rec.hash}_${n}`;
    const { scan, ...rest } = rec;
    const build: BuildRec = {
      ...rest,
      buildId,
      scanId: scan && !rec.plan.failure ? `sc-${rec.hash}_${n}` : undefined,
      vulnerabilities: scan && !rec.plan.failure ? vulnerabilitiesFor(rec.hash, rec.dockerFile) : [],
    };
    this.builds.set(buildId, build);
    this.latestByHash.set(rec.hash, build);
    return build;
  }

  /** Adds a finished build under its own id (recorded builds primed into the emulator). */
  insertBuild(build: BuildRec): void {
    this.builds.set(build.buildId, build);
    this.latestByHash.set(build.hash, build);
  }

  /** A build whose id Wave makes itself (a multi-platform parent, `bd-<id>_0`). */
  addParentBuild(build: BuildRec): void {
    this.builds.set(build.buildId, build);
    this.latestByHash.set(build.hash, build);
  }

  /** The build that pushed this image (`oras://` included for Singularity), if any. */
  buildByImage(image: string): BuildRec | undefined {
    let found: BuildRec | undefined;
    for (const b of this.builds.values()) if (b.targetImage === image) found = b;
    return found;
  }

  buildDone(b: BuildRec): boolean {
    return this.state.clock.now() >= b.startTime + b.plan.durationMs;
  }

  scanDone(b: BuildRec): boolean {
    return this.state.clock.now() >= b.startTime + b.plan.durationMs + SCAN_DURATION_MS;
  }

  mirrorDone(m: MirrorRec): boolean {
    return this.state.clock.now() >= m.creationTime + m.durationMs;
  }

  /** Deterministic findings for an image (as for builds). */
  static vulnerabilitiesOf(seed: string, baseHint: string): Vulnerability[] {
    return vulnerabilitiesFor(WaveStore.contentHash(seed), baseHint);
  }

  buildByScanId(scanId: string): BuildRec | undefined {
    return [...this.builds.values()].find((b) => b.scanId === scanId);
  }

  detailsUri(buildId: string): string {
    return `${this.state.waveUrl}/view/builds/${buildId}`;
  }

  newRequestId(): string {
    for (;;) {
      const id = this.state.rng.hex(12);
      if (!this.requests.has(id)) return id;
    }
  }

  /** The image build a Studio with a conda environment or a custom image needs (cached like any Wave build). */
  studioBuild(s: StudioRec, forceFail: boolean, startTime = this.state.clock.now()): { done: boolean; succeeded: boolean; doneAt: number; reason: string; detailsUri: string } {
    const conda = s.configuration.condaEnvironment ?? '';
    const baseImage = forceFail ? `${s.template.repository}-doesnotexist` : s.template.repository;
    const hash = WaveStore.contentHash({ studio: baseImage, conda });
    let build = this.latestBuild(hash);
    if (!build || (build.plan.failure && this.buildDone(build))) {
      const dockerFile = `FROM ${baseImage}\n` + (conda ? 'COPY conda.yml /tmp/conda.yml\nRUN micromamba install -y -n base -f /tmp/conda.yml\n' : '');
      const targetImage = `${hostOf(this.state.waveUrl)}/wave/build:studio--${hash}`;
      let plan: BuildPlan;
      try {
        plan = conda && !forceFail ? planCondaBuild(parseCondaYaml(conda), dockerFile, targetImage, 'linux/amd64') : planDockerBuild(dockerFile, conda ? ['conda.yml'] : undefined, targetImage, 'linux/amd64');
      } catch (e) {
        plan = { log: [`critical libmamba ${(e as Error).message}`], durationMs: 10 * S, failure: { reason: (e as Error).message, exitStatus: 1 } };
      }
      const user = this.state.users.get(s.userId);
      build = this.addBuild({
        hash, dockerFile, condaFile: conda || undefined, targetImage, platform: 'linux/amd64', format: 'DOCKER', userId: user?.id,
        userName: user?.userName, userEmail: user?.email, startTime, plan, scan: false,
      });
    }
    return {
      done: this.buildDone(build), succeeded: !build.plan.failure, doneAt: build.startTime + build.plan.durationMs,
      reason: build.plan.failure?.reason ?? '', detailsUri: this.detailsUri(build.buildId),
    };
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'wave.emulator.local';
  }
}

export { condaDockerfile, envYamlFromEntries };

const CATALOG: Omit<Vulnerability, 'id' | 'primaryUrl'>[] = [
  { severity: 'LOW', title: 'coreutils: Non-privileged session can escape to the parent session in chroot', pkgName: 'coreutils', installedVersion: '8.32-4.1ubuntu1', fixedVersion: '' },
  { severity: 'MEDIUM', title: 'openssl: Excessive time spent checking DH q parameter value', pkgName: 'libssl3', installedVersion: '3.0.2-0ubuntu1.10', fixedVersion: '3.0.2-0ubuntu1.12' },
  { severity: 'HIGH', title: 'curl: HTTP/2 push headers memory-leak', pkgName: 'curl', installedVersion: '7.81.0-1ubuntu1.13', fixedVersion: '7.81.0-1ubuntu1.16' },
  { severity: 'MEDIUM', title: 'glibc: buffer overflow in ld.so leading to privilege escalation', pkgName: 'libc6', installedVersion: '2.35-0ubuntu3.4', fixedVersion: '2.35-0ubuntu3.5' },
  { severity: 'CRITICAL', title: 'zlib: integer overflow and resultant heap-based buffer overflow in inflateGetHeader', pkgName: 'zlib1g', installedVersion: '1:1.2.11.dfsg-2ubuntu9.2', fixedVersion: '' },
  { severity: 'LOW', title: 'tar: does not properly warn about a file name with too many characters', pkgName: 'tar', installedVersion: '1.34+dfsg-1ubuntu0.1.22.04.1', fixedVersion: '' },
];

/** Deterministic findings: images FROM ubuntu/debian get a few, conda images fewer; `CRITICAL` only for old bases. */
function vulnerabilitiesFor(hash: string, dockerFile: string): Vulnerability[] {
  const n = Number.parseInt(hash.slice(0, 2), 16) % 4;
  const count = /ubuntu|debian/i.test(dockerFile) ? n + 2 : n;
  const out: Vulnerability[] = [];
  for (let i = 0; i < count; i++) {
    const v = CATALOG[(Number.parseInt(hash.slice(2 + i, 4 + i), 16) + i) % CATALOG.length];
    if (v.severity === 'CRITICAL' && !/ubuntu:(18|20)/.test(dockerFile)) continue;
    const id = `CVE-202${(i % 4) + 1}-${10000 + Number.parseInt(hash.slice(i, i + 4), 16) % 50000}`;
    if (out.some((o) => o.pkgName === v.pkgName)) continue;
    out.push({ ...v, id, primaryUrl: `https://avd.aquasec.com/nvd/${id.toLowerCase()}` });
  }
  return out;
}
