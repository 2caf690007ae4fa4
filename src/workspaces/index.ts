/**
 * Organizations and workspaces: the store of the list and the active
 * workspace, the Workspaces tree, its status bar item, Select and Refresh.
 * This file is the feature's only door: other features and the wiring import
 * from here, never from the files beside it.
 */
export { isSameWorkspace, workspaceLabel, type WorkspaceRef } from './orgsAndWorkspaces';
export { refreshWorkspaces } from './refreshWorkspaces';
export { OrgLogos } from './orgLogos';
export { selectWorkspace } from './selectWorkspace';
export { registerWorkspaceContextKey } from './workspaceContextKey';
export { WorkspaceStore, type MementoLike } from './workspaceStore';
export { showUnreadableWorkspaces, WorkspacesTreeProvider } from './workspacesView';
