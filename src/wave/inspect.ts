import type { HttpClient } from '../net/http';
import { normaliseEndpoint } from '../platform/endpoint';
import { parseInspectResponse, type InspectResult } from './inspectSpec';

/**
 * `POST /v1alpha1/inspect[?platform=os/arch]` on a Wave server. Signed in,
 * the Platform token, endpoint and workspace go in the body (as wave-cli
 * does) so Wave can read private registries with the workspace's registry
 * credentials; anonymous otherwise. The request reads nothing on the server,
 * so a POST that certainly was not processed may be retried ('safe').
 */
export interface InspectAuth {
  token: string;
  apiUrl: string;
  workspaceId?: number;
}

export interface InspectRequest {
  image: string;
  /** One platform such as `linux/arm64`; without it a multi-platform image answers with its index. */
  platform?: string;
  auth?: InspectAuth;
  signal?: AbortSignal;
}

const PLATFORM_RE = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

export function isValidPlatform(platform: string): boolean {
  return PLATFORM_RE.test(platform);
}

export async function inspectImage(http: HttpClient, waveUrl: string, req: InspectRequest): Promise<InspectResult> {
  const base = normaliseEndpoint(waveUrl, 'The Wave URL');
  const url = new URL(`${base}/v1alpha1/inspect`);
  if (req.platform) url.searchParams.set('platform', req.platform);
  const body: Record<string, unknown> = { containerImage: req.image };
  if (req.auth) {
    body.towerAccessToken = req.auth.token;
    body.towerEndpoint = req.auth.apiUrl;
    if (req.auth.workspaceId !== undefined) body.towerWorkspaceId = req.auth.workspaceId;
  }
  return http.json({ method: 'POST', url, json: body, signal: req.signal, retryPost: 'safe' }, parseInspectResponse);
}
