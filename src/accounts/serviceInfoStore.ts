import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { SeqeraError, isCancellation } from '../net/errors';
import type { HttpClient } from '../net/http';
import type { PlatformClient } from '../platform/client';
import type { ServiceInfo } from '../platform/types';
import { waveServiceInfo, type WaveServiceInfo } from '../wave/serviceInfo';
import { Emitter } from '../ui/emitter';
import type { SessionState } from './session';
import type { WorkspaceRef } from '../workspaces';

/**
 * What the active endpoint says about itself: the Platform's and Wave's
 * `GET /service-info` (versions, whether Wave is enabled for the install) and
 * whether Studios answer in the active workspace (`GET /studios` is a 404 when
 * the Studios API is disabled). Read on sign-in and on an endpoint switch,
 * never at activation before the session is known, and not on every
 * workspace change (the Studios view asks then anyway). Problems become
 * warnings the UI shows once, instead of a 404 later.
 */
export interface StudiosAvailability {
  workspaceId?: number;
  workspaceName: string;
  available: boolean;
  message?: string;
}

export interface ServiceInfoSnapshot {
  apiUrl: string;
  waveUrl: string;
  platform?: ServiceInfo;
  platformError?: string;
  wave?: WaveServiceInfo;
  waveError?: string;
  studios?: StudiosAvailability;
}

export interface ServiceWarning {
  /** Stable per endpoint (and workspace), so a warning is shown once. */
  key: string;
  message: string;
}

export interface SessionLike {
  readonly state: SessionState;
  readonly endpoints: { apiUrl: string; waveUrl: string } | undefined;
  readonly sessionId: number;
  readonly client: PlatformClient | undefined;
  anonymousClient(): PlatformClient | undefined;
  readonly onDidChange: vscode.Event<void>;
}

export interface ActiveWorkspaceLike {
  readonly active: WorkspaceRef | undefined;
}

export function serviceWarnings(s: ServiceInfoSnapshot): ServiceWarning[] {
  const host = new URL(s.apiUrl).host;
  const out: ServiceWarning[] = [];
  if (s.platform?.waveEnabled === false) {
    out.push({
      key: `wave-disabled:${s.apiUrl}`,
      message: l10n.t(
        'Wave is not enabled for the Seqera Platform at {0} (its service-info says waveEnabled: false). Wave builds and inspections that pass your Platform token will be refused; ask your administrator to connect Wave, or sign out to use Wave anonymously.',
        host,
      ),
    });
  }
  if (s.studios && !s.studios.available) {
    out.push({
      key: `studios-disabled:${s.apiUrl}:${s.studios.workspaceId ?? 'personal'}`,
      message: s.studios.message
        ? l10n.t('Studios are not enabled for the workspace {0} on {1} (the Platform answered: {2}). Choose another workspace, or ask an administrator to enable Studios.', s.studios.workspaceName, host, s.studios.message)
        : l10n.t('Studios are not enabled for the workspace {0} on {1}. Choose another workspace, or ask an administrator to enable Studios.', s.studios.workspaceName, host),
    });
  }
  return out;
}

/** Lines for the account tooltip. */
export function describeServices(s: ServiceInfoSnapshot): string[] {
  const platform = s.platform
    ? `Platform ${s.platform.version ?? '(version unknown)'}${s.platform.apiVersion ? ` · API ${s.platform.apiVersion}` : ''}`
    : `Platform: ${s.platformError ?? 'not checked yet'}`;
  const wave = s.wave ? `Wave ${s.wave.version ?? '(version unknown)'}` : `Wave: ${s.waveError ?? 'not checked yet'}`;
  const lines = [platform, wave];
  if (s.platform?.waveEnabled === false) lines.push(l10n.t('Wave is not enabled for this Platform'));
  if (s.studios) {
    lines.push(s.studios.available ? l10n.t('Studios available in {0}', s.studios.workspaceName) : l10n.t('Studios not enabled in {0}', s.studios.workspaceName));
  }
  return lines;
}

export class ServiceInfoStore {
  private readonly changed = new Emitter<ServiceInfoSnapshot | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly warned = new Emitter<ServiceWarning>();
  /** Fires once per warning key for the lifetime of the store. */
  readonly onWarning = this.warned.event;

