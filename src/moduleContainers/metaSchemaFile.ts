import * as vscode from 'vscode';
import { metaSchemaCandidates } from '../nfcore/metaSchema';

/** nf-core's `modules/meta-schema.json`, nearest above the module folder, or undefined. */
export async function findMetaSchema(moduleDir: vscode.Uri): Promise<vscode.Uri | undefined> {
  for (const p of metaSchemaCandidates(moduleDir.fsPath)) {
    const uri = moduleDir.with({ path: vscode.Uri.file(p).path });
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // not there; keep walking up
    }
  }
  return undefined;
}

export async function readSchema(uri: vscode.Uri): Promise<unknown> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new Error(`${vscode.workspace.asRelativePath(uri)} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}
