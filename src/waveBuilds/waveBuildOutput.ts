import { redactSecrets } from '../net/redact';
import type { RedactingLog } from '../ui/redactingLog';

/**
 * The "Seqera: Wave builds" output channel. Every line passes `redactSecrets`;
 * build logs lose terminal escapes and control characters. (Tests read what
 * was written through the channel's `onDidWrite`: src/testing/transcript.ts.)
 */
export class WaveBuildOutput {
  constructor(readonly channel: RedactingLog) {}

  info(text: string): void {
    for (const line of this.clean(text)) this.channel.info(line);
  }

  warn(text: string): void {
    for (const line of this.clean(text)) this.channel.warn(line);
  }

  error(text: string): void {
    for (const line of this.clean(text)) this.channel.error(line);
  }

  /** Lines of a build log, indented under the build they belong to. */
  buildLog(text: string): void {
    for (const line of this.clean(text.replace(/\n$/, ''))) this.channel.info(`  │ ${line}`);
  }

  show(): void {
    this.channel.show(true);
  }

  private clean(text: string): string[] {
    return stripControl(redactSecrets(text)).split('\n');
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
