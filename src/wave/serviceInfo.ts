import type { HttpClient } from '../net/http';
import { normaliseEndpoint } from '../platform/endpoint';

/** Wave's `GET /service-info`: `{serviceInfo: {version, commitId}}`. No token. */
export interface WaveServiceInfo {
  version?: string;
  commitId?: string;
}

export function parseWaveServiceInfo(body: unknown): WaveServiceInfo {
  const info = (body as { serviceInfo?: unknown } | null)?.serviceInfo;
  if (typeof info !== 'object' || info === null) return {};
  const o = info as Record<string, unknown>;
  return {
    ...(typeof o.version === 'string' ? { version: o.version } : {}),
    ...(typeof o.commitId === 'string' ? { commitId: o.commitId } : {}),
  };
}

export function waveServiceInfo(http: HttpClient, waveUrl: string, signal?: AbortSignal): Promise<WaveServiceInfo> {
  const url = new URL(`${normaliseEndpoint(waveUrl, 'The Wave URL')}/service-info`);
  return http.json({ url, signal, timeoutMs: 10_000 }, parseWaveServiceInfo);
}
