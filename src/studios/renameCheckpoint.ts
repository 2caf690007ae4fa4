import * as vscode from 'vscode';
import type { Checkpoint } from '../platform/studioTypes';
import type { StudiosFeature } from './studiosFeature';
import { checkpointFromArg } from './checkpointArg';
import { localNameProblem } from './askName';
import { requireContext } from './resolve';

/** Seqera: Rename Checkpoint. A name taken by another checkpoint of the Studio is refused by the Platform (409). */
export async function renameCheckpoint(f: StudiosFeature, arg?: unknown): Promise<Checkpoint | undefined> {
  const title = vscode.l10n.t('Rename Checkpoint');
  const picked = await checkpointFromArg(f, arg, title);
  if (!picked) return undefined;
  const { studio, checkpoint } = picked;
  const name = await f.ui.input({ title, prompt: vscode.l10n.t('New name of checkpoint {0}', checkpoint.name), value: checkpoint.name, validate: localNameProblem });
  if (name === undefined || name.trim() === checkpoint.name) return undefined;
  const renamed = await requireContext(f).api.renameCheckpoint(studio.sessionId, checkpoint.id, name.trim());
  f.store.applyCheckpoint(studio.sessionId, renamed);
  return renamed;
}
