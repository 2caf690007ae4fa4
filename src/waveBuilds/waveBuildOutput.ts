import { redactSecrets } from '../net/redact';
import type { RedactingChannel } from '../ui/redactingChannel';
import type { RedactingLog } from '../ui/redactingLog';

/**
 * The "Seqera: Wave builds" output channel: a plain channel, so a build's log
 * lines appear exactly as Wave wrote them (no timestamp or `[info]` on each;
 * terminal escapes and control characters stripped). The extension's own
 * lines about the build (request, status, result) are plain lines too;
 * warnings and errors are marked and also go to the extension's "Seqera" log
 * (a LogOutputChannel, with levels and timestamps). Every line passes
 * `redactSecrets`. (Tests read what was written through the channel's
 * `onDidWrite`: src/testing/transcript.ts.)
 */
export class WaveBuildOutput {
  constructor(
    readonly channel: RedactingChannel,
    private readonly log?: RedactingLog,
  ) {}

  info(text: string): void {
    for (const line of this.clean(text)) this.channel.appendLine(line);
  }

  warn(text: string): void {
    for (const line of this.clean(text)) this.channel.appendLine(/^⚠/.test(line) ? line : `⚠ ${line}`);
    this.log?.warn(`Wave builds: ${text}`);
  }

  error(text: string): void {
    for (const line of this.clean(text)) this.channel.appendLine(/^✖/.test(line) ? line : `✖ ${line}`);
    this.log?.error(`Wave builds: ${text}`);
  }

  /** Lines of a build log, as Wave wrote them. */
  buildLog(text: string): void {
    for (const line of this.clean(text.replace(/\n$/, ''))) this.channel.appendLine(line);
  }

  /** Shows the channel without taking the focus from the editor. */
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
