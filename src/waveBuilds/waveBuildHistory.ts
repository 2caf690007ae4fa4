import type { BuildOptions } from '../wave/request';
import type { ContainerStatusResponse } from '../wave/responses';
import { Emitter } from '../ui/emitter';
import type { MementoLike } from '../workspaces';

/**
 * The recent Wave builds shown in the Wave Builds view, newest first, kept in
 * global state (capped) so they survive a restart. Logs are not persisted: they
 * can be large and Wave serves them again by build id; the last logs of this
 * session are kept in memory.
 */
export type WaveBuildState = 'submitting' | 'pending' | 'building' | 'scanning' | 'succeeded' | 'failed' | 'stopped';

/** What was built, enough to build it again. */
export type WaveBuildSource =
  | { kind: 'conda' | 'dockerfile'; uri: string; label: string; contextDir?: string }
  | { kind: 'packages'; entries: string[]; channels: string[]; label: string }
  | { kind: 'cran'; entries: string[]; label: string }
  /** An existing image, augmented, frozen or mirrored. */
  | { kind: 'image'; image: string; label: string };

/** One platform of a multi-platform build (`buildChildIds`, `scanChildIds`). */
export interface WaveBuildChild {
  platform: string;
  buildId: string;
  scanId?: string;
  vulnerabilities?: Record<string, number>;
}

/**
 * The extension's own reasons for a `stopped` build: after a restart its status could not be read (`detail`: the
 * error), Wave still had it unfinished (`status`: Wave's, e.g. BUILDING), or this window stopped watching it.
 */
export type WaveBuildNote = { kind: 'unreadable'; detail: string } | { kind: 'unwatched'; status: string } | { kind: 'stoppedWatching' };

export interface WaveBuildEntry {
  /** Wave's request id. */
  id: string;
  waveUrl: string;
  source: WaveBuildSource;
  options: BuildOptions;
  targetImage: string;
  buildId?: string;
  scanId?: string;
  cached: boolean;
  anonymous: boolean;
  state: WaveBuildState;
  /** Wave's reason, as Wave wrote it. */
  reason?: string;
  /** Why this extension stopped showing the build live; stored as data and put into words (localized) when shown. */
  note?: WaveBuildNote;
  detailsUri?: string;
  vulnerabilities?: Record<string, number>;
  /** A mirror: `buildId` is the mirror's id. */
  mirror?: boolean;
  /** A multi-platform build's platforms. */
  children?: WaveBuildChild[];
  /** ms since the epoch */
  startedAt: number;
  finishedAt?: number;
  /** Build time reported by Wave, in seconds. */
  durationSec?: number;
  /** A Seqera Containers Singularity image's SIF file, as nf-core names it (`https://community-cr-prod.seqera.io/…/data`). */
  sifUrl?: string;
  /** Builds made together (the four of an nf-core module) share a group; the view shows them under it. */
  group?: { key: string; label: string };
}

export const HISTORY_KEY = 'seqera.wave.buildHistory';
export const HISTORY_CAP = 50;
const LOG_CACHE = 10;

export class WaveBuildHistory {
  private readonly changed = new Emitter<WaveBuildEntry | undefined>();
  /** Fires with the changed entry, or undefined when the list itself changed. */
  readonly onDidChange = this.changed.event;
  private entries: WaveBuildEntry[];
  private readonly logs = new Map<string, string>();
  private readonly watches = new Map<string, AbortController>();
  private reconciled = false;

  constructor(private readonly memento: MementoLike) {
    const saved = memento.get<unknown>(HISTORY_KEY);
    this.entries = Array.isArray(saved) ? saved.filter(isEntry).slice(0, HISTORY_CAP) : [];
  }

  list(): readonly WaveBuildEntry[] {
    return this.entries;
  }

  get(id: string): WaveBuildEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  async add(entry: WaveBuildEntry): Promise<void> {
    this.entries = [entry, ...this.entries.filter((e) => e.id !== entry.id)].slice(0, HISTORY_CAP);
    await this.save();
    this.changed.fire(undefined);
  }

  async update(id: string, patch: Partial<Omit<WaveBuildEntry, 'id'>>): Promise<WaveBuildEntry | undefined> {
    const i = this.entries.findIndex((e) => e.id === id);
    if (i < 0) return undefined;
    const updated = { ...this.entries[i], ...patch };
    this.entries = [...this.entries.slice(0, i), updated, ...this.entries.slice(i + 1)];
    await this.save();
    this.changed.fire(updated);
    return updated;
  }

  async clear(): Promise<void> {
    this.entries = [];
    this.logs.clear();
    await this.save(true);
    this.changed.fire(undefined);
  }

