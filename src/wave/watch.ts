import { isCancellation, SeqeraError } from '../net/errors';
import { sleep as realSleep, type Sleep } from '../net/retry';
import { nextDelay, type BackoffSchedule } from '../schedule/backoff';
import type { WaveClient } from './client';
import type {
  ContainerStatus,
  ContainerStatusResponse,
  SubmitContainerTokenResponse,
  WaveBuildRecord,
  WaveMirrorRecord,
  WaveScanRecord,
} from './responses';

/**
 * Follows one Wave request from submission to the end: polls
 * `/v1alpha2/container/{id}/status` once a second by default (a check leaves
 * `delay` after the previous one was sent, so the round trip does not stretch the
 * cadence; the delay grows ×1.5 up to `seqera.wave.pollMaxInterval` when that is
 * set above 1 s; wave-cli waits a fixed 10 s),
 * reports each status change, fetches the build log the moment the build is over
 * (and a partial log earlier whenever the server serves one), then the build
 * record and the scan result. Aborting the signal stops the watching; the build
 * on Wave carries on.
 */
export type PollSchedule = BackoffSchedule;

/**
 * One status request per second per build (issue #18: the log in the channel ≤ 1 s p90 after Wave serves it, with
 * at most one status request per second). A larger `maxMs` lets the checks slow down ×1.5 to it.
 */
export const DEFAULT_POLL: PollSchedule = { initialMs: 1_000, factor: 1.5, maxMs: 1_000 };

export type WatchEvent =
  | { type: 'status'; status: ContainerStatusResponse; previous: ContainerStatus | undefined }
  /** Text to append to what was reported before; `partial` while the build still runs. */
  | { type: 'log'; text: string; partial: boolean }
  | { type: 'record'; record: WaveBuildRecord }
  | { type: 'scanning'; scanId: string }
  | { type: 'scan'; scan: WaveScanRecord }
  | { type: 'mirror'; mirror: WaveMirrorRecord }
  | { type: 'notice'; message: string }
  /** After every status check that did not end the wait: how long the watch has run, by the watcher's clock. */
  | { type: 'waiting'; status: ContainerStatus; elapsedMs: number };

export interface WatchOptions {
  signal?: AbortSignal;
  onEvent?: (event: WatchEvent) => void;
  poll?: Partial<PollSchedule>;
  /** Least time between two tries for a partial log while the build runs. */
  partialLogEveryMs?: number;
  /** Give up watching after this long (Wave's own build timeout is 15 to 25 minutes). */
  maxWatchMs?: number;
  sleep?: Sleep;
  now?: () => number;
}

export interface WatchResult {
  status: ContainerStatusResponse;
  /** The whole build log, when Wave served it. */
  log?: string;
  record?: WaveBuildRecord;
  /** The scan; of a multi-platform build, the last platform's (all of them in `scans`). */
  scan?: WaveScanRecord;
  /** Every scan: one per platform for a multi-platform build. */
  scans?: WaveScanRecord[];
  /** A mirror's record. */
  mirror?: WaveMirrorRecord;
}

const TRANSIENT = new Set(['network', 'server', 'rateLimited', 'invalidResponse']);
const MAX_CONSECUTIVE_FAILURES = 5;
const FINAL_LOG_TRIES = 5;

export async function watchBuild(client: WaveClient, submitted: SubmitContainerTokenResponse, options: WatchOptions = {}): Promise<WatchResult> {
  const w = new Watcher(client, submitted, options);
  return w.run();
}

class Watcher {
  private readonly schedule: PollSchedule;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly deadline: number;
  private readonly startedAt: number;
  private logText = '';
  private logServed = false;

  constructor(
    private readonly client: WaveClient,
    private readonly submitted: SubmitContainerTokenResponse,
    private readonly options: WatchOptions,
  ) {
    const schedule = { ...DEFAULT_POLL, ...options.poll };
    // A cap below the first delay (pollMaxInterval 0.5 s) is the delay from the start.
    this.schedule = { ...schedule, initialMs: Math.min(schedule.initialMs, schedule.maxMs) };
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.deadline = this.startedAt + (options.maxWatchMs ?? 45 * 60_000);
  }

  async run(): Promise<WatchResult> {
    const status = await this.pollStatus();
    const mirrorId = status.mirrorId ?? (this.submitted.mirror ? this.submitted.buildId : undefined);
    const result: WatchResult = { status };
    if (mirrorId) return this.mirrorResult(result, mirrorId, status.scanId ?? this.submitted.scanId);
    const buildId = status.buildId ?? this.submitted.buildId;
    if (buildId) {
      if (!this.logServed) await this.finalLog(buildId);
      if (this.logServed) result.log = this.logText;
      try {
        result.record = await this.client.buildRecord(buildId, this.options.signal);
        this.emit({ type: 'record', record: result.record });
      } catch (e) {
        if (isCancellation(e)) throw e;
        this.emit({ type: 'notice', message: `Could not read the build record: ${message(e)}` });
      }
    }
    // A multi-platform build is scanned per platform; its own scan id gets no record.
    const children = result.record?.scanChildIds;
    const scanIds = children?.length ? children.map((c) => c.id) : [status.scanId ?? this.submitted.scanId].filter((id): id is string => !!id);
    const scans: WaveScanRecord[] = [];
    for (const id of scanIds) {
      const scan = await this.pollScan(id);
      if (scan) scans.push(scan);
    }
    if (scans.length) {
      result.scans = scans;
      result.scan = scans[scans.length - 1];
    }
    return result;
  }

