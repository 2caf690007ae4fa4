import { SeqeraError } from '../net/errors';
import { DEFAULT_PLATFORM_URL, DEFAULT_WAVE_URL, normaliseEndpoint, webUrlFromApiUrl } from '../platform/endpoint';
import { defaultLabel, parseSavedEndpoints, serialiseEndpoints, withEndpoint, type SavedEndpoint } from './savedEndpoints';

/**
 * The active endpoint is a pair, Platform API URL + Wave URL, and a token is
 * only ever sent to the Wave saved with its own endpoint. VS Code writes one
 * setting at a time (`seqera.platformUrl`, then `seqera.waveUrl`), and every
 * window reloads after each write, so the pair cannot be read from those two
 * settings alone: between the writes, or for good when the second write
 * fails, the new endpoint's token would go to the old endpoint's Wave.
 *
 * So the pair is one unit:
 * - written: first the entry `{apiUrl, waveUrl}` in `seqera.endpoints` (one
 *   write holds both), then `seqera.platformUrl`, then `seqera.waveUrl`; when
 *   a write fails, the earlier ones are put back;
 * - read: the Wave of the endpoint named by `seqera.platformUrl` is its saved
 *   entry's; `seqera.waveUrl` counts only for an endpoint that is not saved.
 *   (A hand edit of `seqera.waveUrl` is carried into the saved entry by
 *   `adoptWaveUrlSetting`, so the setting keeps its meaning.)
 *
 * Pure: the settings are reached through `EndpointSettingsStore`.
 */
export interface EndpointSettingsStore {
  /** The user (global) value of `seqera.<key>`, or undefined. */
  get(key: 'platformUrl' | 'waveUrl' | 'endpoints'): unknown;
  update(key: 'platformUrl' | 'waveUrl' | 'endpoints', value: unknown): Promise<void>;
}

export interface Endpoints {
  apiUrl: string;
  waveUrl: string;
  /** The web app, for links (token page, studio pages). */
  webUrl: string;
}

export type EndpointsResult = { ok: true; endpoints: Endpoints } | { ok: false; error: SeqeraError };

const PLATFORM_URL_SETTING = 'seqera.platformUrl';
const WAVE_URL_SETTING = 'seqera.waveUrl';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function readEndpointPair(store: EndpointSettingsStore): EndpointsResult {
  try {
    const apiUrl = normaliseEndpoint(text(store.get('platformUrl')) ?? DEFAULT_PLATFORM_URL, `The setting ${PLATFORM_URL_SETTING}`);
    const saved = parseSavedEndpoints(store.get('endpoints')).endpoints.find((e) => e.apiUrl === apiUrl);
    const waveUrl = saved?.waveUrl ?? normaliseEndpoint(text(store.get('waveUrl')) ?? DEFAULT_WAVE_URL, `The setting ${WAVE_URL_SETTING}`);
    return { ok: true, endpoints: { apiUrl, waveUrl, webUrl: webUrlFromApiUrl(apiUrl) } };
  } catch (e) {
    return { ok: false, error: e instanceof SeqeraError ? e : new SeqeraError('input', String(e)) };
  }
}

/** Writes the pair as one unit (see above); on a failed write the settings are put back as they were, and it throws. */
export async function writeEndpointPair(store: EndpointSettingsStore, endpoint: { apiUrl: string; waveUrl: string; label?: string }): Promise<void> {
  const saved = parseSavedEndpoints(store.get('endpoints')).endpoints;
  const label = endpoint.label ?? saved.find((e) => e.apiUrl === endpoint.apiUrl)?.label ?? defaultLabel(endpoint.apiUrl);
  const entry: SavedEndpoint = { label, apiUrl: endpoint.apiUrl, waveUrl: endpoint.waveUrl };
  const before = { platformUrl: store.get('platformUrl'), waveUrl: store.get('waveUrl') };
  await store.update('endpoints', serialiseEndpoints(withEndpoint(saved, entry)));
  const written: ('platformUrl' | 'waveUrl')[] = [];
  try {
    await store.update('platformUrl', endpoint.apiUrl);
    written.push('platformUrl');
    await store.update('waveUrl', endpoint.waveUrl);
  } catch (e) {
    for (const key of written.reverse()) await store.update(key, before[key]).catch(() => undefined);
    throw e;
  }
}

/**
 * After `seqera.waveUrl` changed by hand: when the active endpoint is saved
 * with another Wave, the saved entry takes the new Wave URL (the setting is
 * what the user just chose). Returns true when it wrote.
 */
export async function adoptWaveUrlSetting(store: EndpointSettingsStore): Promise<boolean> {
  const raw = text(store.get('waveUrl'));
  const pair = readEndpointPair(store);
  if (!raw || !pair.ok) return false;
  let waveUrl: string;
  try {
    waveUrl = normaliseEndpoint(raw, `The setting ${WAVE_URL_SETTING}`);
  } catch {
    return false;
  }
  const saved = parseSavedEndpoints(store.get('endpoints')).endpoints;
  const entry = saved.find((e) => e.apiUrl === pair.endpoints.apiUrl);
  if (!entry || entry.waveUrl === waveUrl) return false;
  await store.update('endpoints', serialiseEndpoints(withEndpoint(saved, { ...entry, waveUrl })));
  return true;
}
