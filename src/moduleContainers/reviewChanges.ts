import * as vscode from 'vscode';

/**
 * The review before a module is changed: VS Code's multi-file diff editor
 * (`vscode.changes`) with every file as it is and as it would be (lock files
 * created or deleted included), then Apply or Discard. The proposed texts are
 * served read-only under `seqera-module-proposed:`. The question is a
 * replaceable function so integration tests can answer it; the diff itself is
 * the real one.
 */
export const PROPOSED_SCHEME = 'seqera-module-proposed';

export interface ReviewItem {
  uri: vscode.Uri;
  /** undefined: the file is created. */
  before: string | undefined;
  /** undefined: the file is deleted. */
  after: string | undefined;
}

export interface ModuleContainersUi {
  /** Apply or Discard, asked while the diff is open; undefined = dismissed (discard). */
  ask(message: string): Thenable<'apply' | 'discard' | undefined>;
}

export const defaultModuleContainersUi = (): ModuleContainersUi => ({
  async ask(message) {
    const APPLY = vscode.l10n.t('Apply');
    const DISCARD = vscode.l10n.t('Discard');
    const choice = await vscode.window.showInformationMessage(message, APPLY, DISCARD);
    return choice === APPLY ? 'apply' : choice === DISCARD ? 'discard' : undefined;
  },
});

export class ProposedDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private next = 0;

  static register(context: vscode.ExtensionContext): ProposedDocuments {
    const p = new ProposedDocuments();
    context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, p));
    return p;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A read-only document holding `text`, named like `file` so the diff shows its language. */
  add(file: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: file.path, query: String(this.next++) });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  clear(): void {
    this.texts.clear();
  }
}

/** Opens the diff of every item and asks; the diff tab is closed again after the answer. */
export async function reviewChanges(ui: ModuleContainersUi, docs: ProposedDocuments, title: string, items: readonly ReviewItem[], question: string): Promise<boolean> {
  const resources = items.map((i) => [i.uri, docs.add(i.uri, i.before ?? ''), docs.add(i.uri, i.after ?? '')] as [vscode.Uri, vscode.Uri, vscode.Uri]);
  await vscode.commands.executeCommand('vscode.changes', title, resources);
  try {
    return (await ui.ask(question)) === 'apply';
  } finally {
    docs.clear();
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === title || t.label.startsWith(`${title} (`));
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }
}
