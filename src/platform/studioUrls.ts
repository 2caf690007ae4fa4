import { webUrlFromApiUrl } from './endpoint';

/**
 * The web app's connect URL of a Studio, as tw prints it after a start:
 * `{web}/orgs/{org}/workspaces/{ws}/studios/{sessionId}/connect`, or for the
 * personal workspace `{web}/user/{userName}/studios/{sessionId}/connect`.
 * Going through the web app (rather than the Studio's own host) lets it sign
 * the user in and check access first.
 */
export interface ConnectTarget {
  apiUrl: string;
  sessionId: string;
  orgName?: string;
  workspaceName?: string;
  userName?: string;
}

export function studioConnectUrl(t: ConnectTarget): string | undefined {
  const web = webUrlFromApiUrl(t.apiUrl);
  const id = encodeURIComponent(t.sessionId);
  if (t.orgName && t.workspaceName) {
    return `${web}/orgs/${encodeURIComponent(t.orgName)}/workspaces/${encodeURIComponent(t.workspaceName)}/studios/${id}/connect`;
  }
  if (t.userName) return `${web}/user/${encodeURIComponent(t.userName)}/studios/${id}/connect`;
  return undefined;
}
