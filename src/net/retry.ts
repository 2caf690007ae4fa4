import { fullJitter, nthDelay } from '../schedule/backoff';
import { CancelledError } from './errors';

/**
 * When and how long to wait before retrying a request. Pure functions plus an
 * abortable sleep, so the backoff can be tested without real time passing.
 */
export interface RetryPolicy {
  /** Total attempts including the first one. 1 disables retries. */
  maxAttempts: number;
  /** Upper bound of the first backoff window; doubles each attempt. */
  baseDelayMs: number;
  /** Cap of one backoff window. */
  maxDelayMs: number;
  /** Longest Retry-After we are willing to wait; a longer one ends the retries. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 300,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Methods that can be repeated without changing the outcome (RFC 9110 §9.2.2). */
export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE' || method === 'OPTIONS';
}

/** Statuses a gateway or an overloaded server returns for a request it did not process. */
export function isRetryableStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

/**
 * "Full jitter" exponential backoff: a random delay in [0, min(cap, base·2^n)].
 * `attempt` is the number of attempts already made (1 after the first failure).
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  return fullJitter(nthDelay({ initialMs: policy.baseDelayMs, factor: 2, maxMs: policy.maxDelayMs }, attempt), random);
}

/**
 * Parses a Retry-After header: delta seconds or an HTTP date. Returns
 * milliseconds from `now`, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A real, abortable sleep. Rejects with the signal's reason (a CancelledError) when aborted. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The error a cancelled operation rejects with: the signal's reason if it is a CancelledError. */
export function abortReason(signal: AbortSignal | undefined): CancelledError {
  const reason: unknown = signal?.reason;
  return reason instanceof CancelledError ? reason : new CancelledError();
}

/**
 * Waits for `promise` as long as `signal` wants it: rejects with CancelledError when the signal aborts first,
 * while the work itself goes on for whoever else waits for it (a request shared by several callers).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
