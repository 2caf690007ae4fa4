import * as vscode from 'vscode';

/**
 * Read-only documents of what Wave serves (build logs, conda locks, scan logs), under the
 * `seqera-wave:` scheme: they open without a file, cannot be edited and never
 * ask to be saved. One provider per extension context, registered on first use.
 */
export const WAVE_DOC_SCHEME = 'seqera-wave';

class WaveDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
  }
}

const byContext = new WeakMap<vscode.ExtensionContext, WaveDocuments>();

/** Opens `text` read-only as `seqera-wave:/<name>` (in `languageId` when given). */
export async function openReadOnly(context: vscode.ExtensionContext, name: string, text: string, languageId?: string): Promise<vscode.Uri> {
  let docs = byContext.get(context);
  if (!docs) {
    const created = new WaveDocuments();
    context.subscriptions.push(created.changed, vscode.workspace.registerTextDocumentContentProvider(WAVE_DOC_SCHEME, created));
    byContext.set(context, created);
    docs = created;
  }
  const uri = vscode.Uri.from({ scheme: WAVE_DOC_SCHEME, path: `/${name.replace(/[^A-Za-z0-9._-]+/g, '_')}` });
  docs.set(uri, text);
  let doc = await vscode.workspace.openTextDocument(uri);
  if (languageId && doc.languageId !== languageId && (await vscode.languages.getLanguages()).includes(languageId)) {
    doc = await vscode.languages.setTextDocumentLanguage(doc, languageId);
  }
  await vscode.window.showTextDocument(doc, { preview: true });
  return uri;
}
