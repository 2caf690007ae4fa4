import type { HttpEvent } from './http';
import { redactSecrets } from './redact';

/** The slice of a LogOutputChannel the HTTP layer writes to. */
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

/** The `onEvent` sink that writes the layer's story to a log: successes at trace, failures as warnings. */
export function logHttpEvents(log: HttpLog): (e: HttpEvent) => void {
  return (e) => (e.error !== undefined ? log.warn(formatHttpEvent(e)) : log.trace(formatHttpEvent(e)));
}
