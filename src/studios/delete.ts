import * as vscode from 'vscode';
import type { StudiosFeature } from './studiosFeature';
import { ensureCan, onStudio, requireContext, studioFromArg } from './resolve';

/**
 * Seqera: Delete Studio. Never for a Studio that is running or on its way
 * (stop it first); always behind a modal confirmation. Resolves true when deleted.
 */
export async function deleteStudio(f: StudiosFeature, arg?: unknown): Promise<boolean> {
  const studio = await studioFromArg(f, arg, 'delete', vscode.l10n.t('Delete Studio'));
  if (!studio) return false;
  ensureCan(studio, 'delete');
  const del = vscode.l10n.t('Delete');
  const ok = await f.ui.confirm(
    vscode.l10n.t('Delete Studio {0}?', studio.name),
    vscode.l10n.t('The Studio and its checkpoints are deleted from the Platform. This cannot be undone.'),
    del,
  );
  if (!ok) return false;
  const api = requireContext(f).api;
  await onStudio(f, studio, vscode.l10n.t('Deleting'), () => api.deleteStudio(studio.sessionId));
  f.store.removeStudio(studio.sessionId);
  void f.ui.info(vscode.l10n.t('Deleted Studio {0}.', studio.name));
  return true;
}
