import { CancelledError, SeqeraError } from './errors';
import { classifyNetworkError } from './networkErrors';
import { redactSecrets } from './redact';
import {
  DEFAULT_RETRY_POLICY,
  abortReason,
  backoffDelay,
  isIdempotent,
  isRetryableStatus,
  parseRetryAfter,
  sleep as realSleep,
  type RetryPolicy,
  type Sleep,
} from './retry';
import { errorForStatus } from './statusErrors';
import type { FetchResponse, Transport } from './transport';

/**
 * The one HTTP layer of the extension, shared by the Platform and Wave clients,
 * on top of a `fetch` chosen where the client is created (./transport: VS
 * Code's fetch in the extension host, undici in plain Node). A deadline per
 * attempt; cancellation through AbortSignal (→ CancelledError); retries with
 * jittered exponential backoff and Retry-After for idempotent requests; no
 * redirect followed (a 3xx is an error, so the token never reaches another
 * origin); every failure mapped to a SeqeraError whose text never contains a
 * token. No `vscode` import: it runs in plain Node for the unit tests.
 */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface HttpRequest {
  method?: HttpMethod;
  url: URL | string;
  headers?: Readonly<Record<string, string>>;
  /** A raw body. Use `json` for JSON. */
  body?: string | Uint8Array;
  /** Serialised as the JSON body, with the content type set. */
  json?: unknown;
  signal?: AbortSignal;
  /** Deadline of one attempt, from sending to the last body byte. */
  timeoutMs?: number;
  /** Overrides of the client's retry policy for this request (`{ maxAttempts: 1 }` disables retries). */
  retry?: Partial<RetryPolicy>;
  /**
   * POST and PATCH are never retried blindly. 'never' (default): not at all.
   * 'safe': only when the request certainly was not processed (connection
   * refused, host not found, 429).
   */
  retryPost?: 'never' | 'safe';
  /** Largest body we read; more is an 'invalidResponse'. */
  maxBodyBytes?: number;
  /** Also keep the body's bytes (`HttpResponse.bytes`): images. */
  binary?: boolean;
  /** Sees every answer the server gave (any status, before it is accepted or retried): e.g. its `Date` header. */
  onResponse?: (res: HttpResponse) => void;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body as sent, when the request asked for `binary`. */
  bytes?: Uint8Array;
}

/** One line of the transport's story, for the log. Carries no headers and no body. */
export interface HttpEvent {
  method: string;
  url: string;
  attempt: number;
  durationMs: number;
  status?: number;
  error?: string;
  /** Set when another attempt follows after this many milliseconds. */
  retryInMs?: number;
}

