import { extraCaDispatcher, type ExtraCaOptions } from './extraCaCerts';

/**
 * The one thing the HTTP layer (./http) takes from its host: a `fetch`. Inside
 * VS Code that is VS Code's own fetch (`hostTransport`), which resolves proxies
 * (settings, environment, PAC, OS), answers proxy authentication and trusts the
 * OS certificate store as VS Code does. In plain Node (unit tests, benchmarks,
 * emulator tooling) it is undici (./undiciTransport). The layer never follows
 * redirects (`redirect: 'manual'`), so a token never travels to another origin.
 */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal: AbortSignal;
  redirect: 'manual';
}

/** The part of a WHATWG Response the layer reads. */
export interface FetchResponse {
  status: number;
  headers: { forEach(callback: (value: string, name: string) => void): void };
  body: ReadableStream<Uint8Array> | null;
}

export type Fetch = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface Transport {
  /** For the log and the benchmarks: which network stack answers. */
  readonly name: string;
  fetch: Fetch;
  /** Releases pooled connections, when the transport owns any. */
  close?(): Promise<void>;
}

/**
 * The host process's global fetch, looked up on every request. In the extension
 * host VS Code replaces `globalThis.fetch` with its patched one (setting
 * `http.fetchAdditionalSupport`, on by default), which is why this must not be
 * captured once at import time. With NODE_EXTRA_CA_CERTS set, each request also
 * names the dispatcher that keeps those certificates trusted (./extraCaCerts).
 */
export function hostTransport(options: ExtraCaOptions = {}): Transport {
  const dispatcher = extraCaDispatcher(options);
  return {
    name: 'host fetch',
    fetch: (url, init) => {
      const carrier = dispatcher?.();
      const withDispatcher = carrier ? { ...init, dispatcher: carrier } : init;
      return globalThis.fetch(url, withDispatcher as RequestInit) as Promise<FetchResponse>;
    },
  };
}
