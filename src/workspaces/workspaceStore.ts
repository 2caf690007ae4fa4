import { CancelledError, SeqeraError, isCancellation } from '../net/errors';
import type { DroppedItem } from '../net/validate';
import { Emitter } from '../ui/emitter';
import type { SessionStore } from '../accounts';
import { buildOrgTree, isSameWorkspace, personalWorkspace, type OrgInfo, type WorkspaceInfo, type WorkspaceRef } from './orgsAndWorkspaces';

/**
 * The user's organizations and workspaces, and the active workspace that the
 * Studios view and commands follow. The active workspace is remembered per
 * endpoint in globalState and restored without a network call, so it is
 * known at start-up; the list loads on demand (the tree, the quick pick).
 */
export type WorkspaceListState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  /** `unreadable`: rows of the answer that failed their check and were left out (logged, counted in the view's message). */
  | { kind: 'loaded'; personal: WorkspaceInfo; orgs: OrgInfo[]; unreadable: DroppedItem[] }
  | { kind: 'error'; error: SeqeraError };

/** The subset of vscode.Memento the store needs. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export function activeWorkspaceKey(apiUrl: string): string {
  return `seqera.activeWorkspace:${apiUrl}`;
}

type Loaded = Omit<Extract<WorkspaceListState, { kind: 'loaded' }>, 'kind'>;

export class WorkspaceStore {
  private readonly listChanged = new Emitter<void>();
  /** Fires when the list (or its loading/error state) changes. */
  readonly onDidChange = this.listChanged.event;
  private readonly activeChanged = new Emitter<WorkspaceRef | undefined>();
  /** Fires with the new active workspace (undefined when signed out). */
  readonly onDidChangeActive = this.activeChanged.event;

  private _list: WorkspaceListState = { kind: 'idle' };
  private _active: WorkspaceRef | undefined;
  private loading: { promise: Promise<void>; controller: AbortController } | undefined;
  private sessionKey: number | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly session: SessionStore,
    private readonly memento: MementoLike,
  ) {
    this.subscription = session.onDidChange(() => this.onSessionChanged());
    this.onSessionChanged();
  }

  get list(): WorkspaceListState {
    return this._list;
  }
  get active(): WorkspaceRef | undefined {
    return this._active;
  }

  /** Personal workspace first, then every org's workspaces; empty until loaded. */
  all(): WorkspaceInfo[] {
    if (this._list.kind !== 'loaded') return [];
    return [this._list.personal, ...this._list.orgs.flatMap((o) => o.workspaces)];
  }

  /**
   * Loads the list; concurrent callers share one request, so no single caller
   * cancels it (a caller that stops caring just stops waiting). A change of
   * session aborts it. Without `force` a loaded or failed list is kept (a
   * view re-rendering an error must not loop on requests); `force` (Refresh,
   * Retry) loads again. Never rejects: failures become the 'error' state.
   */
  load(force = false): Promise<void> {
    if (this.loading) return this.loading.promise;
    if (!force && (this._list.kind === 'loaded' || this._list.kind === 'error')) return Promise.resolve();
    const controller = new AbortController();
    const key = this.sessionKey;
    const promise = this.fetch(controller.signal)
      .then((loaded) => {
        if (key === this.sessionKey) this.setLoaded(loaded);
      })
      .catch((e: unknown) => {
        if (key !== this.sessionKey || isCancellation(e)) return;
        const error = e instanceof SeqeraError ? e : new SeqeraError('invalidResponse', e instanceof Error ? e.message : String(e));
        this.setList({ kind: 'error', error });
      })
      .finally(() => {
        if (this.loading?.controller === controller) this.loading = undefined;
      });
    this.loading = { promise, controller };
    this.setList({ kind: 'loading' });
    return promise;
  }

  /** Makes a workspace the active one and remembers it for this endpoint. */
  async setActive(ref: WorkspaceRef): Promise<void> {
    const apiUrl = this.session.endpoints?.apiUrl;
    const clean: WorkspaceRef = {
      workspaceId: ref.workspaceId,
      orgId: ref.orgId,
      orgName: ref.orgName,
      workspaceName: ref.workspaceName,
      fullName: ref.fullName,
    };
    // The views follow at once; remembering the choice (a globalState write, a round trip to the workbench)
    // need not hold up the Studios list (#18: the tree waited ~270 ms for it).
    this.changeActive(clean);
    if (apiUrl) await this.memento.update(activeWorkspaceKey(apiUrl), clean);
  }

  private async fetch(signal: AbortSignal): Promise<Loaded> {
    const client = this.session.requireClient();
    const user = await this.session.ensureUser(signal);
    const rows = await client.userWorkspaces(user.id, signal);
    return { personal: personalWorkspace(user), orgs: buildOrgTree(rows.items), unreadable: rows.dropped };
  }

  private setLoaded(loaded: Loaded): void {
    this.setList({ kind: 'loaded', ...loaded });
    const all = this.all();
    const current = this._active && all.find((w) => isSameWorkspace(w, this._active));
    if (current) {
      // Pick up renames; keep the same identity.
      if (current.fullName !== this._active?.fullName || current.workspaceName !== this._active?.workspaceName) this.changeActive(current);
      return;
    }
    // Nothing remembered, or the remembered workspace is gone: the user's default, else personal.
    const fallbackId = this.session.user?.defaultWorkspaceId;
    const fallback = all.find((w) => fallbackId !== undefined && w.workspaceId === fallbackId) ?? loaded.personal;
    this.changeActive(fallback);
  }

  private onSessionChanged(): void {
    const s = this.session;
    const key = s.state === 'signedIn' ? s.sessionId : undefined;
    if (key !== undefined && key === this.sessionKey) return; // e.g. the user was merely looked up
    this.sessionKey = key;
    this.loading?.controller.abort(new CancelledError());
    this.loading = undefined;
    this.setList({ kind: 'idle' });
    const remembered = key !== undefined && s.endpoints ? this.memento.get<WorkspaceRef>(activeWorkspaceKey(s.endpoints.apiUrl)) : undefined;
    this.changeActive(isWorkspaceRef(remembered) ? remembered : undefined);
  }

  private setList(state: WorkspaceListState): void {
    this._list = state;
    this.listChanged.fire();
  }

  private changeActive(ref: WorkspaceRef | undefined): void {
    const before = this._active;
    this._active = ref;
    if (before === ref) return;
    if (before && ref && isSameWorkspace(before, ref) && before.fullName === ref.fullName && before.workspaceName === ref.workspaceName) return;
    this.activeChanged.fire(ref);
  }

  dispose(): void {
    this.loading?.controller.abort(new CancelledError());
    this.subscription.dispose();
    this.listChanged.dispose();
    this.activeChanged.dispose();
  }
}

function isWorkspaceRef(v: unknown): v is WorkspaceRef {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.workspaceName === 'string' && typeof o.fullName === 'string' && (o.workspaceId === undefined || typeof o.workspaceId === 'number');
}
