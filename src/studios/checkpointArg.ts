import * as vscode from 'vscode';
import type { Checkpoint, Studio } from '../platform/studioTypes';
import { checkpointDescription } from './studioPresentation';
import type { StudiosFeature } from './studiosFeature';
import { requireContext, studioFromArg } from './resolve';

/**
 * The checkpoint a checkpoint command works on: the tree node it was given,
 * else a Studio then one of its checkpoints (first page, newest first) picked
 * by the user.
 */
export interface CheckpointRef {
  sessionId: string;
  checkpoint: Checkpoint;
}

export function isCheckpointRef(arg: unknown): arg is CheckpointRef {
  if (typeof arg !== 'object' || arg === null) return false;
  const a = arg as { sessionId?: unknown; checkpoint?: { id?: unknown } };
  return typeof a.sessionId === 'string' && typeof a.checkpoint?.id === 'number';
}

export async function checkpointFromArg(
  f: StudiosFeature,
  arg: unknown,
  title: string,
  usable: (cp: Checkpoint) => boolean = () => true,
): Promise<{ studio: Studio; checkpoint: Checkpoint } | undefined> {
  const ctx = requireContext(f);
  if (isCheckpointRef(arg)) {
    const studio = f.store.get(arg.sessionId) ?? (await ctx.api.getStudio(arg.sessionId));
    return { studio, checkpoint: arg.checkpoint };
  }
  const studio = await studioFromArg(f, undefined, 'any', title);
  if (!studio) return undefined;
  const page = await ctx.api.listCheckpoints(studio.sessionId, 0, 50);
  const items = page.checkpoints.filter(usable).map((cp) => ({ label: cp.name, description: checkpointDescription(cp), cp }));
  if (items.length === 0) {
    void f.ui.info(vscode.l10n.t('Studio {0} has no checkpoint that can be used for this.', studio.name));
    return undefined;
  }
  const picked = await f.ui.pick(items, { title, placeHolder: vscode.l10n.t('Choose a checkpoint of {0}', studio.name) });
  return picked ? { studio, checkpoint: picked.cp } : undefined;
}
