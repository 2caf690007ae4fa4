import * as vscode from 'vscode';
import { writeEndpoints } from './endpointSettings';
import { DEFAULT_PLATFORM_URL, DEFAULT_WAVE_URL, normaliseEndpoint } from '../platform/endpoint';
import type { Services } from '../services';

/**
 * Seqera: Use Enterprise Endpoint. Asks for the Platform API URL and the Wave
 * URL, and writes them to the user settings (the only place they are read
 * from). Tokens are per endpoint, so the user then signs in to that endpoint.
 * Automation: `executeCommand('seqera.useEnterpriseEndpoint', apiUrl, waveUrl?)`.
 */
export async function useEnterpriseEndpoint(
  services: Pick<Services, 'session' | 'prompts'>,
  apiUrlArg?: unknown,
  waveUrlArg?: unknown,
): Promise<{ apiUrl: string; waveUrl: string } | undefined> {
  const { session } = services;
  const current = session.endpoints ?? { apiUrl: DEFAULT_PLATFORM_URL, waveUrl: DEFAULT_WAVE_URL };
  const answer =
    typeof apiUrlArg === 'string'
      ? { apiUrl: apiUrlArg, waveUrl: typeof waveUrlArg === 'string' ? waveUrlArg : current.waveUrl }
      : await services.prompts.enterpriseEndpoint(current);
  if (!answer) return undefined;
  const apiUrl = normaliseEndpoint(answer.apiUrl, vscode.l10n.t('The API URL'));
  const waveUrl = normaliseEndpoint(answer.waveUrl, vscode.l10n.t('The Wave URL'));
  await writeEndpoints(apiUrl, waveUrl);
  await session.reload();
  if (session.state !== 'signedIn' && typeof apiUrlArg !== 'string') {
    const signInNow = vscode.l10n.t('Sign In');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Seqera now uses {0}. Sign in with a token of that Platform.', apiUrl), signInNow)
      .then((choice) => (choice === signInNow ? vscode.commands.executeCommand('seqera.signIn') : undefined));
  }
  return { apiUrl, waveUrl };
}
