import * as vscode from 'vscode';
import type { SessionStore } from '../accounts';
import type { WorkspaceListState, WorkspaceStore } from './workspaceStore';
import { renderNode, type WorkspaceNode } from './workspaceNodes';
import type { OrgLogos } from './orgLogos';

/**
 * The Workspaces view: personal workspace, then organizations → workspaces.
 * Signed out (or a bad endpoint setting) it returns no nodes so the welcome
 * content shows; a failed load is one error node with Retry or Sign In,
 * never a silent empty tree.
 */
export class WorkspacesTreeProvider implements vscode.TreeDataProvider<WorkspaceNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WorkspaceNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly session: SessionStore,
    private readonly workspaces: WorkspaceStore,
    private readonly logos?: OrgLogos,
  ) {
    if (logos) this.subscriptions.push(logos.onDidChange(() => this.changed.fire(undefined)));
    this.subscriptions.push(
      workspaces.onDidChange(() => {
        if (workspaces.list.kind !== 'loading') this.changed.fire(undefined);
      }),
      workspaces.onDidChangeActive(() => this.changed.fire(undefined)),
      session.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  getTreeItem(node: WorkspaceNode): vscode.TreeItem {
    const logos = this.logos;
    return logos ? renderNode(node, this.workspaces.active, (url) => logos.icon(url)) : renderNode(node, this.workspaces.active);
  }

  getParent(node: WorkspaceNode): WorkspaceNode | undefined {
    if (node.kind !== 'workspace' || node.workspace.orgId === undefined || this.workspaces.list.kind !== 'loaded') return undefined;
    const org = this.workspaces.list.orgs.find((o) => o.orgId === node.workspace.orgId);
    return org ? { kind: 'org', org } : undefined;
  }

  async getChildren(node?: WorkspaceNode): Promise<WorkspaceNode[]> {
    if (node) {
      if (node.kind !== 'org') return [];
      if (node.org.workspaces.length === 0) {
        return [{ kind: 'message', id: `empty:${node.org.orgId}`, text: vscode.l10n.t('No workspaces you can access') }];
      }
      return node.org.workspaces.map((workspace) => ({ kind: 'workspace', workspace }));
    }
    if (this.session.state !== 'signedIn') return [];
    await this.workspaces.load();
    const list = this.workspaces.list;
    switch (list.kind) {
      case 'error':
        return [{ kind: 'error', error: list.error }];
      case 'loaded':
        return [{ kind: 'workspace', workspace: list.personal }, ...list.orgs.map((org): WorkspaceNode => ({ kind: 'org', org }))];
      default:
        // Superseded by a session change while loading; the change event brings a new request.
        return [];
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/**
 * The view's message when rows of the workspace list were left out as unreadable (a mistyped field):
 * the rest are shown, and the count says that something is missing. Undefined otherwise.
 */
export function workspacesMessage(list: WorkspaceListState): string | undefined {
  if (list.kind !== 'loaded' || list.unreadable.length === 0) return undefined;
  const n = list.unreadable.length;
  return n === 1
    ? vscode.l10n.t('1 workspace could not be read; see the Seqera log.')
    : vscode.l10n.t('{0} workspaces could not be read; see the Seqera log.', n);
}

/** Keeps the Workspaces view's message in step with the list, and logs each unreadable row once per load. */
export function showUnreadableWorkspaces(view: vscode.TreeView<unknown>, workspaces: WorkspaceStore, warn: (message: string) => void): vscode.Disposable {
  return workspaces.onDidChange(() => {
    const list = workspaces.list;
    if (list.kind === 'loading') return;
    view.message = workspacesMessage(list);
    if (list.kind === 'loaded') for (const d of list.unreadable) warn(`Left out an unreadable workspace row: ${d.message}`);
  });
}
