import type * as vscode from 'vscode';

/** Resolves with the next event that matches (tests and commands await state changes with it, never a sleep). */
export function nextEvent<T>(event: vscode.Event<T>, match: (e: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const d = event((e) => {
      if (match(e)) {
        d.dispose();
        resolve(e);
      }
    });
  });
}
