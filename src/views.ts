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
  // #17.5: a Workspaces list that failed because the Platform could not be reached loads again (once per failure)
  // as soon as the Platform answered a later request, here a Studios refresh or poll, so the error does not stay.
  let retried: unknown;
  context.subscriptions.push(
    services.studios.store.onDidReachPlatform(() => {
      const list = workspaces.list;
      if (list.kind !== 'error' || list.error.kind !== 'network' || retried === list.error) return;
      retried = list.error;
      void workspaces.load(true);
    }),
  );
  services.views.waveBuilds = registerWaveBuildsView(services);
  registerContainerLens(services);
}
