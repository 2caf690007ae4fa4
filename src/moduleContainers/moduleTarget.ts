import * as vscode from 'vscode';
import { CancelledError, inputError } from '../net/errors';
import { findMetaSchema } from './metaSchemaFile';

/**
 * Which nf-core module "Build Module Containers" works on: the module folder,
 * its environment.yml or its main.nf (explorer, editor, CodeLens), else the
 * active editor's module, else one the user picks. A module folder holds
 * main.nf and environment.yml (meta.yml too, created when missing is not our
 * job: nf-core's tooling does that).
 */
export interface ModuleTarget {
  dir: vscode.Uri;
  /** e.g. `multiqc`, `samtools/sort`: the part below `modules/nf-core/` when there is one. */
  name: string;
  environment: vscode.Uri;
  mainNf: vscode.Uri;
  metaYml: vscode.Uri;
  /** nf-core's meta-schema.json of the clone, when found above the module. */
  schema?: vscode.Uri;
}

const child = (dir: vscode.Uri, name: string) => vscode.Uri.joinPath(dir, name);

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export function moduleName(dir: vscode.Uri): string {
  const parts = dir.path.split('/').filter(Boolean);
  const at = parts.lastIndexOf('nf-core');
  return at >= 0 && at < parts.length - 1 ? parts.slice(at + 1).join('/') : parts[parts.length - 1] ?? dir.path;
}

export async function moduleAt(dir: vscode.Uri): Promise<ModuleTarget> {
  const t = { dir, name: moduleName(dir), environment: child(dir, 'environment.yml'), mainNf: child(dir, 'main.nf'), metaYml: child(dir, 'meta.yml') };
  const missing = [];
  for (const f of ['environment.yml', 'main.nf', 'meta.yml'] as const) if (!(await exists(child(dir, f)))) missing.push(f);
  if (missing.length) {
    throw inputError(vscode.l10n.t('{0} is not an nf-core module folder: it has no {1}.', vscode.workspace.asRelativePath(dir), missing.join(', ')));
  }
  return { ...t, schema: await findMetaSchema(dir) };
}

async function isDir(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

export async function resolveModule(arg: unknown): Promise<ModuleTarget> {
  if (arg instanceof vscode.Uri) return moduleAt((await isDir(arg)) ? arg : vscode.Uri.joinPath(arg, '..'));
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && !doc.isUntitled && /\/(main\.nf|environment\.ya?ml|meta\.yml)$/.test(doc.uri.path)) {
    const dir = vscode.Uri.joinPath(doc.uri, '..');
    if (await exists(child(dir, 'main.nf'))) return moduleAt(dir);
  }
  const found = await vscode.workspace.findFiles('**/modules/**/environment.yml', '**/node_modules/**', 5000);
  type Item = vscode.QuickPickItem & { dir: vscode.Uri };
  const items: Item[] = found
    .map((u) => vscode.Uri.joinPath(u, '..'))
    .map((dir) => ({ label: moduleName(dir), description: vscode.workspace.asRelativePath(dir), dir }))
    .sort((a, b) => a.label.localeCompare(b.label));
  if (!items.length) throw inputError(vscode.l10n.t('No nf-core module (a folder under modules/ with main.nf and environment.yml) in this workspace.'));
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Build Module Containers'), placeHolder: vscode.l10n.t('Choose an nf-core module'), matchOnDescription: true });
  if (!pick) throw new CancelledError();
  return moduleAt(pick.dir);
}
