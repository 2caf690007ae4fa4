import type * as vscode from 'vscode';
import { redactSecrets } from '../net/redact';
import type { LogLine } from './redactingLog';

/**
 * A plain output channel (no level, no timestamp on each line), for text shown
 * as a tool wrote it, such as a Wave build's log. Every line passes
 * `redactSecrets` before VS Code sees it; listeners (`onDidWrite`) get each
 * redacted line, which is what the tests' transcripts and the token-leak test
 * read. The extension's own log stays a LogOutputChannel (`RedactingLog`).
 */
export class RedactingChannel implements vscode.OutputChannel {
  private readonly listeners = new Set<(line: LogLine) => void>();

  constructor(private readonly inner: vscode.OutputChannel) {}

  get name(): string {
    return this.inner.name;
  }

  onDidWrite(listener: (line: LogLine) => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private emit(text: string): string {
    const redacted = redactSecrets(text);
    for (const l of this.listeners) {
      try {
        l({ level: 'raw', text: redacted });
      } catch {
        // a listener must not break the channel
      }
    }
    return redacted;
  }

  append(value: string): void {
    this.inner.append(this.emit(value));
  }
  appendLine(value: string): void {
    this.inner.appendLine(this.emit(value));
  }
  replace(value: string): void {
    this.inner.replace(this.emit(value));
  }
  clear(): void {
    this.inner.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.inner.show(columnOrPreserveFocus);
    else this.inner.show(columnOrPreserveFocus, preserveFocus);
  }
  hide(): void {
    this.inner.hide();
  }
  dispose(): void {
    this.listeners.clear();
    this.inner.dispose();
  }
}
