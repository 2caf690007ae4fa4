import * as vscode from 'vscode';
import { SeqeraError, type SourceProblem } from '../net/errors';

/**
 * The one place refusals of a user's file become Problems: the extension's
 * single DiagnosticCollection ("Seqera"). A refusal that points at a place
 * (a YAML error, a Dockerfile line) is shown there on its exact range, and
 * the file's Problems go away when the condition ends:
 * - the file is fixed: while it has Problems, every edit checks it again
 *   (the same check the build ran, on the editor's text, no request sent);
 * - the next build of the file passes its checks;
 * - the file is closed.
 *
 * The error message of the failed command offers *Go to Problem*
 * (commandRegistry.ts asks `problemLocation` which refusal has a place).
 */
/** The button's label (a function: l10n.t must run after the bundle is loaded, not at import). */
export const GO_TO_PROBLEM = (): string => vscode.l10n.t('Go to Problem');

/** Checks the file's text again: throws the refusal when it is still refused, returns when it is fine. */
export type Recheck = (text: string) => void;

const locations = new WeakMap<object, vscode.Location>();

/** Where the first Problem of a reported refusal is, for *Go to Problem*. */
export function problemLocation(e: unknown): vscode.Location | undefined {
  return typeof e === 'object' && e !== null ? locations.get(e) : undefined;
}

/** Opens the file at the Problem, selected. */
export async function revealProblem(location: vscode.Location): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(location.uri, { selection: location.range, preview: false });
}

export class FileProblems implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('seqera');
  private readonly rechecks = new Map<string, Recheck>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      this.collection,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.recheck(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
    ];
  }

  /**
   * Runs a check of the file at `uri`. A refusal with places becomes the file's
   * Problems (replacing the ones before) and is rethrown; a pass clears them.
   * `recheck` runs the same check on the editor's text after each edit.
   */
  check<T>(uri: vscode.Uri, run: () => T, recheck: Recheck): T {
    let result: T;
    try {
      result = run();
    } catch (e) {
      this.report(uri, e, recheck);
      throw e;
    }
    this.clear(uri);
    return result;
  }

  /** Shows a refusal's places as the file's Problems; true when it had any (then *Go to Problem* is offered). */
  report(uri: vscode.Uri, e: unknown, recheck?: Recheck): boolean {
    const problems = e instanceof SeqeraError ? e.problems : [];
    if (problems.length === 0) {
      this.clear(uri);
      return false;
    }
    const diagnostics = problems.map(toDiagnostic);
    this.collection.set(uri, diagnostics);
    if (recheck) this.rechecks.set(uri.toString(), recheck);
    locations.set(e as object, new vscode.Location(uri, diagnostics[0].range));
    return true;
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.rechecks.delete(uri.toString());
  }

  private recheck(doc: vscode.TextDocument): void {
    const recheck = this.rechecks.get(doc.uri.toString());
    if (!recheck) return;
    try {
      recheck(doc.getText());
      this.clear(doc.uri);
    } catch (e) {
      // Still refused (maybe elsewhere now): the Problems follow the text. A refusal without a place clears them.
      if (!this.report(doc.uri, e, recheck)) this.clear(doc.uri);
    }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.rechecks.clear();
  }
}

function toDiagnostic(p: SourceProblem): vscode.Diagnostic {
  const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
  const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Error);
  d.source = 'Seqera';
  return d;
}