  /** A mirror: its record and log (`/v1alpha1/mirrors/{id}`), then its scan when one was asked for. */
  private async mirrorResult(result: WatchResult, mirrorId: string, scanId: string | undefined): Promise<WatchResult> {
    try {
      result.mirror = await this.client.mirrorRecord(mirrorId, this.options.signal);
      this.emit({ type: 'mirror', mirror: result.mirror });
      const log = await this.client.mirrorLog(mirrorId, this.options.signal);
      if (log !== undefined) {
        result.log = log;
        this.emit({ type: 'log', text: log, partial: false });
      }
    } catch (e) {
      if (isCancellation(e)) throw e;
      this.emit({ type: 'notice', message: `Could not read the mirror record: ${message(e)}` });
    }
    if (scanId) {
      const scan = await this.pollScan(scanId);
      if (scan) {
        result.scan = scan;
        result.scans = [scan];
      }
    }
    return result;
  }

  private async pollStatus(): Promise<ContainerStatusResponse> {
    let delay = 0;
    let previous: ContainerStatus | undefined;
    let failures = 0;
    let lastPartialTry = this.now();
    const partialEvery = this.options.partialLogEveryMs ?? 5_000;
    let sentAt: number | undefined;
    for (;;) {
      // The cadence counts from the previous check's sending: its round trip and the work after it are part of the wait.
      const wait = sentAt === undefined ? delay : delay - (this.now() - sentAt);
      if (delay > 0 && wait > 0) await this.sleep(wait, this.options.signal);
      delay = this.nextDelay(delay);
      this.checkDeadline();
      sentAt = this.now();
      let status: ContainerStatusResponse;
      try {
        status = await this.client.containerStatus(this.submitted.requestId, this.options.signal);
        failures = 0;
      } catch (e) {
        if (!this.transient(e) || ++failures >= MAX_CONSECUTIVE_FAILURES) throw e;
        this.emit({ type: 'notice', message: `Status check failed (${message(e)}); trying again.` });
        continue;
      }
      if (status.status !== previous) {
        this.emit({ type: 'status', status, previous });
        previous = status.status;
      }
      if (status.status === 'DONE') return status;
      this.emit({ type: 'waiting', status: status.status, elapsedMs: this.now() - this.startedAt });
      const buildId = status.buildId ?? (this.submitted.mirror ? undefined : this.submitted.buildId);
      if (!buildId || status.mirrorId) continue;
      if (status.status === 'SCANNING' && !this.logServed) {
        await this.finalLog(buildId);
      } else if (status.status === 'BUILDING' && this.now() - lastPartialTry >= partialEvery) {
        lastPartialTry = this.now();
        await this.tryLog(buildId, true);
      }
    }
  }

  /** The log right after the build: Wave stores it as the build completes, so allow a few quick tries. */
  private async finalLog(buildId: string): Promise<void> {
    let delay = 0;
    for (let i = 0; i < FINAL_LOG_TRIES; i++) {
      if (delay > 0) await this.sleep(delay, this.options.signal);
      delay = this.nextDelay(delay);
      if (await this.tryLog(buildId, false)) return;
    }
    this.emit({ type: 'notice', message: 'Wave has not served the build log yet; it will be on the build page.' });
  }

  private async tryLog(buildId: string, partial: boolean): Promise<boolean> {
    let text: string | undefined;
    try {
      text = await this.client.buildLog(buildId, this.options.signal);
    } catch (e) {
      if (!this.transient(e)) throw e;
      return false;
    }
    if (text === undefined) return false;
    if (!partial) this.logServed = true;
    if (text.startsWith(this.logText)) {
      const added = text.slice(this.logText.length);
      if (added !== '') this.emit({ type: 'log', text: added, partial });
    } else {
      this.emit({ type: 'log', text, partial });
    }
    this.logText = text;
    return true;
  }

  private async pollScan(scanId: string): Promise<WaveScanRecord | undefined> {
    let delay = 0;
    let failures = 0;
    let missing = 0;
    let announced = false;
    for (;;) {
      if (delay > 0) await this.sleep(delay, this.options.signal);
      delay = this.nextDelay(delay);
      this.checkDeadline();
      let scan: WaveScanRecord;
      try {
        scan = await this.client.scanRecord(scanId, this.options.signal);
        failures = 0;
      } catch (e) {
        if (e instanceof SeqeraError && e.kind === 'notFound' && ++missing < 12) {
          // The scan record appears once the scan starts.
        } else if (!this.transient(e) || ++failures >= MAX_CONSECUTIVE_FAILURES) {
          if (isCancellation(e)) throw e;
          this.emit({ type: 'notice', message: `Could not read the scan result: ${message(e)}` });
          return undefined;
        }
        continue;
      }
      if (scan.status !== 'PENDING') {
        this.emit({ type: 'scan', scan });
        return scan;
      }
      if (!announced) {
        announced = true;
        this.emit({ type: 'scanning', scanId });
      }
    }
  }

  /** 0 stands for "no wait yet": the first try goes at once, then the schedule's delays. */
  private nextDelay(current: number): number {
    return nextDelay(this.schedule, current === 0 ? undefined : current);
  }

  private checkDeadline(): void {
    if (this.now() > this.deadline) {
      const minutes = Math.round((this.options.maxWatchMs ?? 45 * 60_000) / 60_000);
      throw new SeqeraError('network', `Stopped watching after ${minutes} minutes; the build goes on at Wave.`);
    }
  }

  private transient(e: unknown): boolean {
    return e instanceof SeqeraError && TRANSIENT.has(e.kind);
  }

  private emit(event: WatchEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // a listener must not break the watch
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
