import * as vscode from 'vscode';
import type { StudiosFeature } from './studiosFeature';
import { copyStudioUrl } from './copy';
import { openStudio } from './open';
import { studioFromArg } from './resolve';
import { stopStudio } from './stop';

/** The status bar item's command: pick a running Studio, then open, copy its URL or stop it. */
export async function showRunningStudios(f: StudiosFeature): Promise<unknown> {
  const studio = await studioFromArg(f, undefined, 'open', vscode.l10n.t('Running Studios'));
  if (!studio) return undefined;
  const actions = [
    { label: `$(link-external) ${vscode.l10n.t('Open in Browser')}`, run: () => openStudio(f, studio) },
    { label: `$(copy) ${vscode.l10n.t('Copy URL')}`, run: () => copyStudioUrl(f, studio) },
    { label: `$(debug-stop) ${vscode.l10n.t('Stop')}`, run: () => stopStudio(f, studio) },
  ];
  const action = await f.ui.pick(actions, { title: studio.name });
  return action?.run();
}
