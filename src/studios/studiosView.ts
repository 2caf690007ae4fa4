import * as vscode from 'vscode';
import { compareStudios, matchesFilter } from './studioStatus';
import type { StudiosChange, StudioStore } from './studioStore';
import type { Studio } from '../platform/studioTypes';
import type { Viewer } from './studioPresentation';
import { nodeTooltip, toTreeItem, type StudioNode, type StudiosTreeNode } from './studioNodes';
import type { StuckWatcher } from './stuck';
import { setContextKey } from '../ui/contextKeys';

export const STUDIOS_VIEW_ID = 'seqera.studios';
/** Context key driving the view's welcome content: 'noWorkspace' | 'loading' | 'empty' | 'ready' | 'error'. */
export const STUDIOS_STATE_KEY = 'seqera.studios.state';
/** Context key set while a filter is active (shows "Clear Filter" in the title bar). */
export const STUDIOS_FILTERED_KEY = 'seqera.studios.filtered';
/**
 * After a root refresh, how long further refreshes wait for VS Code's ask: VS Code debounces refreshes
 * (about 200 ms after the last one), so each extra refresh fired during a load put its ask off again, and
 * the ask reads the store as it is anyway (#18 tree fill).
 */
const ROOT_ASK_WAIT_MS = 1_000;

/**
 * The Studios tree: the store's Studios, filtered and sorted (running first,
 * then by name), each with its checkpoints as children. It maps the store's
 * change events to item updates: only the changed items are redrawn unless
 * Studios appeared, disappeared or moved. The view's description names the
 * active workspace; its message shows the filter and refresh trouble.
 */
