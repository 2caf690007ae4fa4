/**
 * Errors raised by the HTTP layer and the clients built on it. They carry a
 * short message meant for a person, a kind that commands and views map to
 * actions (Sign in, Retry, ...), and never a token: messages are built from
 * the server's `message` field and the request path, never from headers.
 */
export type SeqeraErrorKind =
  | 'auth' // 401: token missing or rejected
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'conflict' // 409
  | 'badRequest' // 400 / 422
  | 'rateLimited' // 429, or 503 with Retry-After
  | 'server' // other 5xx
  | 'network' // DNS, reset, TLS, proxy, timeout
  | 'invalidResponse' // body that is not the JSON we expect
  | 'input' // the user's input (a file, a setting) is wrong; no request was sent
  | 'cancelled'; // the user cancelled

/** A place in a file, as an editor counts it: 0-based line and UTF-16 character. */
export interface SourcePosition {
  line: number;
  character: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/**
 * One refusal at a place in the user's file (a YAML error, a Dockerfile line):
 * what the editor shows as a Problem there. `message` is the refusal without
 * its `file:line:col:` prefix, which the Problems panel shows by itself.
 */
export interface SourceProblem {
  range: SourceRange;
  message: string;
}

export interface SeqeraErrorOptions {
  status?: number;
  /** Milliseconds the server asked us to wait (Retry-After), when it said so. */
  retryAfterMs?: number;
  /** Extra detail for the log, never shown in a toast. Must not contain a token. */
  detail?: string;
  cause?: unknown;
  /** Where in the user's file the refusal points (kind `input`), when it has a place. */
  problems?: readonly SourceProblem[];
}

export class SeqeraError extends Error {
  readonly kind: SeqeraErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly detail: string | undefined;
  readonly problems: readonly SourceProblem[];

  constructor(kind: SeqeraErrorKind, message: string, options: SeqeraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SeqeraError';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail;
    this.problems = options.problems ?? [];
  }
}

/** An error caused by the user's input (a file, a setting, a name). No request was sent. */
export function inputError(message: string, detail?: string): SeqeraError {
  return new SeqeraError('input', message, { detail });
}

/** An input error at places in the user's file: the message says `file:line:col: …`, each problem holds its range. */
export function inputErrorAt(message: string, problems: readonly SourceProblem[]): SeqeraError {
  return new SeqeraError('input', message, { problems });
}

export class CancelledError extends SeqeraError {
  constructor(message = 'Cancelled.') {
    super('cancelled', message);
    this.name = 'CancelledError';
  }
}

export function isCancellation(e: unknown): boolean {
  if (e instanceof SeqeraError) return e.kind === 'cancelled';
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'Canceled' || e.name === 'CancellationError');
}
