import * as vscode from 'vscode';
import type { SessionStore } from '../accounts';
import { workspaceLabel } from './orgsAndWorkspaces';
import type { WorkspaceStore } from './workspaceStore';

/** The active workspace in the status bar, shown while signed in; a click opens Select Workspace. */
export function registerWorkspaceStatusBar(context: vscode.ExtensionContext, session: SessionStore, workspaces: WorkspaceStore): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('seqera.activeWorkspace', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Seqera Workspace');
  item.command = 'seqera.selectWorkspace';
  const update = (): void => {
    if (session.state !== 'signedIn') {
      item.hide();
      return;
    }
    const active = workspaces.active;
    item.text = `$(organization) ${active ? workspaceLabel(active) : vscode.l10n.t('Select workspace')}`;
    const host = session.endpoints ? new URL(session.endpoints.apiUrl).host : '';
    item.tooltip = active
      ? vscode.l10n.t('Seqera workspace {0} on {1}. Click to switch.', active.fullName, host)
      : vscode.l10n.t('Choose a Seqera workspace on {0}.', host);
    item.show();
  };
  context.subscriptions.push(item, session.onDidChange(update), workspaces.onDidChangeActive(update));
  update();
  return item;
}
