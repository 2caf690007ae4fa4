import type { EmulatorState } from '../state';
import type { CheckpointRec, StopReason, StudioRec, StudioStatus } from '../model';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** Emulated durations of the Studio lifecycle (ms). Tests may rely on them; they are documented in README. */
export const STUDIO_TIMINGS = {
  provisioning: 20 * S,
  mountingCheckpoints: 5 * S,
  mountingData: 5 * S,
  startingTool: 10 * S,
  stopping: 15 * S,
  /** GET /studios/{id} answers 202 this long after a start when data links are mounted. */
  dataLinksLoading: 3 * S,
  /** First checkpoint save of a running session (empty → interim). */
  firstSave: 1 * M,
  /** errorWhileRunning / spotReclaim scenarios strike this long after reaching running. */
  scenarioStrike: 2 * M,
};

export interface StatusInfoDto {
  status: StudioStatus | string;
  message: string;
  lastUpdate: string;
  stopReason?: StopReason;
}

/** Drives Studios through building → starting (steps) → running → stopping → stopped on the emulator's clock. */
export class Lifecycle {
  constructor(private readonly state: EmulatorState) {}

  statusInfo(s: StudioRec): StatusInfoDto {
    const info: StatusInfoDto = { status: s.reportedStatus ?? s.status, message: s.statusMessage, lastUpdate: this.state.clock.iso(s.statusTime) };
    if (s.stopReason) info.stopReason = s.stopReason;
    return info;
  }

  effectiveLifespanHours(s: StudioRec): number {
    const ws = this.state.workspaces.get(s.workspaceId);
    const base = s.configuration.lifespanHours ?? ws?.lifespanHours ?? 8;
    return base === 0 ? 0 : base + s.extendedHours;
  }

  /** PUT /start: true when a new session was submitted; a Studio already on its way up answers with its current status. */
  start(s: StudioRec, byUserId: number): boolean {
    if (s.status === 'running' || s.status === 'starting' || s.status === 'building' || s.status === 'stopping') return false;
    this.clearTimers(s);
    s.stopReason = undefined;
    s.extendedHours = 0;
    s.activeConnections = [];
    s.lastStarted = this.now();
    s.dataLinksReadyAt = s.configuration.mountData.length > 0 ? this.now() + STUDIO_TIMINGS.dataLinksLoading : 0;
    s.progress = this.steps(s).map((message) => ({ status: 'pending', message }));
    void byUserId;
    if (s.customImage || s.configuration.condaEnvironment) {
      const build = this.state.wave.studioBuild(s, s.scenario === 'buildFailed');
      s.waveBuildUrl = build.detailsUri;
      if (s.scenario === 'buildFailed') s.scenario = 'normal';
      if (!build.done || !build.succeeded) {
        this.set(s, 'building', 'Building the Studio container image with Wave');
        this.schedule(s, build.doneAt, () => {
          if (build.succeeded) this.beginStarting(s);
          else this.set(s, 'buildFailed', `Wave build failed: ${build.reason}. See ${build.detailsUri}`);
        });
        return true;
      }
    }
    this.beginStarting(s);
    return true;
  }

  /** PUT /stop: true when a stop was submitted; stopping a Studio that is not up answers with its current status. */
  stop(s: StudioRec, reason?: StopReason): boolean {
    if (s.status === 'stopped' || s.status === 'stopping' || s.status === 'errored' || s.status === 'buildFailed') return false;
    this.clearTimers(s);
    const wasRunning = s.status === 'running';
    s.stopReason = reason;
    this.set(s, 'stopping', reason === 'LIFESPAN_EXPIRED' ? 'Lifespan expired' : '');
    s.progress = [];
    if (s.scenario === 'stuckStarting') s.scenario = 'normal';
    if (s.scenario === 'stuckStopping') return true;
    this.schedule(s, this.now() + STUDIO_TIMINGS.stopping, () => {
      s.activeConnections = [];
      s.runningSince = undefined;
      if (wasRunning) this.finalizeCheckpoint(s, 'finalized');
      this.set(s, 'stopped', '');
    });
    return true;
  }

  /** POST /lifespan: adds the workspace's default lifespan (or the Studio's own) to the running session. */
  extendLifespan(s: StudioRec): void {
    const hours = this.effectiveLifespanHours(s);
    if (hours === 0) return;
    const ws = this.state.workspaces.get(s.workspaceId);
    s.extendedHours += s.configuration.lifespanHours ?? ws?.lifespanHours ?? 8;
    this.scheduleLifespan(s);
  }

