import type { EndpointsResult } from '../../src/accounts/endpointSettings';
import type { HttpClient } from '../../src/net/http';
import { SessionStore } from '../../src/accounts/session';
import { MapMemento, MapTokens } from '../../test/shared/fakeStores';

export { MapMemento, MapTokens };

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
