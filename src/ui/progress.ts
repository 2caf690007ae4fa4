import * as vscode from 'vscode';
import { CancelledError } from '../net/errors';

/** Turns a VS Code CancellationToken into an AbortSignal that HTTP requests honour. */
export function toAbortSignal(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort(new CancelledError());
  const sub = token.onCancellationRequested(() => controller.abort(new CancelledError()));
  return { signal: controller.signal, dispose: () => sub.dispose() };
}

export type ProgressReporter = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Runs long work under a cancellable notification. The task gets an AbortSignal
 * wired to the notification's Cancel button; cancelling rejects with CancelledError,
 * which the command wrapper keeps silent.
 */
export function withCancellableProgress<T>(
  title: string,
  task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>,
  location: vscode.ProgressLocation | { viewId: string } = vscode.ProgressLocation.Notification,
): Thenable<T> {
  return vscode.window.withProgress({ location, title, cancellable: true }, async (progress, token) => {
    const abort = toAbortSignal(token);
    try {
      return await task(progress, abort.signal);
    } finally {
      abort.dispose();
    }
  });
}