  /** Puts a freshly added Studio into a status (seeding), with the timers that status implies. */
  place(s: StudioRec, status: StudioStatus, connections: number[]): void {
    const now = this.now();
    s.statusTime = now - 10 * M;
    switch (status) {
      case 'running': {
        s.lastStarted = now - 2 * H;
        s.runningSince = now - 2 * H + 40 * S;
        s.statusTime = s.runningSince;
        s.progress = this.steps(s).map((message) => ({ status: 'succeeded', message }));
        s.status = 'running';
        this.openCheckpoint(s, s.runningSince, 'interim');
        s.activeConnections = connections.map((userId, i) => ({ userId, lastActive: now - (i + 1) * 4 * M }));
        this.scheduleLifespan(s);
        this.scheduleScenario(s);
        break;
      }
      case 'starting':
        s.lastStarted = now - 8 * S;
        s.progress = this.steps(s).map((message) => ({ status: 'pending', message }));
        this.beginStarting(s, 1);
        s.statusTime = s.lastStarted;
        break;
      case 'stopping':
        s.lastStarted = now - 5 * H;
        s.runningSince = now - 5 * H;
        s.status = 'running';
        this.openCheckpoint(s, s.runningSince, 'interim');
        this.stop(s, s.stopReason);
        break;
      case 'building':
        s.configuration.condaEnvironment ??= 'channels:\n  - conda-forge\n  - bioconda\ndependencies:\n  - scanpy=1.10.1\n  - anndata\n';
        this.start(s, s.userId);
        break;
      case 'buildFailed': {
        // As after a real failed build: a finished, failed Wave build (log served) named by waveBuildUrl.
        s.status = 'buildFailed';
        s.lastStarted = now - 2 * H;
        if (!s.customImage) s.configuration.condaEnvironment ??= 'channels:\n  - conda-forge\ndependencies:\n  - scanpy-doesnotexist=1.0\n';
        let build = this.state.wave.studioBuild(s, false, s.lastStarted);
        if (build.succeeded) build = this.state.wave.studioBuild(s, true, s.lastStarted);
        s.waveBuildUrl = build.detailsUri;
        s.statusMessage ||= `Wave build failed: ${build.reason}. See ${build.detailsUri}`;
        break;
      }
      case 'errored':
        s.status = 'errored';
        s.lastStarted = now - 26 * H;
        s.progress = [
          { status: 'succeeded', message: 'Provisioning compute resources' },
          { status: 'errored', message: 'Mounting data links', warnings: ['Access Denied (Service: S3, Status Code: 403)'] },
        ];
        s.statusMessage ||= 'Unable to mount data link: Access Denied (Service: S3, Status Code: 403)';
        break;
      default:
        s.status = 'stopped';
        s.lastStarted = s.dateCreated + H;
    }
  }

  private beginStarting(s: StudioRec, alreadyDone = 0): void {
    this.set(s, 'starting', '');
    if (s.progress.length === 0) s.progress = this.steps(s).map((message) => ({ status: 'pending', message }));
    const durations = s.progress.map((p) => this.stepDuration(p.message));
    let at = this.now();
    for (let i = 0; i < alreadyDone; i++) s.progress[i].status = 'succeeded';
    if (s.progress[alreadyDone]) s.progress[alreadyDone].status = 'in-progress';
    // stuckStarting: only the first step ever completes.
    const ends = s.scenario === 'stuckStarting' ? Math.min(1, s.progress.length) : s.progress.length;
    for (let i = alreadyDone; i < ends; i++) {
      at += durations[i];
      const index = i;
      this.schedule(s, at, () => this.stepDone(s, index));
    }
  }

  private stepDone(s: StudioRec, index: number): void {
    const step = s.progress[index];
    if (index === 0 && s.scenario === 'errorOnStart') {
      s.scenario = 'normal';
      step.status = 'errored';
      step.warnings = ['InsufficientInstanceCapacity: We currently do not have sufficient capacity in the Availability Zone you requested'];
      this.clearTimers(s);
      this.set(s, 'errored', 'Unable to provision compute resources: insufficient instance capacity');
      return;
    }
    step.status = 'succeeded';
    const next = s.progress[index + 1];
    if (next) {
      next.status = 'in-progress';
      return;
    }
    s.runningSince = this.now();
    this.set(s, 'running', '');
    this.openCheckpoint(s, this.now(), 'empty');
    this.schedule(s, this.now() + STUDIO_TIMINGS.firstSave, () => {
      const cp = this.currentCheckpoint(s);
      if (cp && cp.status === 'empty') {
        cp.status = 'interim';
        cp.dateSaved = this.now();
      }
    });
    this.scheduleLifespan(s);
    this.scheduleScenario(s);
  }

