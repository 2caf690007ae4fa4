import { SeqeraError } from '../net/errors';
import { DEFAULT_PLATFORM_URL, DEFAULT_WAVE_URL, normaliseEndpoint } from '../platform/endpoint';

/**
 * The saved endpoints a user switches between (Seqera Cloud, one or more
 * Enterprise installs): label, Platform API URL and Wave URL. No token here:
 * each endpoint's token lives in SecretStorage under its own API URL key.
 *
 * Stored in the machine-scoped setting `seqera.endpoints` and read from the
 * user (global) value only, like `seqera.platformUrl`, so a repository's
 * `.vscode/settings.json` can neither add an endpoint nor point a saved
 * label at another host. Pure: reading the setting is the caller's job.
 */
export interface SavedEndpoint {
  label: string;
  apiUrl: string;
  waveUrl: string;
}

export const ENDPOINTS_SETTING = 'seqera.endpoints';

export const CLOUD_ENDPOINT: SavedEndpoint = { label: 'Seqera Cloud', apiUrl: DEFAULT_PLATFORM_URL, waveUrl: DEFAULT_WAVE_URL };

export interface ParsedEndpoints {
  endpoints: SavedEndpoint[];
  /** Entries skipped, with the reason, for the log. */
  problems: string[];
}

/** A readable default label: "Seqera Cloud" or the host (with Enterprise's path). */
export function defaultLabel(apiUrl: string): string {
  if (apiUrl === DEFAULT_PLATFORM_URL) return CLOUD_ENDPOINT.label;
  const url = new URL(apiUrl);
  const path = url.pathname.replace(/\/api$/, '');
  return `${url.host}${path === '/' ? '' : path}`;
}

/** Validates and normalises one entry; throws an 'input' SeqeraError. */
export function makeEndpoint(apiUrl: string, waveUrl?: string, label?: string): SavedEndpoint {
  const api = normaliseEndpoint(apiUrl, 'The Platform API URL');
  const wave = normaliseEndpoint(waveUrl?.trim() ? waveUrl : DEFAULT_WAVE_URL, 'The Wave URL');
  const name = label?.replace(/[\r\n]+/g, ' ').trim();
  return { label: name ? name.slice(0, 80) : defaultLabel(api), apiUrl: api, waveUrl: wave };
}

export function parseSavedEndpoints(raw: unknown): ParsedEndpoints {
  const endpoints: SavedEndpoint[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { endpoints, problems };
  if (!Array.isArray(raw)) return { endpoints, problems: [`${ENDPOINTS_SETTING} should be a list; it is ignored.`] };
  raw.forEach((entry: unknown, i) => {
    const o = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : undefined;
    const apiUrl = typeof o?.apiUrl === 'string' ? o.apiUrl : undefined;
    if (!apiUrl) {
      problems.push(`${ENDPOINTS_SETTING}[${i}] has no apiUrl; it is ignored.`);
      return;
    }
    try {
      const e = makeEndpoint(apiUrl, typeof o?.waveUrl === 'string' ? o.waveUrl : undefined, typeof o?.label === 'string' ? o.label : undefined);
      if (endpoints.some((x) => x.apiUrl === e.apiUrl)) problems.push(`${ENDPOINTS_SETTING}[${i}] repeats ${e.apiUrl}; the first entry wins.`);
      else endpoints.push(e);
    } catch (err) {
      problems.push(`${ENDPOINTS_SETTING}[${i}]: ${err instanceof SeqeraError ? err.message : String(err)}`);
    }
  });
  return { endpoints, problems };
}

/**
 * What the switcher lists: the saved entries, plus the active endpoint (from
 * `seqera.platformUrl`/`seqera.waveUrl`) when it is not saved yet, so the
 * list is never missing the endpoint in use.
 */
export function endpointChoices(saved: readonly SavedEndpoint[], active: { apiUrl: string; waveUrl: string }): SavedEndpoint[] {
  const found = saved.find((e) => e.apiUrl === active.apiUrl);
  if (found) return [...saved];
  return [{ label: defaultLabel(active.apiUrl), apiUrl: active.apiUrl, waveUrl: active.waveUrl }, ...saved];
}

/**
 * The saved list as a switch leaves it: the outgoing active endpoint's entry
 * brought up to date, or added so it can be switched back to. Not Seqera Cloud
 * as the untouched default (never saved, no token for it): a user who never
 * chose Cloud has not added it, so a switch away from the default does not make
 * the switcher list it (#17.10). It offers *Add Seqera Cloud* instead.
 */
export function savedAfterSwitch(saved: readonly SavedEndpoint[], outgoing: { apiUrl: string; waveUrl: string }, outgoingHasToken: boolean): SavedEndpoint[] {
  const existing = saved.find((e) => e.apiUrl === outgoing.apiUrl);
  if (!existing && outgoing.apiUrl === DEFAULT_PLATFORM_URL && !outgoingHasToken) return [...saved];
  return withEndpoint(saved, { label: existing?.label ?? defaultLabel(outgoing.apiUrl), apiUrl: outgoing.apiUrl, waveUrl: outgoing.waveUrl });
}

/** The list with `endpoint` added, or replacing the entry of the same API URL in place. */
export function withEndpoint(list: readonly SavedEndpoint[], endpoint: SavedEndpoint): SavedEndpoint[] {
  const i = list.findIndex((e) => e.apiUrl === endpoint.apiUrl);
  if (i < 0) return [...list, endpoint];
  const out = [...list];
  out[i] = endpoint;
  return out;
}

export function withoutEndpoint(list: readonly SavedEndpoint[], apiUrl: string): SavedEndpoint[] {
  return list.filter((e) => e.apiUrl !== apiUrl);
}

/** Plain objects for `configuration.update` (no extra fields). */
export function serialiseEndpoints(list: readonly SavedEndpoint[]): SavedEndpoint[] {
  return list.map(({ label, apiUrl, waveUrl }) => ({ label, apiUrl, waveUrl }));
}
