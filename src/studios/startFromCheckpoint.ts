import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import type { Studio, StudioCreateRequest } from '../platform/studioTypes';
import type { StudiosFeature } from './studiosFeature';
import { askStudioName } from './askName';
import { createOrExplain } from './createRequest';
import { checkpointFromArg } from './checkpointArg';
import { followStudio } from './follow';
import { requireContext } from './resolve';
import { afterStart } from './start';
import { askResources } from './startOptions';

/**
 * Seqera: Start New Studio from Checkpoint. Creates a Studio with the parent's
 * image, compute environment and configuration, seeded from the checkpoint
 * (initialCheckpointId), and starts it. Resolves with the new Studio.
 */
export async function startFromCheckpoint(f: StudiosFeature, arg?: unknown): Promise<Studio | undefined> {
  const title = vscode.l10n.t('Start New Studio from Checkpoint');
  const picked = await checkpointFromArg(f, arg, title, (cp) => cp.status === 'finalized' || cp.status === 'interim');
  if (!picked) return undefined;
  const { studio: parent, checkpoint } = picked;
  const ctx = requireContext(f);
  const computeEnvId = parent.computeEnv?.id;
  if (!computeEnvId) throw inputError(vscode.l10n.t('Studio {0} has no compute environment to start a copy on.', parent.name));

  const name = await askStudioName(f.ui, ctx, `${parent.name}-${checkpoint.name}`, { title, step: 1, totalSteps: 2 });
  if (name === undefined) return undefined;
  const resources = await askResources(f.ui, parent.configuration ?? {}, { title, step: 2, totalSteps: 2 });
  if (!resources) return undefined;

  const request: StudioCreateRequest = {
    name,
    computeEnvId,
    description: vscode.l10n.t('Started from checkpoint {0} of Studio {1}', checkpoint.name, parent.name),
    dataStudioToolUrl: parent.template?.repository ?? parent.baseImage,
    configuration: { ...parent.configuration, ...resources },
    initialCheckpointId: checkpoint.id,
    isPrivate: parent.isPrivate,
  };
  const studio = await createOrExplain(ctx, request, true);
  f.store.applyStudio(studio, ctx);
  return afterStart(f, studio, await followStudio(f, studio, 'start', ctx));
}
