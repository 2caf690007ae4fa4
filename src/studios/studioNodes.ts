import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import { studioContextValue } from './studioStatus';
import { stuckDescription, stuckTooltip } from './stuck';
import type { RefreshTarget } from './studioStore';
import type { Checkpoint, Studio } from '../platform/studioTypes';
import {
  checkpointDescription,
  checkpointIcon,
  checkpointTooltip,
  studioDescription,
  studioIcon,
  studioTooltip,
  statusLabel,
  type IconSpec,
  type Viewer,
} from './studioPresentation';

/**
 * The Studios tree's nodes: plain data in a discriminated union, one
 * `toTreeItem` switch. Studio nodes are kept per sessionId and reused across
 * refreshes so VS Code can update one item in place; they carry only the id,
 * the data is read from the store when the item is drawn. Command handlers
 * receive these nodes as their first argument.
 */
export interface StudioNode {
  readonly kind: 'studio';
  readonly sessionId: string;
}

export interface CheckpointNode {
  readonly kind: 'checkpoint';
  readonly sessionId: string;
  readonly checkpoint: Checkpoint;
}

export interface MoreCheckpointsNode {
  readonly kind: 'moreCheckpoints';
  readonly sessionId: string;
  readonly shown: number;
  readonly total: number;
}

export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly label: string;
  readonly icon?: string;
  readonly command?: vscode.Command;
}

export interface ErrorNode {
  readonly kind: 'error';
  readonly id: string;
  readonly target: RefreshTarget;
  readonly error: unknown;
}

export type StudiosTreeNode = StudioNode | CheckpointNode | MoreCheckpointsNode | MessageNode | ErrorNode;

/** A transition that may be stuck (#16.7) shows a warning instead of its spinning status icon. */
const STUCK_ICON: IconSpec = { id: 'warning', color: 'problemsWarningIcon.foreground' };

/** One ThemeIcon per icon and colour, shared by every row (VS Code keeps each row's item: #18 memory per Studio). */
const icons = new Map<string, vscode.ThemeIcon>();

export function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  const key = `${spec.id}|${spec.color ?? ''}`;
  let icon = icons.get(key);
  if (!icon) {
    icon = new vscode.ThemeIcon(spec.id, spec.color ? new vscode.ThemeColor(spec.color) : undefined);
    icons.set(key, icon);
  }
  return icon;
}

export function studioTreeItem(studio: Studio, viewer: Viewer): vscode.TreeItem {
  const item = new vscode.TreeItem(studio.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `studio:${studio.sessionId}`;
  const stuck = viewer.stuck?.(studio.sessionId);
  const description = studioDescription(studio, viewer) + (stuck ? ` · ${stuckDescription(stuck)}` : '');
  item.description = description;
  item.iconPath = themeIcon(stuck ? STUCK_ICON : studioIcon(studio.statusInfo.status));
  item.contextValue = studioContextValue(studio);
  // The description leads with the live step during a transition: the status is said in words here.
  const status = statusLabel(studio);
  const said = description.startsWith(status) ? description : `${status}, ${description}`;
  item.accessibilityInformation = { label: `${studio.name}, ${said}` };
  return item;
}

export function checkpointTreeItem(node: CheckpointNode): vscode.TreeItem {
  const cp = node.checkpoint;
  const item = new vscode.TreeItem(cp.name, vscode.TreeItemCollapsibleState.None);
  item.id = `checkpoint:${node.sessionId}:${cp.id}`;
  item.description = checkpointDescription(cp);
  item.iconPath = themeIcon(checkpointIcon(cp.status));
  item.contextValue = `checkpoint:${cp.status}`;
  return item;
}

export function errorTreeItem(node: ErrorNode): vscode.TreeItem {
  const message = node.error instanceof Error ? node.error.message : String(node.error);
  const auth = node.error instanceof SeqeraError && node.error.kind === 'auth';
  const item = new vscode.TreeItem(message, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  item.tooltip = auth ? vscode.l10n.t('Click to sign in again.') : vscode.l10n.t('Click to retry.');
  item.contextValue = auth ? 'error:auth' : 'error';
  item.command = auth
    ? { command: 'seqera.signIn', title: vscode.l10n.t('Sign In') }
    : { command: 'seqera.studios.refresh', title: vscode.l10n.t('Retry'), arguments: [node] };
  return item;
}

/**
 * The hover text of a Studio or checkpoint, built only when VS Code asks for it (on hover), not for each of
 * thousands of rows on every refresh: the tree of a 5,000-Studio workspace keeps no Markdown it never shows.
 */
export function nodeTooltip(node: StudiosTreeNode, studio: Studio | undefined, viewer: Viewer): vscode.MarkdownString | undefined {
  if (node.kind === 'studio' && studio) {
    const stuck = viewer.stuck?.(studio.sessionId);
    return new vscode.MarkdownString(studioTooltip(studio, viewer) + (stuck ? `\n\n${stuckTooltip(stuck, studio)}` : ''));
  }
  if (node.kind === 'checkpoint') return new vscode.MarkdownString(checkpointTooltip(node.checkpoint));
  return undefined;
}

export function toTreeItem(node: StudiosTreeNode, studio: Studio | undefined, viewer: Viewer): vscode.TreeItem {
  switch (node.kind) {
    case 'studio':
      return studio ? studioTreeItem(studio, viewer) : new vscode.TreeItem(node.sessionId);
    case 'checkpoint':
      return checkpointTreeItem(node);
    case 'moreCheckpoints': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more checkpoints… ({0} of {1})', node.shown, node.total));
      item.id = `more:${node.sessionId}`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = 'moreCheckpoints';
      item.command = { command: 'seqera.studios.loadMoreCheckpoints', title: vscode.l10n.t('Load More'), arguments: [node] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.label);
      item.id = node.id;
      if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
      item.command = node.command;
      item.contextValue = 'message';
      return item;
    }
    case 'error':
      return errorTreeItem(node);
  }
}
