import { Agent, fetch as undiciFetch } from 'undici';
import type { Transport } from './transport';

/**
 * undici as the transport, for plain Node: the unit tests, the benchmarks and the
 * emulator tooling. Never imported by the extension (the production bundle must
 * not carry undici; test/unit/packaging.test.ts checks). One keep-alive pool per
 * transport; proxies and extra CAs are the host's business (Node reads
 * NODE_EXTRA_CA_CERTS into its default store at start-up).
 */
export interface UndiciTransportOptions {
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs?: number;
}

export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  const agent = new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 16,
  });
  return {
    name: 'undici',
    fetch: (url, init) => undiciFetch(url, { ...init, dispatcher: agent }),
    close: () => agent.close(),
  };
}
