import * as vscode from 'vscode';

/**
 * Read-only Markdown documents of Wave inspections, served under the
 * `seqera-inspect:` scheme so they open without a file, cannot be edited and
 * never ask to be saved. One document per image and platform; inspecting
 * again replaces its content.
 */
export const INSPECT_SCHEME = 'seqera-inspect';

export class InspectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  static register(context: vscode.ExtensionContext): InspectDocuments {
    const docs = new InspectDocuments();
    context.subscriptions.push(docs, vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, docs));
    return docs;
  }

  /** `seqera-inspect:/docker.io/library/ubuntu:22.04.md?platform=linux/arm64` */
  static uriFor(image: string, platform?: string): vscode.Uri {
    const name = image.replace(/[^A-Za-z0-9._:@/-]+/g, '_').replace(/^\/+/, '');
    return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${name}.md`, query: platform ? `platform=${platform}` : '' });
  }

  set(uri: vscode.Uri, markdown: string): void {
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? `# ${vscode.l10n.t('Nothing to show')}\n\n${vscode.l10n.t('Run "Inspect Container Image" again.')}\n`;
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
