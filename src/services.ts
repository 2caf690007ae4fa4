import type * as vscode from 'vscode';
import type { TokenStore } from './auth/tokenStore';
import type { SessionStore } from './model/session';
import type { WorkspaceStore } from './model/workspaceStore';
import type { HttpClient } from './net/http';

/**
 * What the parts of the extension share, created once in `activate` and passed
 * down explicitly (no module-level globals). Features add their stores here.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The one HTTP transport (proxy, CA, retries) for every client. */
  readonly http: HttpClient;
  readonly tokens: TokenStore;
  /** Endpoint, token, signed-in user and the PlatformClient bound to them. */
  readonly session: SessionStore;
  /** Orgs/workspaces list and the active workspace. */
  readonly workspaces: WorkspaceStore;
}
