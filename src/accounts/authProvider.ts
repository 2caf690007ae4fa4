import * as vscode from 'vscode';
import type { SessionStore } from './session';

/**
 * Shows the Seqera account in VS Code's Accounts menu and lets the user sign
 * out from there. One session at a time: the token of the configured endpoint.
 * Creating a session runs the Sign In command (same prompt, same validation).
 */
export const AUTH_PROVIDER_ID = 'seqera';

export class SeqeraAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private current: vscode.AuthenticationSession | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly session: SessionStore) {
    this.subscription = session.onDidChange(() => void this.sync());
  }

  /** Recomputes the session after a store change and tells VS Code what was added or removed. */
  private async sync(): Promise<void> {
    const before = this.current;
    const after = await this.build(true);
    if (before?.id === after?.id && before?.accessToken === after?.accessToken) return;
    this.current = after;
    this.changed.fire({
      added: after && !before ? [after] : [],
      removed: before && !after ? [before] : [],
      changed: before && after ? [after] : [],
    });
  }

  private async build(quiet: boolean): Promise<vscode.AuthenticationSession | undefined> {
    const credentials = this.session.waveCredentials();
    if (this.session.state !== 'signedIn' || !credentials) return undefined;
    let user = this.session.user;
    if (!user && !quiet) {
      try {
        user = await this.session.ensureUser();
      } catch {
        user = undefined;
      }
    }
    if (!user) return undefined;
    return {
      id: `${credentials.towerEndpoint}#${user.id}`,
      accessToken: credentials.towerAccessToken,
      account: { id: `${credentials.towerEndpoint}#${user.id}`, label: `${user.userName} (${new URL(credentials.towerEndpoint).host})` },
      scopes: [],
    };
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const s = await this.build(false);
    this.current = s;
    return s ? [s] : [];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    await vscode.commands.executeCommand('seqera.signIn');
    const s = await this.build(false);
    if (!s) throw new Error(vscode.l10n.t('Sign-in to Seqera Platform was cancelled or failed.'));
    this.current = s;
    return s;
  }

  async removeSession(): Promise<void> {
    await this.session.signOut();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerAuthenticationProvider(context: vscode.ExtensionContext, session: SessionStore): SeqeraAuthenticationProvider {
  const provider = new SeqeraAuthenticationProvider(session);
  context.subscriptions.push(
    provider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Seqera Platform', provider, { supportsMultipleAccounts: false }),
  );
  return provider;
}
