import { offerSignIn, switchToEndpoint, type ActiveEndpoint } from './endpointSwitch';
import { makeEndpoint } from './savedEndpoints';
import type { Services } from '../services';

/**
 * Seqera: Add Endpoint. Asks for the Platform API URL, the Wave URL and a
 * label, saves the endpoint and switches to it (then offers to sign in).
 * Automation: `executeCommand('seqera.addEndpoint', {apiUrl, waveUrl?, label?})`.
 */
export async function addEndpoint(services: Services, arg?: unknown): Promise<ActiveEndpoint | undefined> {
  const o = arg && typeof arg === 'object' ? (arg as Record<string, unknown>) : undefined;
  const answer =
    o && typeof o.apiUrl === 'string'
      ? { apiUrl: o.apiUrl, waveUrl: typeof o.waveUrl === 'string' ? o.waveUrl : undefined, label: typeof o.label === 'string' ? o.label : undefined }
      : await services.endpointPrompts.newEndpoint();
  if (!answer) return undefined;
  const endpoint = makeEndpoint(answer.apiUrl, answer.waveUrl, answer.label);
  const active = await switchToEndpoint(services, endpoint);
  if (!o) offerSignIn(active);
  return active;
}
