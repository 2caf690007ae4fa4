import * as vscode from 'vscode';
import { CancelledError, inputError } from '../net/errors';
import type { Services } from '../services';
import type { WaveBuildChild, WaveBuildEntry } from './waveBuildHistory';
import { formatDateTime } from '../ui/dates';

/**
 * The build a Wave Builds action is for: a view node, or anything with the
 * build's request `id` (automation), and `platform` for one platform of a
 * multi-platform build; from the palette, a pick of the history.
 */
export async function entryOf(services: Services, arg: unknown, filter: (e: WaveBuildEntry) => boolean = () => true): Promise<WaveBuildEntry> {
  const id = typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string' ? (arg as { id: string }).id : undefined;
  if (id) {
    const entry = services.waveBuilds.get(id);
    if (!entry) throw inputError(vscode.l10n.t('That build is no longer in the Wave build history.'));
    return entry;
  }
  const entries = services.waveBuilds.list().filter(filter);
  if (entries.length === 0) throw inputError(services.waveBuilds.list().length === 0 ? vscode.l10n.t('There are no Wave builds yet.') : vscode.l10n.t('No Wave build in the history fits this action.'));
  const choice = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.source.label, description: e.targetImage, detail: formatDateTime(e.startedAt), entry: e })),
    { title: vscode.l10n.t('Choose a Wave build'), matchOnDescription: true },
  );
  if (!choice) throw new CancelledError();
  return choice.entry;
}

/** The build id and scan id an action works on: the entry's, or its child's for that `platform`. */
export function targetOf(entry: WaveBuildEntry, arg: unknown): { buildId?: string; scanId?: string; child?: WaveBuildChild } {
  const platform = typeof arg === 'object' && arg !== null ? (arg as { platform?: unknown }).platform : undefined;
  if (typeof platform === 'string') {
    const child = entry.children?.find((c) => c.platform === platform);
    if (!child) throw inputError(vscode.l10n.t('This build has no {0} platform build.', platform));
    return { buildId: child.buildId, scanId: child.scanId, child };
  }
  return { buildId: entry.buildId, scanId: entry.scanId ?? entry.children?.find((c) => c.scanId)?.scanId };
}
