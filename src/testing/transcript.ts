import type * as vscode from 'vscode';
import type { LogLine } from '../ui/redactingLog';

/** Anything that tells who listens each (already redacted) line it writes, such as RedactingLog. */
export interface WritesLines {
  onDidWrite(listener: (line: LogLine) => void): vscode.Disposable;
}

const MAX_LINES = 5_000;

/**
 * The last lines an output channel wrote, kept in memory for integration
 * tests (bounded). Part of the test rig: created in ExtensionMode.Test only,
 * so the production channels keep no copy of what they show.
 */
export class Transcript implements vscode.Disposable {
  private readonly lines: string[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(source: WritesLines, private readonly maxLines = MAX_LINES) {
    this.subscription = source.onDidWrite((line) => this.keep(line.text));
  }

  /** What was written so far (the last lines), one line per written line. */
  text(): string {
    return this.lines.join('\n');
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private keep(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
  }
}
