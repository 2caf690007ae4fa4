import * as l10n from '@vscode/l10n';
import type { EndpointsResult, Endpoints } from './endpointSettings';
import { SeqeraError } from '../net/errors';
import type { HttpClient } from '../net/http';
import { untilAborted } from '../net/retry';
import { PlatformClient } from '../platform/client';
import type { DescribeUserResponse } from '../platform/types';
import { Emitter } from '../ui/emitter';

/**
 * Who is signed in to which endpoint. Owns the endpoint (from settings), the
 * token (from SecretStorage, held only in memory here), the signed-in user and
 * the PlatformClient bound to both. Everything else asks this store for a
 * client and listens to `onDidChange`. No network call happens until someone
 * asks for the user (`ensureUser`) or signs in.
 */
export type SessionState = 'initializing' | 'signedOut' | 'signedIn' | 'invalidEndpoint';

export interface SignedInUser {
  id: number;
  userName: string;
  /** "First Last", or the user name when the profile has no name. */
  displayName: string;
  email?: string;
  avatar?: string;
  defaultWorkspaceId?: number;
}

/** What the Wave client sends so Wave can act on the user's behalf (pull private images, credits). */
export interface WaveCredentials {
  towerAccessToken: string;
  towerEndpoint: string;
}

export interface TokenSource {
  get(apiUrl: string): Promise<string | undefined>;
  set(apiUrl: string, token: string): Promise<void>;
  delete(apiUrl: string): Promise<void>;
}

export interface SessionDeps {
  tokens: TokenSource;
  http: HttpClient;
  readEndpoints: () => EndpointsResult;
}

export class SessionStore {
  private readonly changed = new Emitter<void>();
  /** Fires when the state, endpoint, token or user changes. */
  readonly onDidChange = this.changed.event;

  private _state: SessionState = 'initializing';
  private _endpoints: Endpoints | undefined;
  private _endpointError: SeqeraError | undefined;
  private token: string | undefined;
  private _client: PlatformClient | undefined;
  private _user: SignedInUser | undefined;
  private userRequest: Promise<SignedInUser> | undefined;
  private generation = 0;
  private _sessionId = 0;

  constructor(private readonly deps: SessionDeps) {}

  get state(): SessionState {
    return this._state;
  }
  get endpoints(): Endpoints | undefined {
    return this._endpoints;
  }
  /** Why the endpoint settings are unusable, when state is 'invalidEndpoint'. */
  get endpointError(): SeqeraError | undefined {
    return this._endpointError;
  }
  /** The signed-in user once known (after sign-in or the first `ensureUser`). */
  get user(): SignedInUser | undefined {
    return this._user;
  }
  /** Changes whenever the endpoint or the token changes (not when the user is merely looked up). */
  get sessionId(): number {
    return this._sessionId;
  }
  /** A client bound to the current endpoint and token; undefined when signed out. */
  get client(): PlatformClient | undefined {
    return this._client;
  }

  /** A client without a token for the current endpoint (service-info). */
  anonymousClient(): PlatformClient | undefined {
    return this._endpoints ? new PlatformClient({ apiUrl: this._endpoints.apiUrl, http: this.deps.http }) : undefined;
  }

  /** The signed-in client, or a SeqeraError 'auth' asking to sign in. */
  requireClient(): PlatformClient {
    if (this._client) return this._client;
    if (this._state === 'invalidEndpoint' && this._endpointError) throw this._endpointError;
    throw new SeqeraError('auth', l10n.t('Sign in to Seqera Platform first.'));
  }

  waveCredentials(): WaveCredentials | undefined {
    if (!this.token || !this._endpoints) return undefined;
    return { towerAccessToken: this.token, towerEndpoint: this._endpoints.apiUrl };
  }

