import * as vscode from 'vscode';
import { isCancellation } from '../net/errors';
import type { SessionStore } from './session';

/**
 * Shows the Seqera account in VS Code's Accounts menu and lets the user sign
 * out from there. One session at a time: the token of the active endpoint.
 *
 * As `vscode.d.ts` asks of a provider:
 * - sessions come from the session store's state, synchronously: `getSessions`
 *   makes no network call (the account label names the user once known);
 * - a session's id is its endpoint (`seqera:<API URL>`), so a new token or the
 *   user becoming known is `changed` with the same id, and a switch of
 *   endpoint is `removed` (old id) plus `added` (new id), never a mix;
 * - `removeSession(id)` signs out only when `id` is the current session;
 * - `createSession` signs in directly (the token prompt, checked with the
 *   Platform) and rejects with the one real error, or a CancellationError.
 */
export const AUTH_PROVIDER_ID = 'seqera';

/** What `createSession` runs: the Sign In flow, resolving undefined when the user cancels, throwing on failure. */
export type SignInFlow = () => Promise<unknown>;

const ACCOUNTS_KEY = 'seqera.accountNames';

export function sessionIdFor(apiUrl: string): string {
  return `seqera:${apiUrl}`;
}

export class SeqeraAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  private last: vscode.AuthenticationSession | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly session: SessionStore,
    private readonly signIn: SignInFlow,
    /** Remembers each endpoint's user name (not secret), so the account keeps its label across restarts. */
    private readonly memory?: vscode.Memento,
  ) {
    this.last = this.current();
    this.subscription = session.onDidChange(() => this.sync());
  }

  /** The session of the store's current state, or undefined when signed out. No network call. */
  current(): vscode.AuthenticationSession | undefined {
    const credentials = this.session.waveCredentials();
    if (this.session.state !== 'signedIn' || !credentials) return undefined;
    const apiUrl = credentials.towerEndpoint;
    const host = new URL(apiUrl).host;
    const user = this.session.user;
    const known = this.memory?.get<Record<string, { id: number; userName: string }>>(ACCOUNTS_KEY)?.[apiUrl];
    const who = user ? { id: user.id, userName: user.userName } : known;
    return {
      id: sessionIdFor(apiUrl),
      accessToken: credentials.towerAccessToken,
      // VS Code keeps "which extensions may use this account" by label: the label names the user from the
      // last time it was known, not only once GET /user-info has answered in this window.
      account: who ? { id: `${apiUrl}#${who.id}`, label: `${who.userName} (${host})` } : { id: apiUrl, label: host },
      scopes: [],
    };
  }

  /** Tells VS Code what changed since the last event, from the state alone (synchronous: syncs cannot overlap). */
  private sync(): void {
    this.remember();
    const before = this.last;
    const after = this.current();
    this.last = after;
    if (!before && !after) return;
    if (before && after && before.id === after.id) {
      const same = before.accessToken === after.accessToken && before.account.id === after.account.id && before.account.label === after.account.label;
      if (!same) this.changed.fire({ added: [], removed: [], changed: [after] });
      return;
    }
    this.changed.fire({ added: after ? [after] : [], removed: before ? [before] : [], changed: [] });
  }

  private remember(): void {
    const user = this.session.user;
    const apiUrl = this.session.endpoints?.apiUrl;
    if (!this.memory || !user || !apiUrl || this.session.state !== 'signedIn') return;
    const all = this.memory.get<Record<string, { id: number; userName: string }>>(ACCOUNTS_KEY) ?? {};
    if (all[apiUrl]?.id === user.id && all[apiUrl]?.userName === user.userName) return;
    void this.memory.update(ACCOUNTS_KEY, { ...all, [apiUrl]: { id: user.id, userName: user.userName } });
  }

  async getSessions(_scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    const s = this.current();
    return s ? [s] : [];
  }

  async createSession(_scopes: readonly string[] = []): Promise<vscode.AuthenticationSession> {
    try {
      if ((await this.signIn()) === undefined) throw new vscode.CancellationError();
    } catch (e) {
      throw isCancellation(e) ? new vscode.CancellationError() : e;
    }
    const s = this.current();
    if (!s) throw new Error(vscode.l10n.t('Signed in, but the session changed before it could be returned. Try again.'));
    return s;
  }

  async removeSession(sessionId: string): Promise<void> {
    if (sessionId !== this.current()?.id) return;
    await this.session.signOut();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerAuthenticationProvider(context: vscode.ExtensionContext, session: SessionStore, signIn: SignInFlow): SeqeraAuthenticationProvider {
  const provider = new SeqeraAuthenticationProvider(session, signIn, context.globalState);
  context.subscriptions.push(
    provider,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, vscode.l10n.t('Seqera Platform'), provider, { supportsMultipleAccounts: false }),
  );
  return provider;
}
