import { HttpError, json, type Reply } from '../http';

/**
 * Wave's error answers, as its code produces them:
 * - its own exceptions go through `ErrorController` + `ErrorHandler`: a Micronaut
 *   `JsonError` with only `message` (400 for `BadRequestException`, 404
 *   `NotFoundException`, 408 `BuildTimeoutException`, 429 `SlowDownException`);
 * - anything else (a body Jackson cannot bind, an enum value it does not know,
 *   malformed JSON, a bug) is a 500 whose message ends with " - Error ID: <hex>",
 *   first line only, Jackson internals and quoted input stripped;
 * - routes that match nothing, wrong methods and controllers answering
 *   `HttpResponse.notFound()` with no body get Micronaut's own HATEOAS body
 *   (`message`, `_links.self`, `_embedded.errors`).
 */

/** An exception Wave's ErrorHandler does not know (a Jackson binding failure, a null dereference): 500 with an Error ID. */
export class ServerFault extends Error {}

/** `BuildTimeoutException` → 408. */
export const buildTimeout = (message: string): HttpError => new HttpError(408, message);

/** Micronaut's default body for a status without a body of its own. */
export function micronautError(status: number, path: string, detail?: string): Reply {
  const reason = status === 404 ? 'Not Found' : status === 405 ? 'Method Not Allowed' : status === 415 ? 'Unsupported Media Type' : 'Bad Request';
  const body: Record<string, unknown> = { message: reason, _links: { self: { href: path, templated: false } } };
  if (detail !== undefined) body._embedded = { errors: [{ message: detail }] };
  return json(status, body);
}

/** `HttpResponse.notFound()` from a controller: no body of its own, so Micronaut's. */
export class EmptyNotFound extends Error {}
export const emptyNotFound = (): EmptyNotFound => new EmptyNotFound('not found');

let counter = 0;
/** An id like `LongRndKey.rndHex()` (hex of a long). */
export function errorId(): string {
  counter = (counter + 1) % 0xffff;
  return (Date.now() * 0x10000 + counter).toString(16).slice(-16).padStart(16, '0');
}

/** `ErrorHandler.sanitizeErrorMessage`: first line, no "…due to:", no Jackson source/reference chain, no quoted input, no tags. */
export function sanitize(message: string): string {
  let m = (message.split('\n')[0] ?? '').trim();
  const due = m.indexOf('due to:');
  if (due >= 0) m = m.slice(due + 7).trim();
  m = m.replace(/\s*at \[Source:.*/, '').replace(/\(through reference chain:.*?\)/g, '');
  m = m.replace(/(value of type\s.{0,200}?)from String ".*?":?\s*/, '$1');
  m = m.replace(/<[^>]+>/g, '').replace(/\s{2,}/g, ' ').trim();
  return m || 'Unexpected error';
}

export function serverError(message: string): Reply {
  return json(500, { message: `${sanitize(message)} - Error ID: ${errorId()}` });
}

/** What Jackson says for an enum value it does not know (as it reaches the client, sanitized). */
export function enumError(type: string, field: string, value: string, allowed: readonly string[]): ServerFault {
  return new ServerFault(
    `Failed to convert argument [req] for value [null] due to: Cannot deserialize value of type \`${type}\` from String "${value}": not one of the values accepted for Enum class: [${allowed.join(', ')}]\n at [Source: REDACTED] (through reference chain: io.seqera.wave.api.SubmitContainerTokenRequest["${field}"])`,
  );
}

/** Maps whatever a Wave handler threw to Wave's answer. */
export function waveErrorReply(e: unknown, path: string): Reply {
  if (e instanceof EmptyNotFound) return micronautError(404, path);
  if (e instanceof HttpError) {
    if (!e.withBody) return { status: e.status, headers: e.headers };
    return json(e.status, { message: e.message }, e.headers);
  }
  if (e instanceof ServerFault) return serverError(e.message);
  console.error(`[emulator wave] ${path} failed:`, e);
  return serverError(e instanceof Error ? e.message : String(e));
}