  private scheduleLifespan(s: StudioRec): void {
    const hours = this.effectiveLifespanHours(s);
    if (hours === 0 || s.runningSince === undefined) return;
    const deadline = s.runningSince + hours * H;
    this.schedule(s, Math.max(deadline, this.now()), () => {
      if (s.status === 'running' && s.runningSince !== undefined && s.runningSince + this.effectiveLifespanHours(s) * H <= this.now()) {
        this.stop(s, 'LIFESPAN_EXPIRED');
      }
    });
  }

  private scheduleScenario(s: StudioRec): void {
    if (s.scenario !== 'errorWhileRunning' && s.scenario !== 'spotReclaim') return;
    const scenario = s.scenario;
    s.scenario = 'normal';
    this.schedule(s, this.now() + STUDIO_TIMINGS.scenarioStrike, () => {
      if (s.status !== 'running') return;
      this.clearTimers(s);
      s.activeConnections = [];
      s.runningSince = undefined;
      if (scenario === 'spotReclaim') {
        this.finalizeCheckpoint(s, 'finalized');
        s.stopReason = 'SPOT_RECLAMATION';
        this.set(s, 'stopped', 'The spot instance was reclaimed by the cloud provider');
      } else {
        this.finalizeCheckpoint(s, 'invalid');
        this.set(s, 'errored', 'The Studio container exited unexpectedly (exit code 137: out of memory)');
      }
    });
  }

  private steps(s: StudioRec): string[] {
    const steps = ['Provisioning compute resources', 'Mounting checkpoints'];
    if (s.configuration.mountData.length > 0) steps.push('Mounting data links');
    steps.push(`Starting ${toolName(s.template.tool)}`);
    return steps;
  }

  private stepDuration(message: string): number {
    if (message.startsWith('Provisioning')) return STUDIO_TIMINGS.provisioning;
    if (message === 'Mounting checkpoints') return STUDIO_TIMINGS.mountingCheckpoints;
    if (message === 'Mounting data links') return STUDIO_TIMINGS.mountingData;
    return STUDIO_TIMINGS.startingTool;
  }

  private openCheckpoint(s: StudioRec, at: number, status: CheckpointRec['status']): void {
    const id = this.state.newCheckpointId();
    const ce = this.state.computeEnvs.get(s.computeEnvId);
    s.checkpoints.push({
      id, sessionId: s.sessionId, name: `${s.name}_${s.checkpoints.length + 1}`,
      path: `${ce?.workDir ?? 's3://work'}/.studios/checkpoints/${s.sessionId}/${id}`,
      authorId: s.userId, dateCreated: at, dateSaved: at, status,
    });
  }

  private currentCheckpoint(s: StudioRec): CheckpointRec | undefined {
    return s.checkpoints.reduce<CheckpointRec | undefined>((a, c) => (!a || c.dateCreated >= a.dateCreated ? c : a), undefined);
  }

  private finalizeCheckpoint(s: StudioRec, status: CheckpointRec['status']): void {
    const cp = this.currentCheckpoint(s);
    if (cp && (cp.status === 'empty' || cp.status === 'interim')) {
      cp.status = status;
      cp.dateSaved = this.now();
    }
  }

  private set(s: StudioRec, status: StudioStatus, message: string): void {
    s.reportedStatus = undefined;
    s.status = status;
    s.statusMessage = message;
    s.statusTime = this.now();
    s.lastUpdated = this.now();
  }

  private schedule(s: StudioRec, at: number, fn: () => void): void {
    const cancel = this.state.clock.at(at, () => {
      s.timers = s.timers.filter((t) => t !== cancel);
      fn();
    });
    s.timers.push(cancel);
  }

  clearTimers(s: StudioRec): void {
    for (const cancel of s.timers) cancel();
    s.timers = [];
  }

  private now(): number {
    return this.state.clock.now();
  }
}

function toolName(tool: string): string {
  const names: Record<string, string> = { vscode: 'VS Code', jupyter: 'JupyterLab', rstudio: 'RStudio', xpra: 'Xpra' };
  return names[tool] ?? 'the Studio';
}
