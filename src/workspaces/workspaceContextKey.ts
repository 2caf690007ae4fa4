import type * as vscode from 'vscode';
import { setContextKey, WALKTHROUGH_KEYS } from '../ui/contextKeys';
import type { WorkspaceStore } from './workspaceStore';

/** `seqera.workspaceSelected`: true while a workspace is active (the walkthrough's "Pick a workspace" step). */
export function registerWorkspaceContextKey(context: vscode.ExtensionContext, workspaces: WorkspaceStore): void {
  const update = (): void => setContextKey(WALKTHROUGH_KEYS.workspaceSelected, workspaces.active !== undefined);
  update();
  context.subscriptions.push(workspaces.onDidChangeActive(update));
}
