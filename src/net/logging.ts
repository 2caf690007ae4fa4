import { HttpClient, type HttpEvent } from './http';
import type { DispatcherOptions } from './proxy';
import { redactSecrets } from './redact';

/** The slice of a LogOutputChannel the transport writes to. */
export interface HttpLog {
  trace(message: string): void;
  warn(message: string): void;
}

/** One line per attempt: trace for successes, warn for failures (with the retry delay). */
export function formatHttpEvent(e: HttpEvent): string {
  const outcome = e.error !== undefined ? `failed${e.status ? ` ${e.status}` : ''}: ${e.error}` : `${e.status ?? ''}`;
  const retry = e.retryInMs !== undefined ? `; retry in ${e.retryInMs} ms` : '';
  return redactSecrets(`${e.method} ${e.url} #${e.attempt} ${outcome} (${Math.round(e.durationMs)} ms)${retry}`);
}

export function createHttpClient(log: HttpLog, network: DispatcherOptions, userAgent: string): HttpClient {
  return new HttpClient({
    network,
    userAgent,
    onEvent: (e) => (e.error !== undefined ? log.warn(formatHttpEvent(e)) : log.trace(formatHttpEvent(e))),
    onWarning: (w) => log.warn(redactSecrets(w)),
  });
}
