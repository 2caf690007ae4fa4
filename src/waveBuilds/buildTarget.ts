import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, inputError } from '../net/errors';
import { CONDA_FILE_GLOBS, isCondaDocument, isCondaFileName } from '../wave/condaFiles';
import { isDockerfileName } from '../wave/dockerfile';

/**
 * Which file "Build with Wave" builds, and its bytes. An explorer or editor
 * menu passes the file's Uri; the palette builds the active editor's file when
 * it is a conda environment or a Dockerfile, else asks for one. An open
 * document is read from the editor, unsaved edits included.
 */
export interface FileTarget {
  uri: vscode.Uri;
  kind: 'conda' | 'dockerfile';
  fileName: string;
  bytes: Uint8Array;
}

/** What the pick offers: conda files by the one name rule (condaFiles.ts), and Dockerfiles. */
export const PICK_GLOB = `**/{${[...CONDA_FILE_GLOBS, 'Dockerfile', 'Containerfile', '*.Dockerfile', 'Dockerfile.*', '*.Containerfile', 'Containerfile.*'].join(',')}}`;

export function classify(fileName: string, languageId: string | undefined, text: string | undefined): 'conda' | 'dockerfile' | undefined {
  if (isCondaFileName(fileName)) return 'conda';
  if (isDockerfileName(fileName) || languageId === 'dockerfile') return 'dockerfile';
  if (text !== undefined && isCondaDocument(fileName, text)) return 'conda';
  return undefined;
}

export async function readTarget(uri: vscode.Uri): Promise<FileTarget> {
  const fileName = path.posix.basename(uri.path);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let bytes: Uint8Array;
  if (open) {
    bytes = new TextEncoder().encode(open.getText());
  } else {
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (e) {
      throw inputError(vscode.l10n.t('Cannot read {0}: {1}', fileName, e instanceof Error ? e.message : String(e)));
    }
  }
  const sample = open?.getText() ?? new TextDecoder().decode(bytes.subarray(0, 256 * 1024));
  const kind = classify(fileName, open?.languageId, sample) ?? (/\.ya?ml$/i.test(fileName) ? 'conda' : undefined);
  if (!kind) {
    throw inputError(vscode.l10n.t('{0} is neither a conda environment file nor a Dockerfile, so Wave cannot build it.', fileName));
  }
  return { uri, kind, fileName, bytes };
}

/** The file to build when none was passed: the active editor's, or one the user picks. */
export async function pickTarget(): Promise<vscode.Uri> {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && !doc.isUntitled && classify(path.posix.basename(doc.uri.path), doc.languageId, doc.getText())) return doc.uri;

  const found = await vscode.workspace.findFiles(PICK_GLOB, '**/node_modules/**', 200);
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = found
    .sort((a, b) => vscode.workspace.asRelativePath(a).localeCompare(vscode.workspace.asRelativePath(b)))
    .map((uri) => ({ label: path.posix.basename(uri.path), description: vscode.workspace.asRelativePath(path.posix.dirname(uri.path)), uri }));
  items.push({ label: vscode.l10n.t('Browse…'), description: vscode.l10n.t('Choose a file on disk') });
  const choice = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Build with Wave'),
    placeHolder: vscode.l10n.t('Choose a conda environment file or a Dockerfile'),
    matchOnDescription: true,
  });
  if (!choice) throw new CancelledError();
  if (choice.uri) return choice.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Build with Wave') });
  if (!picked?.[0]) throw new CancelledError();
  return picked[0];
}