export class StudiosTreeProvider implements vscode.TreeDataProvider<StudiosTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<StudiosTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly nodes = new Map<string, StudioNode>();
  /** The last value of the welcome-content context key, to set it only on change. */
  private lastState: string | undefined;
  /** Session ids in the order last handed to VS Code. */
  private rendered: string[] = [];
  private filterText = '';
  private stuck: StuckWatcher | undefined;
  /** When a root refresh was fired that VS Code has not asked for yet (Date.now()), else undefined. */
  private rootAskDue: number | undefined;
  /** Set when a refresh was held back: fired at the end of the wait if VS Code has not asked by then. */
  private trailingRoot: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly messageEmitter = new vscode.EventEmitter<void>();
  /** Fires when the view's description or message should be recomputed. */
  readonly onDidChangeMessage = this.messageEmitter.event;

  constructor(
    private readonly store: StudioStore,
    /** The Platform's time now (lifespans, "last active" are counted on its clock): the store's, unless a test gives one. */
    private readonly now: () => number = () => store.platformNow(),
  ) {
    this.disposables.push(
      store.onDidChange((e) => this.onStoreChange(e)),
      store.onDidFailRefresh(() => this.messageEmitter.fire()),
      this.changeEmitter,
      this.messageEmitter,
    );
  }

  get filter(): string {
    return this.filterText;
  }

  setFilter(text: string): void {
    const next = text.trim();
    if (next === this.filterText) return;
    this.filterText = next;
    setContextKey(STUDIOS_FILTERED_KEY, next !== '');
    this.fireRoot();
    this.messageEmitter.fire();
  }

  /** The node object of a Studio (stable across refreshes). */
  nodeFor(sessionId: string): StudioNode {
    let node = this.nodes.get(sessionId);
    if (!node) {
      node = { kind: 'studio', sessionId };
      this.nodes.set(sessionId, node);
    }
    return node;
  }

  /** The Studios the root shows now, in order. */
  visibleStudios(): Studio[] {
    return this.store.studios.filter((s) => matchesFilter(s, this.filterText)).sort(compareStudios);
  }

  viewer(): Viewer {
    const stuck = this.stuck;
    return { userId: this.store.context?.userId, now: this.now(), stuck: stuck ? (id) => stuck.note(id) : undefined };
  }

  /** Shows the stuck-transition notes of `watcher` (#16.7) and redraws a Studio when its note appears. */
  showStuck(watcher: StuckWatcher): void {
    this.stuck = watcher;
    this.disposables.push(watcher.onDidChange((ids) => ids.forEach((id) => this.store.get(id) && this.changeEmitter.fire(this.nodeFor(id)))));
  }

  getTreeItem(node: StudiosTreeNode): vscode.TreeItem {
    return toTreeItem(node, node.kind === 'studio' ? this.store.get(node.sessionId) : undefined, this.viewer());
  }

  resolveTreeItem(item: vscode.TreeItem, node: StudiosTreeNode): vscode.TreeItem {
    const tooltip = nodeTooltip(node, node.kind === 'studio' ? this.store.get(node.sessionId) : undefined, this.viewer());
    if (tooltip) item.tooltip = tooltip;
    return item;
  }

  getParent(node: StudiosTreeNode): StudiosTreeNode | undefined {
    if (node.kind === 'checkpoint' || node.kind === 'moreCheckpoints') return this.nodeFor(node.sessionId);
    if (node.kind === 'error' && typeof node.target === 'object' && 'checkpoints' in node.target) {
      return this.nodeFor(node.target.checkpoints);
    }
    return undefined;
  }

  async getChildren(node?: StudiosTreeNode): Promise<StudiosTreeNode[]> {
    if (!node) {
      this.rootAskDue = undefined; // asked: a change from now on needs a refresh of its own
      this.clearTrailing();
      await this.waitForList();
      return this.rootChildren();
    }
    if (node.kind === 'studio') return this.checkpointChildren(node.sessionId);
    return [];
  }

  /**
   * Before a reveal: one root refresh now, held back by nothing. VS Code's extension host makes a reveal wait
   * for the refreshes it has been given until the workbench has drawn them; without one, a reveal just after
   * the view became visible races the workbench's own fetch of the root and asks it for a row it does not
   * hold yet ("Data tree node not found", a deep link after a switch).
   */
  refreshForReveal(): void {
    this.clearTrailing();
    this.rootAskDue = Date.now();
    this.changeEmitter.fire(undefined);
  }

  /**
   * A short text for the view's message: what the Platform was asked for (My Studios, a search), a list cut
   * at the paging cap (with the way to the others), the filter and, when the last refresh failed, why.
   */
  message(): string | undefined {
    const parts: string[] = [];
    const query = this.store.query;
    const loaded = this.store.state === 'loaded';
    if (query.search && loaded) {
      const n = this.store.truncation?.total ?? this.store.studios.length;
      parts.push(
        n === 1
          ? vscode.l10n.t('Platform search "{0}": 1 Studio', query.search)
          : vscode.l10n.t('Platform search "{0}": {1} Studios', query.search, n.toLocaleString()),
      );
    }
    if (query.mine && !this.store.mineApplied && this.store.context) {
      parts.push(vscode.l10n.t('My Studios: waiting for your user name; showing every Studio.'));
    }
    const cut = this.store.truncation;
    if (cut) {
      const kept = cut.kept.toLocaleString();
      parts.push(
        cut.total !== undefined
          ? vscode.l10n.t('Showing the first {0} of {1} Studios: search on the Platform (or show only yours) to find the others; the filter searches only these.', kept, cut.total.toLocaleString())
          : vscode.l10n.t('Showing the first {0} Studios; the workspace has more: search on the Platform (or show only yours) to find them. The filter searches only these.', kept),
      );
    }
    const unreadable = this.store.unreadable.length;
    if (unreadable > 0) {
      parts.push(
        unreadable === 1
          ? vscode.l10n.t('1 Studio could not be read; see the Seqera log.')
          : vscode.l10n.t('{0} Studios could not be read; see the Seqera log.', unreadable),
      );
    }
    if (this.filterText) {
      const shown = this.visibleStudios().length;
      parts.push(vscode.l10n.t('Filter "{0}": {1} of {2} Studios', this.filterText, shown, this.store.studios.length));
    }
    const error = this.store.lastError;
    if (error !== undefined && this.store.state === 'loaded') {
      const text = error instanceof Error ? error.message : String(error);
      parts.push(vscode.l10n.t('Could not refresh ({0}); showing the last known state.', text));
    }
    return parts.length > 0 ? parts.join(' · ') : undefined;
  }

  /** The workspace, and "my Studios" when only the user's are asked for. */
  description(): string | undefined {
    const label = this.store.context?.workspaceLabel;
    if (!label) return undefined;
    return this.store.query.mine ? vscode.l10n.t('{0} · my Studios', label) : label;
  }

  dispose(): void {
    this.clearTrailing();
    for (const d of this.disposables) d.dispose();
  }

  /**
   * Waits for the list of the workspace shown. A switch while this waited starts another load: it waits for
   * that one too, so the answer is never the new workspace's empty 'loading' list (a "no Studios" flash).
   */
  private async waitForList(): Promise<void> {
    for (let ctx = this.store.context; ctx; ) {
      await this.store.ensureLoaded();
      if (this.store.context === ctx) break;
      ctx = this.store.context;
    }
  }

  /** The root's nodes from the store as it is now (synchronous, see getChildren). */
  private rootChildren(): StudiosTreeNode[] {
    if (!this.store.context) {
      this.rendered = [];
      this.setState('noWorkspace');
      return [];
    }
    if (this.store.state === 'error') {
      this.rendered = [];
      this.setState('error');
      return [{ kind: 'error', id: 'studios-error', target: 'all', error: this.store.lastError }];
    }
    const studios = this.visibleStudios();
    this.rendered = studios.map((s) => s.sessionId);
    const query = this.store.query;
    if (this.store.studios.length === 0 && (query.search || this.store.mineApplied)) {
      // The workspace may well have Studios: the Platform found none for this query.
      this.setState('ready');
      return [
        query.search
          ? {
              kind: 'message',
              id: 'no-search-match',
              label: vscode.l10n.t('The Platform found no Studio for "{0}". Click to clear the search.', query.search),
              icon: 'search-stop',
              command: { command: 'seqera.studios.clearSearch', title: vscode.l10n.t('Clear Search') },
            }
          : {
              kind: 'message',
              id: 'no-own-studio',
              label: vscode.l10n.t('You have no Studio in this workspace. Click to show all Studios.'),
              icon: 'person',
              command: { command: 'seqera.studios.showAll', title: vscode.l10n.t('Show All Studios') },
            },
      ];
    }
    if (this.store.studios.length === 0) {
      this.setState('empty');
      return [];
    }
    this.setState('ready');
    if (studios.length === 0) {
      return [
        {
          kind: 'message',
          id: 'no-match',
          label: vscode.l10n.t('No Studio matches "{0}". Click to clear the filter.', this.filterText),
          icon: 'filter',
          command: { command: 'seqera.studios.clearFilter', title: vscode.l10n.t('Clear Filter') },
        },
      ];
    }
    const nodes: StudiosTreeNode[] = studios.map((s) => this.nodeFor(s.sessionId));
    const cut = this.store.truncation;
    if (cut) nodes.push(moreStudiosNode(cut.kept, cut.total));
    return nodes;
  }

  private async checkpointChildren(sessionId: string): Promise<StudiosTreeNode[]> {
    await this.store.ensureCheckpoints(sessionId);
    const list = this.store.checkpoints(sessionId);
    if (!list) return [];
    if (list.state === 'error' && list.items.length === 0) {
      return [{ kind: 'error', id: `checkpoints-error:${sessionId}`, target: { checkpoints: sessionId }, error: list.error }];
    }
    const nodes: StudiosTreeNode[] = list.items.map((checkpoint) => ({ kind: 'checkpoint', sessionId, checkpoint }));
    if (nodes.length === 0) {
      nodes.push({ kind: 'message', id: `no-checkpoints:${sessionId}`, label: vscode.l10n.t('No checkpoints yet'), icon: 'info' });
    } else if (list.items.length < list.totalSize) {
      nodes.push({ kind: 'moreCheckpoints', sessionId, shown: list.items.length, total: list.totalSize });
    }
    return nodes;
  }

  private onStoreChange(e: StudiosChange): void {
    this.redrawFor(e);
    // After the tree's refresh: VS Code debounces a view's message with its refreshes (200 ms after the
    // last), so a message that went first would hold the root refresh back until the load is over (#18).
    this.messageEmitter.fire();
  }

  private redrawFor(e: StudiosChange): void {
    if (e.structural || this.orderChanged()) {
      for (const id of e.changed) if (!this.store.get(id)) this.nodes.delete(id);
      this.fireRoot();
      return;
    }
    // A root refresh VS Code has yet to ask for redraws every item anyway.
    if (this.rootAskPending()) {
      this.holdBack();
      return;
    }
    const redraw = new Set([...e.changed, ...e.checkpoints]);
    for (const id of redraw) {
      if (this.store.get(id)) this.changeEmitter.fire(this.nodeFor(id));
    }
  }

  private rootAskPending(): boolean {
    return this.rootAskDue !== undefined && Date.now() - this.rootAskDue < ROOT_ASK_WAIT_MS;
  }

  /** One root refresh until VS Code asks for the root (or a second passed): more would only put its ask off. */
  private fireRoot(): void {
    if (this.rootAskPending()) {
      this.holdBack();
      return;
    }
    this.clearTrailing();
    this.rootAskDue = Date.now();
    this.changeEmitter.fire(undefined);
  }

  /**
   * A change was held back: if VS Code has not asked when the wait ends (it may have folded the refresh into
   * an ask already under way), the refresh goes out then, so no change is lost.
   */
  private holdBack(): void {
    if (this.trailingRoot !== undefined || this.rootAskDue === undefined) return;
    this.trailingRoot = setTimeout(() => {
      this.trailingRoot = undefined;
      if (this.rootAskDue === undefined) return;
      this.rootAskDue = undefined;
      this.fireRoot();
    }, Math.max(0, this.rootAskDue + ROOT_ASK_WAIT_MS - Date.now()));
  }

  private clearTrailing(): void {
    if (this.trailingRoot !== undefined) clearTimeout(this.trailingRoot);
    this.trailingRoot = undefined;
  }

  private orderChanged(): boolean {
    const next = this.visibleStudios().map((s) => s.sessionId);
    return next.length !== this.rendered.length || next.some((id, i) => id !== this.rendered[i]);
  }

  private setState(state: 'noWorkspace' | 'empty' | 'ready' | 'error'): void {
    if (state === this.lastState) return;
    this.lastState = state;
    setContextKey(STUDIOS_STATE_KEY, state);
  }
}

