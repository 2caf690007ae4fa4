import { HttpClient } from './http';
import { logHttpEvents, type HttpLog } from './httpLog';
import { hostTransport } from './transport';

/**
 * The extension's one HTTP client, created once at activation: VS Code's own
 * fetch as the transport (proxies, proxy authentication, OS certificates and the
 * http.* settings work as they do for VS Code), the request log on `log`.
 * VS Code reads those settings on each request, so nothing here listens for
 * their changes. `systemCertificates` reports `http.systemCertificates`, which
 * decides whether the CA list kept for NODE_EXTRA_CA_CERTS holds the OS store.
 */
export function createExtensionHttpClient(log: HttpLog, userAgent: string, systemCertificates: () => boolean): HttpClient {
  const transport = hostTransport({ systemCertificates, onWarning: (m) => log.warn(m) });
  return new HttpClient({ transport, userAgent, onEvent: logHttpEvents(log) });
}
