import * as vscode from 'vscode';
import type { SeqeraError } from '../net/errors';
import { mdText as escape } from '../ui/markdown';
import { isSameWorkspace, type OrgInfo, type WorkspaceInfo, type WorkspaceRef } from './orgsAndWorkspaces';

/**
 * Nodes of the Workspaces view as plain data, and the one function that
 * renders each kind. contextValue: `workspace`, `workspace:active`, `org`,
 * `error`, `error:auth` (menus match them with regexes).
 */
export type WorkspaceNode =
  | { kind: 'org'; org: OrgInfo }
  | { kind: 'workspace'; workspace: WorkspaceInfo }
  | { kind: 'error'; error: SeqeraError }
  | { kind: 'message'; id: string; text: string };

export function errorContextValue(error: SeqeraError): string {
  return error.kind === 'auth' ? 'error:auth' : 'error';
}

/** Server text only through `mdText`; the MarkdownString stays untrusted, without HTML or theme icons. */
export function workspaceTooltip(w: WorkspaceInfo, active: boolean): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(w.workspaceId === undefined ? w.fullName : `${w.orgName ?? ''} / ${w.workspaceName}`)}**`);
  if (active) md.appendMarkdown(` — ${vscode.l10n.t('active workspace')}`);
  md.appendMarkdown('\n\n');
  const lines: string[] = [];
  if (w.description) lines.push(`${vscode.l10n.t('Full name')}: ${escape(w.description)}`);
  if (w.visibility) lines.push(`${vscode.l10n.t('Visibility')}: ${escape(w.visibility.toLowerCase())}`);
  if (w.roles.length > 0) lines.push(`${vscode.l10n.t('Roles')}: ${escape(w.roles.join(', '))}`);
  if (w.workspaceId !== undefined) lines.push(`${vscode.l10n.t('Workspace id')}: ${escape(String(w.workspaceId))}`);
  md.appendMarkdown(lines.join('  \n'));
  return md;
}


export function nodeId(node: WorkspaceNode): string {
  switch (node.kind) {
    case 'org':
      return `org:${node.org.orgId}`;
    case 'workspace':
      return `ws:${node.workspace.workspaceId ?? 'personal'}`;
    case 'error':
      return 'error';
    case 'message':
      return `msg:${node.id}`;
  }
}

/** An organization's icon: its logo (once fetched and checked, ./orgLogos.ts) or the `organization` codicon. */
export type LogoIcon = (logoUrl: string | undefined) => vscode.Uri | vscode.ThemeIcon;
const plainLogo: LogoIcon = () => new vscode.ThemeIcon('organization');

export function renderNode(node: WorkspaceNode, active: WorkspaceRef | undefined, logo: LogoIcon = plainLogo): vscode.TreeItem {
  switch (node.kind) {
    case 'org': {
      const holdsActive = node.org.workspaces.some((w) => isSameWorkspace(w, active));
      const item = new vscode.TreeItem(
        node.org.orgName,
        holdsActive ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
      );
      item.id = nodeId(node);
      item.iconPath = logo(node.org.logoUrl);
      item.description = node.org.workspaces.length === 1 ? vscode.l10n.t('1 workspace') : vscode.l10n.t('{0} workspaces', node.org.workspaces.length);
      item.tooltip = node.org.orgType ? `${node.org.orgName} (${node.org.orgType})` : node.org.orgName;
      item.contextValue = 'org';
      return item;
    }
    case 'workspace': {
      const w = node.workspace;
      const isActive = isSameWorkspace(w, active);
      const item = new vscode.TreeItem(w.workspaceId === undefined ? vscode.l10n.t('Personal workspace') : w.workspaceName, vscode.TreeItemCollapsibleState.None);
      item.id = nodeId(node);
      item.iconPath = new vscode.ThemeIcon(isActive ? 'pass-filled' : w.workspaceId === undefined ? 'account' : 'folder');
      item.description = isActive ? vscode.l10n.t('active') : w.workspaceId === undefined ? w.workspaceName : undefined;
      item.tooltip = workspaceTooltip(w, isActive);
      item.contextValue = isActive ? 'workspace:active' : 'workspace';
      item.command = { command: 'seqera.selectWorkspace', title: vscode.l10n.t('Select Workspace'), arguments: [node] };
      item.accessibilityInformation = { label: `${w.fullName}${isActive ? `, ${vscode.l10n.t('active')}` : ''}` };
      return item;
    }
    case 'error': {
      const auth = node.error.kind === 'auth';
      const item = new vscode.TreeItem(node.error.message, vscode.TreeItemCollapsibleState.None);
      item.id = nodeId(node);
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.tooltip = node.error.message;
      item.description = auth ? vscode.l10n.t('Sign in') : vscode.l10n.t('Retry');
      item.contextValue = errorContextValue(node.error);
      item.command = auth
        ? { command: 'seqera.signIn', title: vscode.l10n.t('Sign In') }
        : { command: 'seqera.refreshWorkspaces', title: vscode.l10n.t('Retry') };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.id = nodeId(node);
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'message';
      return item;
    }
  }
}