/** The last row of a list cut at the paging cap: says how many are not loaded and opens the Platform search. */
function moreStudiosNode(kept: number, total: number | undefined): StudiosTreeNode {
  const label =
    total !== undefined
      ? vscode.l10n.t('{0} more Studios not loaded: search on the Platform…', (total - kept).toLocaleString())
      : vscode.l10n.t('More Studios not loaded: search on the Platform…');
  return { kind: 'message', id: 'more-studios', label, icon: 'search', command: { command: 'seqera.studios.search', title: vscode.l10n.t('Search Studios on the Platform') } };
}

/** Creates the tree view, keeps its description/message current and tells the scheduler when it is visible and when the window has focus. */
export function createStudiosView(
  store: StudioStore,
  provider: StudiosTreeProvider,
  subscriptions: vscode.Disposable[],
): vscode.TreeView<StudiosTreeNode> {
  const view = vscode.window.createTreeView(STUDIOS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  // Only on change: VS Code debounces each message it is given with the tree's refreshes (200 ms after the
  // last one), so setting the same text on every store change put the tree's refresh off (#18 tree fill).
  const updateDescription = (): void => {
    const description = provider.description();
    if (description !== view.description) view.description = description;
  };
  const update = (): void => {
    updateDescription();
    const message = provider.message();
    if (message !== view.message) view.message = message;
  };
  update();
  store.scheduler.setWindowFocused(vscode.window.state.focused);
  store.scheduler.setVisible(view.visible);
  subscriptions.push(
    view,
    provider.onDidChangeMessage(update),
    store.onDidChangeContext((ctx) => {
      // The message follows with the store's change that comes next, after the tree's refresh.
      updateDescription();
      // Visible: the list starts loading now, not when VS Code gets round to asking for the root (#18);
      // its getChildren then joins this load. Hidden: nothing is asked.
      if (ctx && view.visible) void store.ensureLoaded();
    }),
    view.onDidChangeVisibility((e) => store.scheduler.setVisible(e.visible)),
    // Back to the window with the view shown: stale data (older than 5 s) is refreshed at once (#17.9).
    vscode.window.onDidChangeWindowState((e) => store.scheduler.setWindowFocused(e.focused)),
  );
  return view;
}
