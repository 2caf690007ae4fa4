import * as vscode from 'vscode';
import type { Services } from '../services';
import { writeEndpoints } from './endpointSettings';
import { readSavedEndpoints, writeSavedEndpoints } from './endpointList';
import { defaultLabel, endpointChoices, savedAfterSwitch, type SavedEndpoint } from './savedEndpoints';

/**
 * Switching the active endpoint: the settings `seqera.platformUrl` and
 * `seqera.waveUrl` name the active one, `seqera.endpoints` lists the saved
 * ones. Tokens are never moved: the session reloads and picks up the token
 * stored under the new endpoint's URL, or none.
 */
export interface ActiveEndpoint extends SavedEndpoint {
  signedIn: boolean;
}

/** The saved list, with the active endpoint's entry brought up to date (or added, unless it is the untouched Cloud default). */
export async function savedWithActive(services: Pick<Services, 'session' | 'tokens'>): Promise<SavedEndpoint[]> {
  const saved = readSavedEndpoints().endpoints;
  const current = services.session.endpoints;
  if (!current) return saved;
  return savedAfterSwitch(saved, current, (await services.tokens.get(current.apiUrl)) !== undefined);
}

/** What the switcher lists (active first when it is not saved yet). */
export function currentChoices(services: Pick<Services, 'session'>): SavedEndpoint[] {
  const current = services.session.endpoints;
  const saved = readSavedEndpoints().endpoints;
  return current ? endpointChoices(saved, current) : saved;
}

/** The label the status bar and the Workspaces view show for the active endpoint. */
export function activeLabel(services: Pick<Services, 'session'>): string | undefined {
  const current = services.session.endpoints;
  if (!current) return undefined;
  return readSavedEndpoints().endpoints.find((e) => e.apiUrl === current.apiUrl)?.label ?? defaultLabel(current.apiUrl);
}

export async function switchToEndpoint(services: Services, endpoint: SavedEndpoint): Promise<ActiveEndpoint> {
  const { session, log } = services;
  await writeSavedEndpoints(await savedWithActive(services));
  const before = session.endpoints?.apiUrl;
  // The new pair as one unit: its saved entry first, then the two settings (./endpointPair.ts).
  await writeEndpoints(endpoint.apiUrl, endpoint.waveUrl, endpoint.label);
  await session.reload();
  const signedIn = session.state === 'signedIn' && session.endpoints?.apiUrl === endpoint.apiUrl;
  log.info(`endpoint ${before ?? '(none)'} → ${endpoint.apiUrl} (${signedIn ? 'token found' : 'no token for it'})`);
  return { ...endpoint, signedIn };
}

/** After an interactive switch to an endpoint without a token: offer to sign in there. */
export function offerSignIn(endpoint: ActiveEndpoint): void {
  if (endpoint.signedIn) return;
  const signIn = vscode.l10n.t('Sign In');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Seqera now uses {0} ({1}). Sign in with a token of that Platform.', endpoint.label, endpoint.apiUrl), signIn)
    .then((choice) => (choice === signIn ? vscode.commands.executeCommand('seqera.signIn') : undefined));
}
