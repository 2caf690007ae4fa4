import * as vscode from 'vscode';
import { withCancellableProgress, type ProgressReporter } from '../ui/progress';

/**
 * What the Wave build commands show and ask, behind one object whose
 * functions integration tests replace (through the test rig) to read the
 * progress messages, answer a result message's buttons and a pick, and catch
 * what is copied. The extension uses `vscodeWaveUi()`.
 */
export interface WaveUi {
  /** Long work under a cancellable notification; the signal aborts when the user cancels. */
  progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Thenable<T>;
  /** A message with buttons; resolves with the chosen one (undefined: dismissed). */
  message(kind: 'info' | 'error', text: string, ...actions: string[]): Thenable<string | undefined>;
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: { title: string; placeHolder?: string }): Thenable<T | undefined>;
  /** Several items; resolves [] when none is chosen, undefined when cancelled. */
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: { title: string }): Thenable<readonly T[] | undefined>;
  input(options: { title: string; prompt?: string; value?: string; placeHolder?: string; validate?: (value: string) => string | undefined }): Thenable<string | undefined>;
  copy(text: string): Thenable<void>;
  openExternal(url: string): Thenable<boolean>;
}

export function vscodeWaveUi(): WaveUi {
  return {
    progress: (title, task) => withCancellableProgress(title, task),
    message: (kind, text, ...actions) => (kind === 'info' ? vscode.window.showInformationMessage(text, ...actions) : vscode.window.showErrorMessage(text, ...actions)),
    pick: (items, options) => vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeHolder, ignoreFocusOut: true }),
    pickMany: (items, options) => vscode.window.showQuickPick(items, { title: options.title, canPickMany: true, ignoreFocusOut: true }),
    input: (o) => vscode.window.showInputBox({ title: o.title, prompt: o.prompt, value: o.value, placeHolder: o.placeHolder, ignoreFocusOut: true, validateInput: o.validate }),
    copy: (text) => vscode.env.clipboard.writeText(text),
    openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url)),
  };
}
