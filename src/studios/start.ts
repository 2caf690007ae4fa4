import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import { canDo, isTransient } from './studioStatus';
import type { Studio, StudioStartRequest } from '../platform/studioTypes';
import type { StudiosFeature } from './studiosFeature';
import { failureReason, followStudio, platformStatus, timeoutText } from './follow';
import { onStudio, requireContext, studioFromArg } from './resolve';
import { askResources } from './startOptions';
import { setContextKey, WALKTHROUGH_KEYS } from '../ui/contextKeys';

/**
 * Seqera: Start Studio (and "Start with Options…"). Starts a stopped Studio,
 * follows it with the Platform's progress steps until it runs, then offers to
 * open it. A Studio already on its way is followed without a second start.
 * A switch to another workspace or endpoint meanwhile ends the command
 * quietly. Resolves with the Studio as it settled (tests read it).
 */
export async function startStudio(f: StudiosFeature, arg?: unknown, withOptions = false): Promise<Studio | undefined> {
  const title = withOptions ? vscode.l10n.t('Start Studio with Options') : vscode.l10n.t('Start Studio');
  const studio = await studioFromArg(f, arg, 'start', title);
  if (!studio) return undefined;
  const ctx = requireContext(f);
  if (!isTransient(studio.statusInfo.status)) {
    if (!canDo('start', studio)) {
      void f.ui.info(
        studio.statusInfo.status === 'running'
          ? vscode.l10n.t('Studio {0} is already running.', studio.name)
          : vscode.l10n.t('Studio {0} is {1} on the Platform, so it cannot be started now. Refresh the Studios view to see when it changes.', studio.name, platformStatus(studio)),
      );
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
    if (f.store.context?.key !== ctx.key) return undefined;
    if (!answer.jobSubmitted) {
      await f.store.refresh({ studio: studio.sessionId }, 'action');
      if (f.store.context?.key !== ctx.key) return undefined;
      const now = f.store.get(studio.sessionId)?.statusInfo.status ?? answer.statusInfo.status;
      // Already on its way: an earlier start got through (ours, repeated by the HTTP layer after its answer
      // was lost, or someone else's). Follow it like any start rather than say it was not started.
      if (now === 'starting' || now === 'building' || now === 'running') return afterStart(f, studio, await followStudio(f, studio, 'start', ctx));
      void f.ui.warn(vscode.l10n.t('The Platform did not start Studio {0} (it is {1}).', studio.name, platformStatus(answer)));
      return f.store.get(studio.sessionId);
    }
    f.store.applyStatus(studio.sessionId, answer.statusInfo.status, answer.statusInfo.message, ctx);
  }
  return afterStart(f, studio, await followStudio(f, studio, 'start', ctx));
}

export async function afterStart(
  f: StudiosFeature,
  studio: Studio,
  outcome: Awaited<ReturnType<typeof followStudio>>,
): Promise<Studio | undefined> {
  const now = f.store.get(studio.sessionId);
  switch (outcome.kind) {
    case 'abandoned':
      // The user switched workspace or endpoint: the Studio goes on starting there; nothing to say here.
      return undefined;
    case 'gone':
      throw new SeqeraError('notFound', vscode.l10n.t('Studio {0} was deleted while it was starting.', studio.name));
    case 'timedOut':
      void f.ui.warn(timeoutText(studio, outcome.waitedMs, 'start', now));
      return now;
    case 'settled':
      break;
  }
  if (outcome.status === 'running') {
    setContextKey(WALKTHROUGH_KEYS.studioStarted, true);
    const open = vscode.l10n.t('Open');
    // The message outlives the command (it waits in the notification centre): its Open runs the command, so a
    // late click (after a switch, a sign-out, the Studio stopping) is reported like any failed Open.
    void f.ui.info(vscode.l10n.t('Studio {0} is running.', studio.name), open).then((choice) =>
      choice === open ? vscode.commands.executeCommand('seqera.studios.openInBrowser', { sessionId: studio.sessionId }) : undefined,
    );
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
      ? vscode.l10n.t('Studio {0} failed to start ({1}): {2}', studio.name, platformStatus(now), reason)
      : vscode.l10n.t('Studio {0} failed to start ({1}).', studio.name, platformStatus(now)),
  );
}
