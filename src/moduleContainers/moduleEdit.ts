import * as vscode from 'vscode';
import { LOCK_DIR } from '../nfcore/lockFiles';
import type { ModulePlan } from '../nfcore/modulePlan';
import type { ModuleTarget } from './moduleTarget';
import type { ReviewItem } from './reviewChanges';

/**
 * A module plan as ONE WorkspaceEdit (applied after the user reviewed the
 * diff, undone with one Undo): main.nf's directive, meta.yml's section, the
 * lock files written and the stale ones deleted. Not `needsConfirmation`: VS
 * Code's Refactor Preview would show such entries unticked.
 */
export function moduleEdit(target: ModuleTarget, plan: ModulePlan, current: { mainNf: vscode.TextDocument; metaYml: vscode.TextDocument }): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const meta = (label: string, description?: string): vscode.WorkspaceEditEntryMetadata => ({ needsConfirmation: false, label, description });
  const whole = (doc: vscode.TextDocument) => new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  if (plan.mainNf !== undefined) {
    edit.replace(target.mainNf, whole(current.mainNf), plan.mainNf, meta(vscode.l10n.t('main.nf: container directive'), vscode.l10n.t('the Seqera Containers images')));
  }
  if (plan.metaYml !== undefined) {
    edit.replace(target.metaYml, whole(current.metaYml), plan.metaYml, meta(vscode.l10n.t('meta.yml: containers section'), vscode.l10n.t('builds, scans and lock files')));
  }
  const lockDir = vscode.Uri.joinPath(target.dir, LOCK_DIR);
  for (const l of plan.writeLocks) {
    edit.createFile(vscode.Uri.joinPath(lockDir, l.name), { overwrite: true, contents: new TextEncoder().encode(l.text) }, meta(vscode.l10n.t('conda lock {0}', l.name)));
  }
  for (const n of plan.deleteLocks) {
    edit.deleteFile(vscode.Uri.joinPath(lockDir, n), { ignoreIfNotExists: true }, meta(vscode.l10n.t('stale conda lock {0}', n)));
  }
  return edit;
}

/** The same plan as before/after texts, for the review diff. */
export function reviewItems(target: ModuleTarget, plan: ModulePlan, current: { mainNf: string; metaYml: string; lockFiles: Record<string, string> }): ReviewItem[] {
  const lockDir = vscode.Uri.joinPath(target.dir, LOCK_DIR);
  return [
    ...(plan.mainNf !== undefined ? [{ uri: target.mainNf, before: current.mainNf, after: plan.mainNf }] : []),
    ...(plan.metaYml !== undefined ? [{ uri: target.metaYml, before: current.metaYml, after: plan.metaYml }] : []),
    ...plan.writeLocks.map((l) => ({ uri: vscode.Uri.joinPath(lockDir, l.name), before: current.lockFiles[l.name], after: l.text })),
    ...plan.deleteLocks.map((n) => ({ uri: vscode.Uri.joinPath(lockDir, n), before: current.lockFiles[n] ?? '', after: undefined })),
  ];
}
