import type { EndpointsResult } from '../../src/auth/endpointSettings';
import type { HttpClient } from '../../src/net/http';
import { SessionStore, type TokenSource } from '../../src/model/session';
import type { MementoLike } from '../../src/model/workspaceStore';

/** In-memory stand-ins for SecretStorage and globalState, so the real stores run in plain Node. */
export class MapTokens implements TokenSource {
  readonly map = new Map<string, string>();
  async get(apiUrl: string): Promise<string | undefined> {
    return this.map.get(apiUrl);
  }
  async set(apiUrl: string, token: string): Promise<void> {
    this.map.set(apiUrl, token);
  }
  async delete(apiUrl: string): Promise<void> {
    this.map.delete(apiUrl);
  }
}

export class MapMemento implements MementoLike {
  readonly map = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.map.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.map.set(key, value);
  }
}

/** A signed-in SessionStore for `apiUrl` (the token is read as at start-up; no request is made). */
export async function signedInSession(http: HttpClient, apiUrl: string, waveUrl: string, token: string): Promise<SessionStore> {
  const tokens = new MapTokens();
  await tokens.set(apiUrl, token);
  const endpoints: EndpointsResult = { ok: true, endpoints: { apiUrl, waveUrl, webUrl: apiUrl.replace(/\/api$/, '') } };
  const session = new SessionStore({ tokens, http, readEndpoints: () => endpoints });
  await session.reload();
  if (session.state !== 'signedIn') throw new Error(`the bench session is ${session.state}, not signed in`);
  return session;
}
