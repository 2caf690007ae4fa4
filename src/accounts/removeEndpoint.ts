import * as vscode from 'vscode';
import { readSavedEndpoints, writeSavedEndpoints } from './endpointList';
import { makeEndpoint, withoutEndpoint } from './savedEndpoints';
import { inputError } from '../net/errors';
import type { Services } from '../services';

/**
 * Seqera: Remove Endpoint. Forgets a saved endpoint and deletes its token.
 * The active endpoint cannot be removed (switch first).
 * Automation: `executeCommand('seqera.removeEndpoint', apiUrl)` (no confirmation).
 */
export async function removeEndpoint(services: Services, arg?: unknown, confirm = typeof arg !== 'string'): Promise<boolean> {
  const saved = readSavedEndpoints().endpoints;
  const active = services.session.endpoints?.apiUrl;
  let apiUrl: string | undefined;
  if (typeof arg === 'string') {
    apiUrl = makeEndpoint(arg).apiUrl;
  } else {
    const candidates = saved.filter((e) => e.apiUrl !== active);
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no saved endpoint to remove besides the active one.'));
      return false;
    }
    const pick = await vscode.window.showQuickPick(
      candidates.map((e) => ({ label: e.label, description: e.apiUrl, apiUrl: e.apiUrl })),
      { title: vscode.l10n.t('Seqera: Remove Endpoint') },
    );
    apiUrl = pick?.apiUrl;
  }
  if (!apiUrl) return false;
  if (apiUrl === active) throw inputError(vscode.l10n.t('{0} is the active endpoint. Switch to another endpoint before removing it.', apiUrl));
  const endpoint = saved.find((e) => e.apiUrl === apiUrl);
  const hasToken = (await services.tokens.get(apiUrl)) !== undefined;
  if (!endpoint && !hasToken) return false;
  if (confirm && !(await services.endpointPrompts.confirmRemove(endpoint ?? makeEndpoint(apiUrl), hasToken))) return false;
  if (endpoint) await writeSavedEndpoints(withoutEndpoint(saved, apiUrl));
  if (hasToken) await services.tokens.delete(apiUrl);
  services.log.info(`endpoint ${apiUrl} removed${hasToken ? ' with its token' : ''}`);
  return true;
}
