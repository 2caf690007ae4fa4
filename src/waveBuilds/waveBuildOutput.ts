import type * as vscode from 'vscode';
import { redactSecrets } from '../net/redact';

/**
 * The "Seqera: Wave builds" output channel. Every line passes `redactSecrets`;
 * build logs lose terminal escapes and control characters. The last lines are
 * also kept in memory (bounded) so the extension API can expose them to tests.
 */
const TRANSCRIPT_LINES = 5_000;

export class WaveBuildOutput {
  private readonly lines: string[] = [];

  constructor(readonly channel: vscode.LogOutputChannel) {}

  info(text: string): void {
    for (const line of this.clean(text)) {
      this.channel.info(line);
      this.keep(line);
    }
  }

  warn(text: string): void {
    for (const line of this.clean(text)) {
      this.channel.warn(line);
      this.keep(line);
    }
  }

  error(text: string): void {
    for (const line of this.clean(text)) {
      this.channel.error(line);
      this.keep(line);
    }
  }

  /** Lines of a build log, indented under the build they belong to. */
  buildLog(text: string): void {
    for (const line of this.clean(text.replace(/\n$/, ''))) {
      this.channel.info(`  │ ${line}`);
      this.keep(`  │ ${line}`);
    }
  }

  show(): void {
    this.channel.show(true);
  }

  /** What was written so far (the last lines), for tests. */
  transcript(): string {
    return this.lines.join('\n');
  }

  private clean(text: string): string[] {
    return stripControl(redactSecrets(text)).split('\n');
  }

  private keep(line: string): void {
    this.lines.push(line);
    if (this.lines.length > TRANSCRIPT_LINES) this.lines.splice(0, this.lines.length - TRANSCRIPT_LINES);
  }
}

/** Drops ANSI escape sequences and control characters other than tab and newline; \r\n and lone \r become \n. */
export function stripControl(text: string): string {
  /* eslint-disable no-control-regex -- matching control characters is the point here */
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  /* eslint-enable no-control-regex */
}
