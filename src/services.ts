import type * as vscode from 'vscode';

/**
 * What the parts of the extension share, created once in `activate` and passed
 * down explicitly (no module-level globals). Features add their stores here.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
}
