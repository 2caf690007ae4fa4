import type { Services } from '../services';

/** Seqera: Refresh Workspaces (also the Retry of an error node). A rejected token shows as a node with Sign In. */
export async function refreshWorkspaces(services: Pick<Services, 'session' | 'workspaces'>): Promise<void> {
  if (services.session.state !== 'signedIn') return;
  await services.workspaces.load(true);
}
