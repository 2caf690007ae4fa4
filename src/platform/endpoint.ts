import { inputError } from '../net/errors';

/**
 * Endpoint URLs: normalising what a user typed, refusing plain http except
 * on loopback, and deriving the web app's URL from the API URL. Pure, no vscode.
 */
export const DEFAULT_PLATFORM_URL = 'https://api.cloud.seqera.io';
export const DEFAULT_WAVE_URL = 'https://wave.seqera.io';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Parses and normalises an endpoint URL: https (or http on loopback) only, no
 * credentials, query or fragment, lower-case host, no trailing slash; a base
 * path such as Enterprise's `/api` is kept. Throws an 'input' SeqeraError
 * with a message that says what to change. `what` names the setting.
 */
export function normaliseEndpoint(raw: string, what = 'The endpoint URL'): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw inputError(`${what} "${text}" is not a URL. Use the form https://host or https://host/api.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw inputError(`${what} must start with https:// (got ${url.protocol}).`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw inputError(
      `${what} uses plain http:// for ${url.hostname}. Your access token would travel unencrypted, so only https:// is allowed (http:// only for localhost).`,
    );
  }
  if (url.username || url.password) throw inputError(`${what} must not contain a user name or password.`);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host.toLowerCase()}${path}`;
}

/**
 * The web app's URL for an API URL, as tw works it out: drop a leading `api.`
 * from the host (Cloud) and a trailing `/api` from the path (Enterprise).
 */
export function webUrlFromApiUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  const host = url.host.startsWith('api.') ? url.host.slice(4) : url.host;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${url.protocol}//${host}${path}`;
}

/** Where a user creates a personal access token on that Platform. */
export function tokensPageUrl(apiUrl: string): string {
  return `${webUrlFromApiUrl(apiUrl)}/tokens`;
}
