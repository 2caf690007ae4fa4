import * as vscode from 'vscode';
import { withCancellableProgress, type ProgressReporter } from '../ui/progress';
import { isCondaDocument } from '../wave/condaFiles';

/**
 * Everything the Studio commands ask of the user or show them, behind one
 * interface. The extension uses `vscodeUi`; integration tests swap in a
 * scripted one (through the extension's test API) to answer prompts, capture
 * messages and catch the URL that would open in the browser.
 */
export interface PickOptions {
  title: string;
  placeHolder?: string;
  /** "2/6" style step counter for multi-step flows. */
  step?: number;
  totalSteps?: number;
}

export interface InputOptions {
  title: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  step?: number;
  totalSteps?: number;
  /** Returns a message when the value is not acceptable (may ask the server). */
  validate?: (value: string) => string | undefined | Promise<string | undefined>;
}

export interface CondaFile {
  /** Path relative to the workspace folder, for the pick list. */
  label: string;
  text: string;
}

export interface StudioUi {
  pick<T extends vscode.QuickPickItem>(items: readonly T[] | Promise<readonly T[]>, options: PickOptions): Promise<T | undefined>;
  /** Several items; resolves [] when none is chosen, undefined when cancelled. */
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions): Promise<readonly T[] | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A modal question; resolves true only when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  /** Long work under a cancellable notification; the signal aborts when the user cancels. */
  progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T>;
  openExternal(url: string): Promise<boolean>;
  copy(text: string): Promise<void>;
  /** Open documents that are conda environment files (environment.yml & co.), active editor first. */
  openCondaFiles(): CondaFile[];
  /** A modal question with several answers (e.g. a summary with Create and Start / Create Only); undefined when dismissed. */
  choose(message: string, detail: string, actions: readonly string[]): Promise<string | undefined>;
  /** One file chosen in the file dialog, starting in the workspace; undefined when cancelled. */
  pickFile(options: { title: string; openLabel: string; filters: Record<string, string[]> }): Promise<vscode.Uri | undefined>;
}

function title(o: { title: string; step?: number; totalSteps?: number }): string {
  return o.step && o.totalSteps ? `${o.title} (${o.step}/${o.totalSteps})` : o.title;
}

export const vscodeUi: StudioUi = {
  async pick(items, options) {
    return vscode.window.showQuickPick(items, { title: title(options), placeHolder: options.placeHolder, ignoreFocusOut: true, matchOnDescription: true, matchOnDetail: true });
  },
  async pickMany(items, options) {
    return vscode.window.showQuickPick(items, { title: title(options), placeHolder: options.placeHolder, ignoreFocusOut: true, canPickMany: true });
  },
  async input(options) {
    return vscode.window.showInputBox({
      title: title(options),
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeHolder,
      ignoreFocusOut: true,
      validateInput: options.validate,
    });
  },
  async confirm(message, detail, action) {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return choice === action;
  },
  async info(message, ...actions) {
    return vscode.window.showInformationMessage(message, ...actions);
  },
  async warn(message, ...actions) {
    return vscode.window.showWarningMessage(message, ...actions);
  },
  async progress(title, task) {
    return withCancellableProgress(title, task);
  },
  async openExternal(url) {
    return vscode.env.openExternal(vscode.Uri.parse(url));
  },
  async copy(text) {
    await vscode.env.clipboard.writeText(text);
  },
  async choose(message, detail, actions) {
    return vscode.window.showInformationMessage(message, { modal: true, detail }, ...actions);
  },
  async pickFile(options) {
    const picked = await vscode.window.showOpenDialog({
      title: options.title,
      openLabel: options.openLabel,
      filters: options.filters,
      canSelectMany: false,
      canSelectFolders: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    return picked?.[0];
  },
  openCondaFiles() {
    const active = vscode.window.activeTextEditor?.document;
    const docs = vscode.workspace.textDocuments.filter((d) => !d.isUntitled && isCondaDocument(d.uri.path.split('/').pop() ?? '', d.getText()));
    docs.sort((a, b) => (a === active ? -1 : b === active ? 1 : 0));
    return docs.map((d) => ({ label: vscode.workspace.asRelativePath(d.uri), text: d.getText() }));
  },
};
