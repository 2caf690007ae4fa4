import * as vscode from 'vscode';
import type { Services } from '../services';

/** Seqera: Sign Out. Deletes the token of the current endpoint from SecretStorage. */
export async function signOut(services: Pick<Services, 'session'>): Promise<void> {
  const { session } = services;
  const apiUrl = session.endpoints?.apiUrl;
  const wasSignedIn = session.state === 'signedIn';
  await session.signOut();
  if (wasSignedIn && apiUrl) void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}.', new URL(apiUrl).host));
}
