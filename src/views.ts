import * as vscode from 'vscode';
import type { Services } from './services';
import { registerWaveBuildsView } from './waveBuilds';
import { registerContainerLens } from './moduleContainers';
import { OrgLogos, registerWorkspaceContextKey, showUnreadableWorkspaces, WorkspacesTreeProvider } from './workspaces';

/** Creates every view once; the providers are reachable through Services for tests. */
export function registerViews(services: Services): void {
  const { context, session, workspaces } = services;
  const logos = new OrgLogos(services.http);
  const workspacesTree = new WorkspacesTreeProvider(session, workspaces, logos);
  const workspacesView = vscode.window.createTreeView('seqera.workspaces', { treeDataProvider: workspacesTree, showCollapseAll: true });
  context.subscriptions.push(logos, workspacesTree, workspacesView, showUnreadableWorkspaces(workspacesView, workspaces, (m) => services.log.warn(m)));
  services.views.workspaces = workspacesTree;
  services.views.orgLogos = logos;
  services.views.workspacesView = workspacesView;
  registerWorkspaceContextKey(context, workspaces);
  services.views.waveBuilds = registerWaveBuildsView(services);
  registerContainerLens(services);
}