export interface HttpClientOptions {
  /** Who sends the bytes. Closed by `close()`. */
  transport: Transport;
  userAgent?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  maxBodyBytes?: number;
  /** Injectable for tests: the backoff sleep, the jitter source and the clock (for Retry-After dates). */
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  onEvent?: (event: HttpEvent) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY = 32 * 1024 * 1024;

type Attempt<T> =
  | { ok: true; value: T; status: number }
  | { ok: false; error: SeqeraError; retryable: boolean; retryAfterMs?: number };

export class HttpClient {
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: HttpClientOptions) {
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Which network stack answers (for the log and the benchmarks). */
  get transportName(): string {
    return this.options.transport.name;
  }

  async close(): Promise<void> {
    await this.options.transport.close?.();
  }

  /**
   * Sends a request; resolves with any 2xx response, throws a SeqeraError otherwise. One exception: a DELETE
   * whose retry answers 404 resolves (with that 404): the earlier attempt, whose answer was lost, deleted it.
   */
  request(req: HttpRequest): Promise<HttpResponse> {
    return this.send(req, (res) => res);
  }

  /**
   * Sends a request and parses the 2xx body as JSON, then narrows it with
   * `check` (which throws a SeqeraError 'invalidResponse' when the shape is wrong).
   * An unreadable body (HTML, cut off) counts as a transient failure for
   * idempotent requests; a readable body of the wrong shape does not.
   */
  async json<T>(req: HttpRequest, check: (value: unknown) => T): Promise<T> {
    return check(await this.send(req, parseJsonBody));
  }

  private async send<T>(req: HttpRequest, accept: (res: HttpResponse, url: URL) => T): Promise<T> {
    const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
    const method = req.method ?? 'GET';
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...this.options.retry, ...req.retry };
    const secrets = requestSecrets(req);
    const idempotent = isIdempotent(method);
    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw abortReason(req.signal);
      const started = this.now();
      const result = await this.attempt(req, method, url, accept, idempotent, attempt);
      const durationMs = this.now() - started;
      if (result.ok) {
        this.emit({ method, url: printable(url), attempt, durationMs, status: result.status });
        return result.value;
      }
      const error = scrub(result.error, secrets);
      let delay: number | undefined;
      if (result.retryable && attempt < policy.maxAttempts) {
        if (result.retryAfterMs === undefined) delay = backoffDelay(attempt, policy, this.random);
        else if (result.retryAfterMs <= policy.maxRetryAfterMs) delay = result.retryAfterMs;
      }
      this.emit({ method, url: printable(url), attempt, durationMs, status: error.status, error: error.message, retryInMs: delay });
      if (delay === undefined) throw error;
      await this.sleep(delay, req.signal);
    }
  }

  private async attempt<T>(
    req: HttpRequest,
    method: HttpMethod,
    url: URL,
    accept: (res: HttpResponse, url: URL) => T,
    idempotent: boolean,
    attemptNo: number,
  ): Promise<Attempt<T>> {
    const controller = new AbortController();
    let timedOut = false;
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new SeqeraError('network', `${url.host} did not answer within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    const onAbort = (): void => controller.abort(abortReason(req.signal));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const mayRetryPost = req.retryPost === 'safe';
    try {
      const res = await this.exchange(req, method, url, controller.signal);
      req.onResponse?.(res);
      if (res.status >= 200 && res.status < 300) {
        try {
          return { ok: true, value: accept(res, url), status: res.status };
        } catch (e) {
          // A body we cannot read (HTML from a proxy, cut-off JSON) may come out right next time.
          if (e instanceof SeqeraError) return { ok: false, error: e, retryable: idempotent && e.kind === 'invalidResponse' };
          throw e;
        }
      }
      // A DELETE is only repeated after an attempt whose answer we did not get (or a gateway error): a 404 now
      // means that attempt deleted it (or someone else did meanwhile). Either way the resource is gone, as asked.
      if (method === 'DELETE' && attemptNo > 1 && res.status === 404) {
        return { ok: true, value: accept(res, url), status: res.status };
      }
      const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.now());
      const error = errorForStatus({
        method,
        url,
        status: res.status,
        body: res.text,
        contentType: header(res.headers, 'content-type'),
        location: header(res.headers, 'location'),
        retryAfterMs,
      });
      const retryableStatus = isRetryableStatus(res.status) || (res.status === 429 && retryAfterMs !== undefined);
      const retryable = retryableStatus && (idempotent || (mayRetryPost && res.status === 429));
      return { ok: false, error, retryable, retryAfterMs };
    } catch (e) {
      if (req.signal?.aborted) throw abortReason(req.signal);
      if (timedOut) {
        const error = controller.signal.reason instanceof SeqeraError ? controller.signal.reason : new SeqeraError('network', 'Timed out.');
        return { ok: false, error, retryable: idempotent };
      }
      if (e instanceof SeqeraError) return { ok: false, error: e, retryable: false };
      const failure = classifyNetworkError(e, method, url);
      const retryable = failure.transient && (idempotent || (mayRetryPost && failure.notSent));
      return { ok: false, error: failure.error, retryable };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async exchange(req: HttpRequest, method: HttpMethod, url: URL, signal: AbortSignal): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...lowerKeys(req.headers) };
    if (this.options.userAgent) headers['user-agent'] = this.options.userAgent;
    let body: string | Uint8Array | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.options.transport.fetch(url.href, { method, headers, body, signal, redirect: 'manual' });
    const maxBytes = req.maxBodyBytes ?? this.options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const raw = await readBody(res, maxBytes, url);
    const out: HttpResponse['headers'] = {};
    res.headers.forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return { status: res.status, headers: out, text: raw.toString('utf8'), ...(req.binary ? { bytes: raw } : {}) };
  }

  private emit(event: HttpEvent): void {
    try {
      this.options.onEvent?.({ ...event, error: event.error === undefined ? undefined : redactSecrets(event.error) });
    } catch {
      // a logging sink must not break a request
    }
  }
}

/** Reads the body, refusing more than `maxBytes` (the stream is cancelled, not drained). */
async function readBody(res: FetchResponse, maxBytes: number, url: URL): Promise<Buffer> {
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => undefined);
      throw new SeqeraError('invalidResponse', `${url.host} sent a response larger than ${Math.round(maxBytes / 1048576)} MiB.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Parses a 2xx body as JSON; HTML, empty and truncated bodies become clear 'invalidResponse' errors. */
export function parseJsonBody(res: HttpResponse, url: URL): unknown {
  const text = res.text.trim();
  const where = `${url.host}${url.pathname}`;
  const contentType = header(res.headers, 'content-type') ?? '';
  const fail = (message: string): SeqeraError =>
    new SeqeraError('invalidResponse', message, { status: res.status, detail: `${where} content-type=${contentType} bytes=${res.text.length}` });
  if (text === '') throw fail(`${url.host} sent an empty response where JSON was expected (${url.pathname}).`);
  if (text.startsWith('<') || contentType.includes('text/html')) {
    throw fail(
      `${url.host} sent a web page instead of JSON (${url.pathname}). The URL may point at the web app rather than the API (Enterprise API URLs end in /api), or a proxy answered instead of the server.`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw fail(`${url.host} sent an incomplete or malformed JSON response (${url.pathname}).`);
  }
}

function header(headers: HttpResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function lowerKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

/** Origin and path only: the log never needs the query, and must never get a header. */
function printable(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** The secrets this request carries: the bearer token and token-like JSON fields. */
function requestSecrets(req: HttpRequest): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    if (k.toLowerCase() === 'authorization') out.push(v.replace(/^Bearer\s+/i, ''));
  }
  if (req.json && typeof req.json === 'object') {
    for (const [k, v] of Object.entries(req.json as Record<string, unknown>)) {
      if (typeof v === 'string' && /token|password|secret/i.test(k)) out.push(v);
    }
  }
  return out.filter((s) => s.length >= 4);
}

function scrub(error: SeqeraError, secrets: readonly string[]): SeqeraError {
  const clean = (text: string | undefined): string | undefined => {
    if (text === undefined) return undefined;
    let out = text;
    for (const s of secrets) out = out.split(s).join('***');
    return redactSecrets(out);
  };
  const message = clean(error.message) ?? '';
  const detail = clean(error.detail);
  if (message === error.message && detail === error.detail) return error;
  if (error instanceof CancelledError) return error;
  const copy = new SeqeraError(error.kind, message, { status: error.status, retryAfterMs: error.retryAfterMs, detail, cause: error.cause });
  return copy;
}
