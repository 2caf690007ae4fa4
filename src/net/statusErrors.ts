import { SeqeraError } from './errors';

/**
 * Turns a non-2xx response into a SeqeraError with a message a person can act
 * on. The server's `message` field is used when there is one; headers never
 * reach the message, so neither does the token.
 */
export const TOKEN_REJECTED_MESSAGE = 'Seqera rejected the access token. Sign in again.';

export interface StatusContext {
  method: string;
  url: URL;
  status: number;
  body: string;
  contentType: string | undefined;
  /** The Location header of a 3xx answer. */
  location?: string;
  retryAfterMs: number | undefined;
}

const MAX_SERVER_MESSAGE = 400;

/** The `message` (or `error`) field of a JSON error body, trimmed and shortened. */
export function serverMessage(body: string, contentType: string | undefined): string | undefined {
  const text = body.trim();
  if (!text.startsWith('{') && !(contentType ?? '').includes('json')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      for (const key of ['message', 'error', 'detail']) {
        const value = record[key];
        if (typeof value === 'string' && value.trim() !== '') {
          const oneLine = value.trim().replace(/\s+/g, ' ');
          return oneLine.length > MAX_SERVER_MESSAGE ? `${oneLine.slice(0, MAX_SERVER_MESSAGE)}…` : oneLine;
        }
      }
    }
  } catch {
    // not JSON after all
  }
  return undefined;
}

function describe(ctx: StatusContext): string {
  return `${ctx.method} ${ctx.url.host}${ctx.url.pathname} → ${ctx.status}`;
}

function seconds(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s === 1 ? '1 second' : `${s} seconds`;
}

export function errorForStatus(ctx: StatusContext): SeqeraError {
  const fromServer = serverMessage(ctx.body, ctx.contentType);
  const options = { status: ctx.status, detail: describe(ctx), retryAfterMs: ctx.retryAfterMs };
  const host = ctx.url.host;
  const s = ctx.status;
  if (s === 401) return new SeqeraError('auth', TOKEN_REJECTED_MESSAGE, options);
  if (s === 403) {
    return new SeqeraError('forbidden', fromServer ?? `${host} denied access to ${ctx.url.pathname} (403). Check your role in this workspace.`, options);
  }
  if (s === 404) return new SeqeraError('notFound', fromServer ?? `${host} has no ${ctx.url.pathname} (404).`, options);
  if (s === 409) return new SeqeraError('conflict', fromServer ?? `${host} reported a conflict (409).`, options);
  if (s === 400 || s === 422) return new SeqeraError('badRequest', fromServer ?? `${host} refused the request (${s}).`, options);
  if (s === 429) {
    const wait = ctx.retryAfterMs !== undefined ? ` Try again in ${seconds(ctx.retryAfterMs)}.` : ' Try again shortly.';
    return new SeqeraError('rateLimited', `${host} is limiting the request rate (429).${wait}`, options);
  }
  if (s === 503 && ctx.retryAfterMs !== undefined) {
    return new SeqeraError('rateLimited', `${host} is busy (503). Try again in ${seconds(ctx.retryAfterMs)}.`, options);
  }
  if (s >= 300 && s < 400) {
    return new SeqeraError('badRequest', redirectMessage(ctx), options);
  }
  if (s >= 500) {
    const why = fromServer ? `: ${fromServer}` : '. Try again later.';
    return new SeqeraError('server', `${host} failed to answer (${s})${why}`, options);
  }
  return new SeqeraError('badRequest', fromServer ?? `${host} answered with an unexpected status ${s}.`, options);
}

/**
 * Redirects are never followed: a Platform or Wave API does not redirect, and
 * following one could carry the token elsewhere. The message names where it
 * pointed (origin and path only; a query could hold anything).
 */
function redirectMessage(ctx: StatusContext): string {
  const where = `${ctx.url.host} redirected ${ctx.url.pathname} (${ctx.status})`;
  let target: URL | undefined;
  try {
    target = ctx.location ? new URL(ctx.location, ctx.url) : undefined;
  } catch {
    target = undefined;
  }
  const to = target ? ` to ${target.origin === ctx.url.origin ? target.pathname : `${target.origin}${target.pathname}`}` : '';
  return `${where}${to}; requests are not followed to another address. Check the endpoint URL (Enterprise API URLs end in /api).`;
}