  /** The log of a build of this session, when it was served. */
  log(id: string): string | undefined {
    return this.logs.get(id);
  }

  rememberLog(id: string, text: string): void {
    this.logs.delete(id);
    this.logs.set(id, text);
    while (this.logs.size > LOG_CACHE) this.logs.delete(this.logs.keys().next().value as string);
  }

  /** Marks a build as watched by this window; the signal aborts when `stopWatching` is called. */
  startWatching(id: string): AbortSignal {
    const controller = new AbortController();
    this.watches.set(id, controller);
    this.changed.fire(this.get(id));
    return controller.signal;
  }

  isWatching(id: string): boolean {
    return this.watches.has(id);
  }

  /** Stops this window's watch of a build (the build itself goes on at Wave). */
  stopWatching(id: string, reason: Error): boolean {
    const controller = this.watches.get(id);
    if (!controller) return false;
    controller.abort(reason);
    return true;
  }

  endWatching(id: string): void {
    if (this.watches.delete(id)) this.changed.fire(this.get(id));
  }

  /**
   * Checks, once, the builds an earlier window left unfinished (submitting, pending, building, scanning)
   * against Wave's status endpoint, so they do not spin for ever after a restart: a build Wave finished
   * gets its result; one still running there, or whose status cannot be read, becomes "not watched" with
   * the reason. Builds this window watches are left alone. Never rejects.
   */
  async reconcile(status: (entry: WaveBuildEntry) => Promise<ContainerStatusResponse>): Promise<void> {
    if (this.reconciled) return;
    this.reconciled = true;
    const stale = this.entries.filter((e) => isUnfinished(e) && !this.watches.has(e.id));
    await Promise.all(
      stale.map(async (e) => {
        let patch: Partial<WaveBuildEntry>;
        try {
          patch = patchFromStatus(await status(e));
        } catch (err) {
          patch = { state: 'stopped', note: { kind: 'unreadable', detail: err instanceof Error ? err.message : String(err) } };
        }
        if (this.watches.has(e.id) || !isUnfinished(this.get(e.id) ?? e)) return;
        await this.update(e.id, patch);
      }),
    );
  }

  dispose(): void {
    for (const c of this.watches.values()) c.abort();
    this.watches.clear();
    this.changed.dispose();
  }

  /**
   * Writes the history, merged with what is stored: another window may have added builds since this one
   * read it, and they must not be overwritten. This window's copy of an entry wins, unless the stored one
   * has finished and ours has not (the other window followed it to the end). `replace` (Clear) writes as is.
   */
  private save(replace = false): Thenable<void> {
    if (!replace) {
      const saved = this.memento.get<unknown>(HISTORY_KEY);
      const stored = Array.isArray(saved) ? saved.filter(isEntry) : [];
      const byId = new Map(stored.map((e) => [e.id, e]));
      const ours = this.entries.map((e) => {
        const theirs = byId.get(e.id);
        // A "not watched" from another window's restart check never overrides this window's live watch.
        const theirsWins = theirs && !isUnfinished(theirs) && isUnfinished(e) && !(theirs.state === 'stopped' && this.watches.has(e.id));
        return theirsWins ? theirs : e;
      });
      const known = new Set(ours.map((e) => e.id));
      this.entries = [...ours, ...stored.filter((e) => !known.has(e.id))].sort((a, b) => b.startedAt - a.startedAt).slice(0, HISTORY_CAP);
    }
    return this.memento.update(HISTORY_KEY, this.entries);
  }
}

/** What Wave's status answer says of a build no window followed to its end. */
function patchFromStatus(s: ContainerStatusResponse): Partial<WaveBuildEntry> {
  if (s.status === 'DONE') {
    const failed = s.succeeded === false;
    return {
      state: failed ? 'failed' : 'succeeded',
      ...(s.reason ? { reason: s.reason } : {}),
      ...(s.vulnerabilities ? { vulnerabilities: s.vulnerabilities } : {}),
      ...(s.duration !== undefined ? { durationSec: s.duration } : {}),
    };
  }
  return { state: 'stopped', note: { kind: 'unwatched', status: s.status } };
}

function isUnfinished(e: WaveBuildEntry): boolean {
  return e.state === 'submitting' || e.state === 'pending' || e.state === 'building' || e.state === 'scanning';
}

function isEntry(v: unknown): v is WaveBuildEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Partial<WaveBuildEntry>;
  return typeof e.id === 'string' && typeof e.targetImage === 'string' && typeof e.state === 'string' && typeof e.source === 'object' && e.source !== null;
}
