import type * as vscode from 'vscode';

/**
 * A minimal event emitter with VS Code's `Event<T>` signature, so stores can
 * fire events without a runtime dependency on `vscode` and be unit-tested in
 * plain Node. A throwing listener does not stop the others.
 */
export class Emitter<T> implements vscode.Disposable {
  private listeners = new Set<(e: T) => unknown>();

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const bound = (e: T): unknown => listener.call(thisArgs, e);
    this.listeners.add(bound);
    const disposable = { dispose: () => void this.listeners.delete(bound) };
    if (Array.isArray(disposables)) disposables.push(disposable);
    return disposable;
  };

  fire(e: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        console.error('Seqera: event listener failed', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
