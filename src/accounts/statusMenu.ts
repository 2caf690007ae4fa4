import * as vscode from 'vscode';
import type { Services } from '../services';
import { activeLabel } from './endpointSwitch';

/**
 * Seqera: Account, Workspace and Studios… — what a click on the one Seqera
 * status bar item opens: the workspace, the endpoint, the running Studios and
 * signing in or out, each the command of its own (the three used to be three
 * status bar items). Resolves with the command it ran, undefined when dismissed.
 */
export interface MenuItem extends vscode.QuickPickItem {
  command: string;
}

/** The menu's lines for the current state (integration tests read them). */
export function statusMenuItems(services: Pick<Services, 'session' | 'workspaces' | 'studios'>): MenuItem[] {
  const { session, workspaces, studios } = services;
  const signedIn = session.state === 'signedIn';
  const running = studios.statusBar.count;
  const items: MenuItem[] = [];
  if (signedIn) {
    items.push({
      label: `$(organization) ${vscode.l10n.t('Select Workspace…')}`,
      description: workspaces.active?.fullName ?? vscode.l10n.t('none selected'),
      command: 'seqera.selectWorkspace',
    });
    if (running > 0) {
      items.push({
        label: `$(vm-running) ${vscode.l10n.t('Running Studios…')}`,
        description: running === 1 ? vscode.l10n.t('1 running Studio') : vscode.l10n.t('{0} running Studios', running),
        command: 'seqera.studios.showRunning',
      });
    }
  }
  items.push({
    label: `$(server-environment) ${vscode.l10n.t('Switch Endpoint…')}`,
    description: activeLabel(services) ?? '',
    command: 'seqera.switchEndpoint',
  });
  items.push(
    signedIn
      ? { label: `$(sign-out) ${vscode.l10n.t('Sign Out')}`, command: 'seqera.signOut' }
      : { label: `$(sign-in) ${vscode.l10n.t('Sign In')}`, command: 'seqera.signIn' },
  );
  return items;
}

export async function showStatusMenu(services: Services): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(statusMenuItems(services), { title: vscode.l10n.t('Seqera'), placeHolder: vscode.l10n.t('Workspace, endpoint and running Studios') });
  if (!picked) return undefined;
  await vscode.commands.executeCommand(picked.command);
  return picked.command;
}