  private _current: ServiceInfoSnapshot | undefined;
  private sessionKey: string | undefined;
  private controller: AbortController | undefined;
  private studiosController: AbortController | undefined;
  private readonly shownWarnings = new Set<string>();
  private readonly subscriptions: { dispose(): void }[];
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly session: SessionLike,
    private readonly workspaces: ActiveWorkspaceLike,
    private readonly http: HttpClient,
    private readonly log?: { debug(m: string): void; warn(m: string): void },
  ) {
    this.subscriptions = [session.onDidChange(() => this.onSession())];
  }

  get current(): ServiceInfoSnapshot | undefined {
    return this._current;
  }

  /** Resolves when the reads started so far have finished (for tests and the switch command). */
  settled(): Promise<void> {
    return this.pending;
  }

  /** Reads both service-info endpoints again (and the Studios probe), e.g. after a switch. */
  refresh(): Promise<void> {
    const endpoints = this.session.endpoints;
    this.controller?.abort();
    this.studiosController?.abort();
    if (!endpoints) {
      this.set(undefined);
      return this.track(Promise.resolve());
    }
    const controller = new AbortController();
    this.controller = controller;
    const base: ServiceInfoSnapshot = { apiUrl: endpoints.apiUrl, waveUrl: endpoints.waveUrl };
    this.set(base);
    const platform = this.session.anonymousClient();
    const work = Promise.all([
      platform
        ? platform.serviceInfo(controller.signal).then(
            (info) => ({ platform: info }),
            (e: unknown) => ({ platformError: describe(e) }),
          )
        : Promise.resolve({}),
      waveServiceInfo(this.http, endpoints.waveUrl, controller.signal).then(
        (info) => ({ wave: info }),
        (e: unknown) => ({ waveError: describe(e) }),
      ),
    ]).then(([p, w]) => {
      if (controller.signal.aborted) return;
      this.set({ ...base, ...this._current, ...p, ...w, apiUrl: base.apiUrl, waveUrl: base.waveUrl });
      if ('platformError' in p) this.log?.warn(`service-info of ${endpoints.apiUrl}: ${p.platformError}`);
      if ('waveError' in w) this.log?.warn(`service-info of ${endpoints.waveUrl}: ${w.waveError}`);
    });
    return this.track(Promise.all([work, this.probeStudios()]).then(() => undefined));
  }

  private onSession(): void {
    const s = this.session;
    const key = s.endpoints ? `${s.endpoints.apiUrl}|${s.endpoints.waveUrl}|${s.state === 'signedIn' ? s.sessionId : '-'}` : undefined;
    if (key === this.sessionKey) return;
    this.sessionKey = key;
    if (s.state === 'initializing') return;
    void this.refresh();
  }

  /** GET /studios?max=1 in the active workspace: a 404 means the Studios API is disabled there. */
  private async probeStudios(): Promise<void> {
    this.studiosController?.abort();
    const client = this.session.client;
    const ws = this.workspaces.active;
    const snapshot = this._current;
    if (!client || !ws || !snapshot || this.session.state !== 'signedIn') return;
    const controller = new AbortController();
    this.studiosController = controller;
    let studios: StudiosAvailability | undefined;
    try {
      await client.send('GET', '/studios', { workspaceId: ws.workspaceId, query: { max: 1 }, signal: controller.signal });
      studios = { workspaceId: ws.workspaceId, workspaceName: ws.fullName, available: true };
    } catch (e) {
      if (controller.signal.aborted || isCancellation(e)) return;
      if (e instanceof SeqeraError && e.kind === 'notFound') {
        studios = { workspaceId: ws.workspaceId, workspaceName: ws.fullName, available: false, message: e.message };
      } else {
        this.log?.debug(`studios probe in ${ws.fullName}: ${describe(e)}`);
        return;
      }
    }
    if (controller.signal.aborted || this._current?.apiUrl !== snapshot.apiUrl) return;
    this.set({ ...this._current, studios });
  }

  private set(snapshot: ServiceInfoSnapshot | undefined): void {
    this._current = snapshot;
    this.changed.fire(snapshot);
    if (!snapshot) return;
    for (const w of serviceWarnings(snapshot)) {
      if (this.shownWarnings.has(w.key)) continue;
      this.shownWarnings.add(w.key);
      this.warned.fire(w);
    }
  }

  private track(p: Promise<void>): Promise<void> {
    const all = Promise.all([this.pending, p]).then(() => undefined);
    this.pending = all;
    return p;
  }

  dispose(): void {
    this.controller?.abort();
    this.studiosController?.abort();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.warned.dispose();
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
