import { SeqeraError } from './errors';

/**
 * Classifies the errors a fetch (VS Code's or undici's) and Node's sockets throw
 * before or while a response arrives, into a SeqeraError of kind 'network' with a plain message,
 * plus the two facts the retry loop needs.
 */
export interface NetworkFailure {
  error: SeqeraError;
  /** Worth retrying an idempotent request (false for certificate problems). */
  transient: boolean;
  /** The request certainly never reached the server, so even a POST may be repeated. */
  notSent: boolean;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

/** The messages of an error and its causes: fetch wraps the socket's error as `cause`. */
function messagesOf(e: unknown): string {
  const out: string[] = [];
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    out.push(cur instanceof Error ? cur.message : String(cur));
    cur = (cur as { cause?: unknown }).cause;
  }
  return out.join(': ');
}

function codeOf(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyNetworkError(e: unknown, method: string, url: URL): NetworkFailure {
  const code = codeOf(e) ?? 'UNKNOWN';
  const host = url.host;
  const raw = messagesOf(e);
  const detail = `${method} ${host}${url.pathname}: ${code} ${raw}`;
  const make = (message: string, transient: boolean, notSent: boolean): NetworkFailure => ({
    error: new SeqeraError('network', message, { detail, cause: e }),
    transient,
    notSent,
  });

  if (TLS_CODES.test(code)) {
    return make(
      `The certificate of ${host} is not trusted (${code}). If a corporate proxy or CA signs it, add that CA to the operating system's certificate store (VS Code reads it while http.systemCertificates is on) or point NODE_EXTRA_CA_CERTS at the CA file.`,
      false,
      true,
    );
  }
  if (/Proxy response \((\d+)\)/.test(raw)) {
    const status = /Proxy response \((\d+)\)/.exec(raw)?.[1];
    return make(`The proxy refused to connect to ${host} (status ${status}). Check http.proxy, HTTPS_PROXY or the proxy's credentials.`, status !== '407', true);
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make(`Cannot find the host ${url.hostname}. Check the endpoint URL and your network.`, true, true);
    case 'ECONNREFUSED':
      return make(`${host} refused the connection. Check the endpoint URL, proxy and network.`, true, true);
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return make(`Connecting to ${host} timed out.`, true, code === 'UND_ERR_CONNECT_TIMEOUT');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make(`${host} is unreachable from this network.`, true, true);
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return make(`${host} stopped answering (timeout).`, true, false);
    default:
      return make(`The connection to ${host} failed (${code}).`, true, false);
  }
}
