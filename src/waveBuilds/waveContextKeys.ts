import * as path from 'node:path';
import * as vscode from 'vscode';
import { looksLikeCondaEnvironment } from '../wave/condaFiles';
import { setContextKey, WALKTHROUGH_KEYS } from '../ui/contextKeys';
import type { WaveBuildHistory } from './waveBuildHistory';

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
      setContextKey(CONDA_DOCUMENTS_KEY, [...new Set([...paths.values()].flat())]);
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

/** `seqera.wave.built`: true while the build history holds a succeeded build (the walkthrough's "Build a container" step). */
export function registerWaveBuiltKey(context: vscode.ExtensionContext, history: WaveBuildHistory): void {
  let built: boolean | undefined;
  const update = (): void => {
    const now = history.list().some((e) => e.state === 'succeeded');
    if (now === built) return;
    built = now;
    setContextKey(WALKTHROUGH_KEYS.waveBuilt, now);
  };
  update();
  context.subscriptions.push(history.onDidChange(update));
}
