import { StudiosApi } from '../platform/studios';
import type { SessionStore } from '../accounts';
import type { StudioStore } from './studioStore';
import { workspaceLabel, type WorkspaceStore } from '../workspaces';

/**
 * Points the StudioStore at the active workspace of the signed-in session,
 * and at nothing when signed out. When signed in without a remembered
 * workspace it loads the workspace list, which picks the user's default.
 * It also asks for the user once, so other users' Studios can be marked.
 */
export function bindStudioContext(store: StudioStore, session: SessionStore, workspaces: WorkspaceStore): { dispose(): void } {
  let api: StudiosApi | undefined;
  let apiKey: string | undefined;
  const update = (): void => {
    const client = session.client;
    const ws = workspaces.active;
    if (session.state !== 'signedIn' || !client) {
      store.setContext(undefined);
      return;
    }
    if (!ws) {
      store.setContext(undefined);
      if (workspaces.list.kind === 'idle') void workspaces.load().catch(() => undefined);
      return;
    }
    const key = `${session.sessionId}|${client.apiUrl}|${ws.workspaceId ?? 'personal'}`;
    if (key !== apiKey || !api) {
      api = new StudiosApi(client, ws.workspaceId);
      apiKey = key;
    }
    const user = session.user;
    store.setContext({
      api,
      key,
      userId: user?.id,
      userName: user?.userName ?? (ws.workspaceId === undefined ? ws.workspaceName : undefined),
      workspaceLabel: workspaceLabel(ws),
      orgId: ws.workspaceId === undefined ? undefined : ws.orgId,
      orgName: ws.workspaceId === undefined ? undefined : ws.orgName,
      workspaceName: ws.workspaceId === undefined ? undefined : ws.workspaceName,
    });
    if (!user) void session.ensureUser().catch(() => undefined);
  };
  const subs = [session.onDidChange(update), workspaces.onDidChangeActive(update)];
  update();
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
