import { format } from 'node:util';

/**
 * One recorder of unhandled promise rejections for the whole integration run:
 * the entry (index.ts) installs it before mocha loads a test file, and a root
 * `afterAll` hook fails the run when any was recorded. It lives in the extension
 * host, so it sees rejections of the extension, of the tests and of VS Code's
 * own extension-host code alike. No rejection is filtered out: a rejection whose
 * stack lies wholly inside VS Code can still be ours (an API promise the
 * extension dropped without a catch rejects with VS Code's stack only), so
 * nothing about a stack proves it is not ours.
 *
 * A test that rejects on purpose (the fault suite's check that this hook works)
 * takes its rejection back with `claim`, so only unexpected ones count.
 */
export interface RecordedRejection {
  /** Position in the run, from 1. */
  seq: number;
  reason: unknown;
  /** The mocha test (or hook) running when Node reported it, if known. */
  during: string | undefined;
  /** Milliseconds after Node reported it unhandled that a handler was attached, if one ever was. */
  handledAfterMs?: number;
}

const recorded: RecordedRejection[] = [];
const byPromise = new WeakMap<Promise<unknown>, { entry: RecordedRejection; at: number }>();
let seq = 0;
let installed = false;
let currentTitle: () => string | undefined = () => undefined;

function onUnhandled(reason: unknown, promise: Promise<unknown>): void {
  // Mocha's own listener re-emits rejections it does not own on `process`: one promise, one record.
  if (byPromise.has(promise)) return;
  const entry: RecordedRejection = { seq: ++seq, reason, during: currentTitle() };
  recorded.push(entry);
  byPromise.set(promise, { entry, at: Date.now() });
}

function onHandledLater(promise: Promise<unknown>): void {
  // VS Code's own listener attaches a catch after one second to log the rejection;
  // this only helps tell a late handler from none in the report, it forgives nothing.
  const seen = byPromise.get(promise);
  if (seen && seen.entry.handledAfterMs === undefined) seen.entry.handledAfterMs = Date.now() - seen.at;
}

/** Starts recording (once per extension host); `title` names the running test for the report. */
export function installRejectionRecorder(title?: () => string | undefined): void {
  if (title) currentTitle = title;
  if (installed) return;
  installed = true;
  process.on('unhandledRejection', onUnhandled);
  process.on('rejectionHandled', onHandledLater);
}

export function isRecording(): boolean {
  return installed;
}

/** Rejections recorded so far and not claimed. */
export function recordedRejections(): readonly RecordedRejection[] {
  return recorded.slice();
}

/** A mark to pass to `rejectionsSince`: what a test or suite caused. */
export function rejectionMark(): number {
  return seq;
}

export function rejectionsSince(mark: number): RecordedRejection[] {
  return recorded.filter((r) => r.seq > mark);
}

/** Removes and returns the recorded rejections whose reason matches: ones a test caused on purpose. */
export function claimRejections(matches: (reason: unknown) => boolean): RecordedRejection[] {
  const claimed = recorded.filter((r) => matches(r.reason));
  for (const r of claimed) recorded.splice(recorded.indexOf(r), 1);
  return claimed;
}

/**
 * Lets Node report what is pending: it reports an unhandled rejection once the
 * microtasks of the macrotask that rejected it have run, so after one
 * setImmediate every promise that rejected before this call has been reported.
 */
export function flushRejections(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function describeRejection(r: RecordedRejection): string {
  const reason = r.reason;
  const what = reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : `a non-Error reason: ${format('%o', reason)}`;
  const when = r.during ? `during "${r.during}"` : 'outside any test (start-up, a file loading, or between tests)';
  const handled = r.handledAfterMs === undefined ? 'never handled' : `a handler came ${r.handledAfterMs} ms later`;
  return `#${r.seq} ${when}, ${handled}:\n${what}`;
}

/** Throws, listing each with its stack, when any rejection is recorded. */
export function assertNoUnhandledRejections(): void {
  if (recorded.length === 0) return;
  const lines = recorded.map(describeRejection).join('\n\n');
  throw new Error(`${recorded.length} unhandled promise rejection(s) in the extension host during the integration run:\n\n${lines}`);
}
