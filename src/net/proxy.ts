import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

/**
 * How requests reach the network. The caller (src/config) reads VS Code's
 * `http.proxy`, `http.proxyStrictSSL` and `http.noProxy`; this module only turns
 * them, and the HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment variables, into
 * an undici dispatcher.
 */
export interface ProxyOptions {
  /** Explicit proxy for both http and https targets; overrides HTTP(S)_PROXY. */
  proxyUrl?: string;
  /** false accepts any server certificate (VS Code's `http.proxyStrictSSL: false`). Default true. */
  strictSSL?: boolean;
  /** Hosts that bypass the proxy; overrides NO_PROXY. Same syntax as NO_PROXY entries. */
  noProxy?: readonly string[];
}

export interface DispatcherOptions extends ProxyOptions {
  /** Environment to read proxy variables and NODE_EXTRA_CA_CERTS from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Extra PEM certificates to trust besides the system roots. */
  extraCaCerts?: readonly string[];
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs?: number;
}

/**
 * The certificate authorities to trust, or undefined for Node's default store.
 * Node reads NODE_EXTRA_CA_CERTS once at start-up into its default store, which
 * undici uses when no `ca` is given. We still load the file ourselves, joined
 * with the bundled roots, so the certificates apply even when the variable was
 * set after start-up or the host process dropped it, and so callers can add
 * their own. An unreadable file is reported through `onWarning`, not thrown.
 */
export function trustedCertificates(
  env: NodeJS.ProcessEnv,
  extra: readonly string[] = [],
  onWarning: (message: string) => void = () => undefined,
): string[] | undefined {
  const certs = [...extra];
  const file = env.NODE_EXTRA_CA_CERTS;
  if (file) {
    try {
      certs.push(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      onWarning(`NODE_EXTRA_CA_CERTS file ${file} could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return certs.length > 0 ? [...tls.rootCertificates, ...certs] : undefined;
}

function pick(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** True when a proxy would be configured for some target: explicit option or environment. */
export function proxyConfigured(options: ProxyOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(options.proxyUrl || pick(env, 'https_proxy') || pick(env, 'http_proxy'));
}

/**
 * One keep-alive dispatcher for the whole extension: a plain Agent, or an
 * EnvHttpProxyAgent (which applies NO_PROXY per request) when any proxy applies.
 */
export function createDispatcher(
  options: DispatcherOptions = {},
  onWarning?: (message: string) => void,
): Dispatcher {
  const env = options.env ?? process.env;
  const ca = trustedCertificates(env, options.extraCaCerts, onWarning);
  const tlsOptions: tls.ConnectionOptions = {
    rejectUnauthorized: options.strictSSL !== false,
    ...(ca ? { ca } : {}),
  };
  const agentOptions = {
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 16,
    connect: tlsOptions,
  };
  if (!proxyConfigured(options, env)) return new Agent(agentOptions);

  const httpProxy = options.proxyUrl ?? pick(env, 'http_proxy');
  const httpsProxy = options.proxyUrl ?? pick(env, 'https_proxy') ?? httpProxy;
  const noProxy = options.noProxy && options.noProxy.length > 0 ? options.noProxy.join(',') : (pick(env, 'no_proxy') ?? '');
  return new EnvHttpProxyAgent({
    ...agentOptions,
    // An empty string tells undici "no proxy for this scheme" instead of falling back to process.env.
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? '',
    noProxy,
    requestTls: tlsOptions,
    proxyTls: tlsOptions,
  });
}
