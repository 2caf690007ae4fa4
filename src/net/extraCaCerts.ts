import * as fs from 'node:fs';
import * as tls from 'node:tls';

/**
 * Keeps NODE_EXTRA_CA_CERTS working under VS Code's fetch.
 *
 * VS Code's fetch (@vscode/proxy-agent's fetch patch) trusts the OS certificate
 * store by handing undici an explicit CA list: the public roots plus the OS
 * store. Node leaves NODE_EXTRA_CA_CERTS out of any explicit list (it only
 * extends Node's default store), so with `http.systemCertificates` on (the
 * default) VS Code's own fetch no longer trusts those certificates. The same
 * patch takes the CA list of a dispatcher that the request names instead (its
 * support for extensions that bring their own undici Agent), and still resolves
 * the proxy for it. So when NODE_EXTRA_CA_CERTS is set, each request names a
 * dispatcher carrying the public roots, the OS store (while VS Code would add
 * it) and the extra file. Without VS Code's patch (plain Node, or
 * `http.fetchAdditionalSupport: false`) that dispatcher just hands the request to
 * Node's default dispatcher, whose store already holds NODE_EXTRA_CA_CERTS.
 *
 * The shape VS Code reads is undici's Agent's: a property keyed by a symbol
 * described 'options', holding `connect.ca`. No undici is bundled for it.
 */
export interface ExtraCaOptions {
  env?: NodeJS.ProcessEnv;
  /** Whether VS Code adds the OS store to its fetch (`http.systemCertificates`), asked on every request. */
  systemCertificates?: () => boolean;
  /** Told once when the NODE_EXTRA_CA_CERTS file cannot be read. */
  onWarning?: (message: string) => void;
}

/** What a fetch init's `dispatcher` needs to be for Node's fetch: something with `dispatch`. */
export interface CaCarrier {
  dispatch(options: unknown, handler: unknown): boolean;
}

/** Node's default undici dispatcher, shared by Node's fetch and undici under this well-known key. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const OPTIONS = Symbol('options');

/** Returns a function giving the dispatcher to name in each request, or undefined when NODE_EXTRA_CA_CERTS is not set. */
export function extraCaDispatcher(options: ExtraCaOptions = {}): (() => CaCarrier | undefined) | undefined {
  const file = (options.env ?? process.env).NODE_EXTRA_CA_CERTS?.trim();
  if (!file) return undefined;
  let extra: string | undefined;
  let warned = false;
  const carriers = new Map<boolean, CaCarrier>();
  return () => {
    if (extra === undefined) {
      try {
        extra = fs.readFileSync(file, 'utf8');
      } catch (e) {
        if (!warned) options.onWarning?.(`NODE_EXTRA_CA_CERTS names ${file}, which cannot be read: ${e instanceof Error ? e.message : String(e)}`);
        warned = true;
        return undefined;
      }
    }
    const withSystem = options.systemCertificates?.() ?? true;
    let carrier = carriers.get(withSystem);
    if (!carrier) {
      carrier = caCarrier([...tls.rootCertificates, ...(withSystem ? systemCertificates() : []), extra]);
      carriers.set(withSystem, carrier);
    }
    return carrier;
  };
}

function caCarrier(ca: string[]): CaCarrier {
  return {
    [OPTIONS]: { connect: { ca } },
    dispatch(opts: unknown, handler: unknown): boolean {
      const fallback = (globalThis as Record<symbol, CaCarrier | undefined>)[GLOBAL_DISPATCHER];
      if (!fallback) throw new Error("Node's default HTTP dispatcher is not available.");
      return fallback.dispatch(opts, handler);
    },
  } as CaCarrier;
}

/** The OS store as VS Code reads it on Node ≥ 22.15 (`tls.getCACertificates('system')`); none on older Node. */
function systemCertificates(): string[] {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  try {
    return get ? get('system') : [];
  } catch {
    return [];
  }
}
