import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import { canDo, isTransient } from './studioStatus';
import type { Studio, StudioStartRequest } from '../platform/studioTypes';
import type { StudiosFeature } from './studiosFeature';
import { failureReason, followStudio, timeoutText } from './follow';
import { openStudio } from './open';
import { onStudio, requireContext, studioFromArg } from './resolve';
import { askResources } from './startOptions';

/**
 * Seqera: Start Studio (and "Start with Options…"). Starts a stopped Studio,
 * follows it with the Platform's progress steps until it runs, then offers to
 * open it. A Studio already on its way is followed without a second start.
 * Resolves with the Studio as it settled (tests read it).
 */
export async function startStudio(f: StudiosFeature, arg?: unknown, withOptions = false): Promise<Studio | undefined> {
  const title = withOptions ? vscode.l10n.t('Start Studio with Options') : vscode.l10n.t('Start Studio');
  const studio = await studioFromArg(f, arg, 'start', title);
  if (!studio) return undefined;
  const ctx = requireContext(f);
  if (!isTransient(studio.statusInfo.status)) {
    if (!canDo('start', studio)) {
      void f.ui.info(vscode.l10n.t('Studio {0} is already running.', studio.name));
      return studio;
    }
    const request: StudioStartRequest = {};
    if (withOptions) {
      const resources = await askResources(f.ui, studio.configuration ?? {}, { title });
      if (!resources) return undefined;
      // The start request replaces the configuration for this run: keep the rest of it.
      request.configuration = { ...studio.configuration, ...resources };
    }
    const answer = await onStudio(f, studio, vscode.l10n.t('Starting'), () => ctx.api.startStudio(studio.sessionId, request));
    if (!answer.jobSubmitted) {
      await f.store.refresh({ studio: studio.sessionId }, 'action');
      const now = f.store.get(studio.sessionId)?.statusInfo.status ?? answer.statusInfo.status;
      // Already on its way: an earlier start got through (ours, repeated by the HTTP layer after its answer
      // was lost, or someone else's). Follow it like any start rather than say it was not started.
      if (now === 'starting' || now === 'building' || now === 'running') return afterStart(f, studio, await followStudio(f, studio, 'start'));
      void f.ui.warn(vscode.l10n.t('The Platform did not start Studio {0} (it is {1}).', studio.name, answer.statusInfo.status));
      return f.store.get(studio.sessionId);
    }
    f.store.applyStatus(studio.sessionId, answer.statusInfo.status, answer.statusInfo.message);
  }
  return afterStart(f, studio, await followStudio(f, studio, 'start'));
}

export async function afterStart(
  f: StudiosFeature,
  studio: Studio,
  outcome: Awaited<ReturnType<typeof followStudio>>,
): Promise<Studio | undefined> {
  const now = f.store.get(studio.sessionId);
  switch (outcome.kind) {
    case 'gone':
      throw new SeqeraError('notFound', vscode.l10n.t('Studio {0} was deleted while it was starting.', studio.name));
    case 'timedOut':
      void f.ui.warn(timeoutText(studio, outcome.waitedMs, 'start'));
      return now;
    case 'settled':
      break;
  }
  if (outcome.status === 'running') {
    const open = vscode.l10n.t('Open');
    void f.ui.info(vscode.l10n.t('Studio {0} is running.', studio.name), open).then(async (choice) => {
      if (choice === open) await openStudio(f, { sessionId: studio.sessionId });
    });
    return now;
  }
  const reason = failureReason(now);
  if (outcome.status === 'stopped') {
    void f.ui.warn(
      reason
        ? vscode.l10n.t('Studio {0} stopped before it was ready: {1}', studio.name, reason)
        : vscode.l10n.t('Studio {0} stopped before it was ready.', studio.name),
    );
    return now;
  }
  throw new SeqeraError(
    'server',
    reason
      ? vscode.l10n.t('Studio {0} failed to start: {1}', studio.name, reason)
      : vscode.l10n.t('Studio {0} failed to start ({1}).', studio.name, outcome.status),
  );
}