  /**
   * Re-reads the endpoints and the token of the current endpoint. Called at
   * start-up, when the settings change and when SecretStorage changes (another
   * window signed in or out). Fires only when something actually changed.
   */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    const result = this.deps.readEndpoints();
    if (!result.ok) {
      this.apply(generation, undefined, result.error, undefined);
      return;
    }
    const token = await this.deps.tokens.get(result.endpoints.apiUrl);
    this.apply(generation, result.endpoints, undefined, token);
  }

  private apply(generation: number, endpoints: Endpoints | undefined, error: SeqeraError | undefined, token: string | undefined): void {
    if (generation !== this.generation) return; // a newer reload won
    const sameEndpoint = endpoints?.apiUrl === this._endpoints?.apiUrl && endpoints?.waveUrl === this._endpoints?.waveUrl;
    const state: SessionState = error ? 'invalidEndpoint' : token ? 'signedIn' : 'signedOut';
    if (sameEndpoint && token === this.token && state === this._state && error?.message === this._endpointError?.message) return;
    const keepUser = endpoints?.apiUrl === this._endpoints?.apiUrl && token === this.token;
    this._endpoints = endpoints;
    this._endpointError = error;
    this.token = token;
    this._state = state;
    this._client = endpoints && token ? new PlatformClient({ apiUrl: endpoints.apiUrl, token, http: this.deps.http }) : undefined;
    if (!keepUser) {
      this._sessionId++;
      this._user = undefined;
      this.userRequest = undefined;
    }
    this.changed.fire();
  }

  /**
   * The signed-in user, asking GET /user-info once if not yet known. Callers share that one request, so it
   * is not bound to any caller's signal: a caller whose signal aborts stops waiting (CancelledError), and
   * the others still get the user (a cancelled sign-in must not fail a Workspaces load that joined it).
   */
  ensureUser(signal?: AbortSignal): Promise<SignedInUser> {
    if (this._user) return Promise.resolve(this._user);
    const client = this.requireClient();
    if (!this.userRequest) {
      const generation = this.generation;
      const request = client.userInfo().then((info) => {
        const user = toUser(info);
        if (generation === this.generation && this._client === client) {
          this._user = user;
          this.changed.fire();
        }
        return user;
      });
      this.userRequest = request;
      request.catch(() => {
        if (this.userRequest === request) this.userRequest = undefined;
      });
    }
    return untilAborted(this.userRequest, signal);
  }

  /**
   * Validates the token with GET /user-info against the current endpoint and
   * only then stores it. A rejected token stores nothing and says so.
   */
  async signIn(rawToken: string, signal?: AbortSignal): Promise<SignedInUser> {
    const token = rawToken.trim();
    if (this._state === 'initializing') await this.reload();
    if (!this._endpoints) throw this._endpointError ?? new SeqeraError('input', l10n.t('No Seqera Platform endpoint is configured.'));
    if (token === '') throw new SeqeraError('input', l10n.t('The access token is empty.'));
    const endpoints = this._endpoints;
    const client = new PlatformClient({ apiUrl: endpoints.apiUrl, token, http: this.deps.http });
    let user: SignedInUser;
    try {
      user = toUser(await client.userInfo(signal));
    } catch (e) {
      if (e instanceof SeqeraError && e.kind === 'auth') {
        throw new SeqeraError('auth', l10n.t('{0} rejected this access token, so it was not saved. Copy a token from {1}/tokens and try again.', new URL(endpoints.apiUrl).host, endpoints.webUrl), {
          status: e.status,
          detail: e.detail,
        });
      }
      throw e;
    }
    await this.deps.tokens.set(endpoints.apiUrl, token);
    const generation = ++this.generation;
    this.apply(generation, endpoints, undefined, token);
    this._user = user;
    this.changed.fire();
    return user;
  }

  /** Forgets the token of the current endpoint. */
  async signOut(): Promise<void> {
    const endpoints = this._endpoints;
    if (endpoints) await this.deps.tokens.delete(endpoints.apiUrl);
    const generation = ++this.generation;
    this.apply(generation, endpoints, this._endpointError, undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function toUser(info: DescribeUserResponse): SignedInUser {
  const u = info.user;
  if (!u || u.id === undefined || !u.userName) {
    throw new SeqeraError('invalidResponse', l10n.t('Seqera Platform answered /user-info without a user id or name.'));
  }
  const name = [u.firstName, u.lastName].filter((s) => s && s.trim() !== '').join(' ');
  return {
    id: u.id,
    userName: u.userName,
    displayName: name || u.userName,
    email: u.email,
    avatar: u.avatar,
    defaultWorkspaceId: info.defaultWorkspaceId,
  };
}
