import type * as vscode from 'vscode';
import { redactSecrets } from '../net/redact';

/**
 * The extension's log channel, wrapped so that every line passes through
 * `redactSecrets` before VS Code sees it, whoever writes it and whatever its
 * arguments hold. Extra arguments are formatted here (not by VS Code) so they
 * are redacted too. Listeners (`onDidWrite`) see each redacted line at every
 * level, whatever the channel's level, which is what the token-leak test reads.
 */
export type LogLine = { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'raw'; text: string };

function format(message: string | Error, args: readonly unknown[]): string {
  const head = message instanceof Error ? `${message.message}${message.stack ? `\n${message.stack}` : ''}` : message;
  const rest = args.map((a) => {
    if (a instanceof Error) return a.stack ?? a.message;
    if (typeof a === 'string') return a;
    try {
      return JSON.stringify(a);
    } catch {
      return String(a);
    }
  });
  return redactSecrets([head, ...rest].join(' '));
}

export class RedactingLog implements vscode.LogOutputChannel {
  private readonly listeners = new Set<(line: LogLine) => void>();

  constructor(private readonly inner: vscode.LogOutputChannel) {}

  get name(): string {
    return this.inner.name;
  }
  get logLevel(): vscode.LogLevel {
    return this.inner.logLevel;
  }
  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.inner.onDidChangeLogLevel;
  }

  /** Subscribes to every line written (already redacted). */
  onDidWrite(listener: (line: LogLine) => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private emit(level: LogLine['level'], text: string): string {
    for (const l of this.listeners) {
      try {
        l({ level, text });
      } catch {
        // a listener must not break logging
      }
    }
    return text;
  }

  trace(message: string, ...args: unknown[]): void {
    this.inner.trace(this.emit('trace', format(message, args)));
  }
  debug(message: string, ...args: unknown[]): void {
    this.inner.debug(this.emit('debug', format(message, args)));
  }
  info(message: string, ...args: unknown[]): void {
    this.inner.info(this.emit('info', format(message, args)));
  }
  warn(message: string, ...args: unknown[]): void {
    this.inner.warn(this.emit('warn', format(message, args)));
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.inner.error(this.emit('error', format(error, args)));
  }
  append(value: string): void {
    this.inner.append(this.emit('raw', redactSecrets(value)));
  }
  appendLine(value: string): void {
    this.inner.appendLine(this.emit('raw', redactSecrets(value)));
  }
  replace(value: string): void {
    this.inner.replace(this.emit('raw', redactSecrets(value)));
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
