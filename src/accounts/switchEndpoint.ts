import * as l10n from '@vscode/l10n';
import { inputError } from '../net/errors';
import { readSavedEndpoints } from './endpointList';
import { currentChoices, offerSignIn, switchToEndpoint, type ActiveEndpoint } from './endpointSwitch';
import { CLOUD_ENDPOINT, makeEndpoint, type SavedEndpoint } from './savedEndpoints';
import type { Services } from '../services';
import { addEndpoint } from './addEndpoint';
import { removeEndpoint } from './removeEndpoint';

/**
 * Seqera: Switch Endpoint. A quick pick of the saved endpoints (the active one
 * checked, each with its Wave URL and whether a token is saved for it), plus
 * "Add Endpoint…" and a remove button per entry.
 * Automation: `executeCommand('seqera.switchEndpoint', apiUrl | {apiUrl, waveUrl?, label?})`.
 */
export async function switchEndpoint(services: Services, arg?: unknown): Promise<ActiveEndpoint | undefined> {
  const choices = currentChoices(services);
  const target = endpointArg(arg, choices);
  if (target) return switchToEndpoint(services, target);

  const current = services.session.endpoints?.apiUrl;
  const saved = new Set(readSavedEndpoints().endpoints.map((e) => e.apiUrl));
  const withState = await Promise.all(
    choices.map(async (e) => ({
      ...e,
      active: e.apiUrl === current,
      saved: saved.has(e.apiUrl),
      signedIn: (await services.tokens.get(e.apiUrl)) !== undefined,
    })),
  );
  const pick = await services.endpointPrompts.pickEndpoint(withState);
  if (!pick) return undefined;
  if (pick.kind === 'add') return addEndpoint(services);
  if (pick.kind === 'addCloud') {
    const cloud = await switchToEndpoint(services, CLOUD_ENDPOINT);
    offerSignIn(cloud);
    return cloud;
  }
  if (pick.kind === 'remove') {
    await removeEndpoint(services, pick.endpoint.apiUrl, true);
    return undefined;
  }
  if (pick.endpoint.apiUrl === current) return undefined;
  const active = await switchToEndpoint(services, pick.endpoint);
  offerSignIn(active);
  return active;
}

/** A saved endpoint named by URL, or a new one from `{apiUrl, waveUrl?, label?}`. */
function endpointArg(arg: unknown, saved: readonly SavedEndpoint[]): SavedEndpoint | undefined {
  if (arg === undefined || arg === null) return undefined;
  if (typeof arg === 'string') {
    const apiUrl = makeEndpoint(arg).apiUrl;
    return saved.find((e) => e.apiUrl === apiUrl) ?? makeEndpoint(arg);
  }
  if (typeof arg === 'object' && typeof (arg as { apiUrl?: unknown }).apiUrl === 'string') {
    const o = arg as { apiUrl: string; waveUrl?: unknown; label?: unknown };
    const existing = saved.find((e) => e.apiUrl === makeEndpoint(o.apiUrl).apiUrl);
    return makeEndpoint(
      o.apiUrl,
      typeof o.waveUrl === 'string' ? o.waveUrl : existing?.waveUrl,
      typeof o.label === 'string' ? o.label : existing?.label,
    );
  }
  throw inputError(l10n.t('seqera.switchEndpoint takes an API URL, or an object with apiUrl, waveUrl and label.'));
}
