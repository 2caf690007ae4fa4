import * as path from 'node:path';
import * as vscode from 'vscode';
import { looksLikeCondaEnvironment } from '../wave/condaFiles';

/**
 * A `when` clause cannot read a file, so "any YAML with a top-level
 * `dependencies:`" is published as the context key `seqera.wave.condaDocuments`:
 * the paths of open YAML documents that look like conda environments. The
 * menus show "Build with Wave" for `resourcePath in seqera.wave.condaDocuments`
 * next to the file-name rule. The key exists once the extension runs: it does
 * not activate on YAML files (only on its views, commands and Accounts).
 */
export const CONDA_DOCUMENTS_KEY = 'seqera.wave.condaDocuments';

export function registerWaveContextKeys(context: vscode.ExtensionContext): void {
  const paths = new Map<string, string[]>();
  let timer: NodeJS.Timeout | undefined;
  const publish = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void vscode.commands.executeCommand('setContext', CONDA_DOCUMENTS_KEY, [...new Set([...paths.values()].flat())]);
    }, 200);
  };
  const check = (doc: vscode.TextDocument): void => {
    const name = path.posix.basename(doc.uri.path);
    if (doc.isUntitled || !/\.ya?ml$/i.test(name)) return;
    const key = doc.uri.toString();
    const was = paths.has(key);
    const is = looksLikeCondaEnvironment(name, doc.getText());
    if (is) paths.set(key, doc.uri.scheme === 'file' ? [doc.uri.fsPath, doc.uri.path] : [doc.uri.path]);
    else paths.delete(key);
    if (is !== was) publish();
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (paths.delete(doc.uri.toString())) publish();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  for (const doc of vscode.workspace.textDocuments) check(doc);
  publish();
}
