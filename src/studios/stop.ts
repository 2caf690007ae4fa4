import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import type { Studio } from '../platform/studioTypes';
import type { StudiosFeature } from './studiosFeature';
import { failureReason, followStudio, platformStatus, timeoutText } from './follow';
import { ensureCan, onStudio, requireContext, studioFromArg } from './resolve';

/**
 * Seqera: Stop Studio. Asks first when other users are connected to it, then
 * follows it until it has stopped (the Platform saves a checkpoint, which the
 * tree shows under it). Resolves with the Studio as it settled.
 */
export async function stopStudio(f: StudiosFeature, arg?: unknown): Promise<Studio | undefined> {
  const studio = await studioFromArg(f, arg, 'stop', vscode.l10n.t('Stop Studio'));
  if (!studio) return undefined;
  ensureCan(studio, 'stop');
  const ctx = requireContext(f);
  const others = studio.activeConnections.filter((u) => ctx.userId === undefined || u.id !== ctx.userId);
  if (others.length > 0) {
    const names = others.map((u) => u.userName ?? u.email ?? `#${u.id ?? '?'}`).join(', ');
    const stop = vscode.l10n.t('Stop Studio');
    const ok = await f.ui.confirm(
      vscode.l10n.t('{0} other users are connected to Studio {1}. Stop it anyway?', others.length, studio.name),
      vscode.l10n.t('Connected: {0}. Their unsaved work in the session may be lost.', names),
      stop,
    );
    if (!ok) return undefined;
  }
  const answer = await onStudio(f, studio, vscode.l10n.t('Stopping'), () => ctx.api.stopStudio(studio.sessionId));
  f.store.applyStatus(studio.sessionId, answer.statusInfo.status, answer.statusInfo.message, ctx);
  const outcome = await followStudio(f, studio, 'stop', ctx);
  // Switched to another workspace or endpoint meanwhile: the stop goes on there; nothing to say here.
  if (outcome.kind === 'abandoned') return undefined;
  const now = f.store.get(studio.sessionId);
  if (outcome.kind === 'timedOut') void f.ui.warn(timeoutText(studio, outcome.waitedMs, 'stop', now));
  if (outcome.kind === 'settled' && outcome.status === 'errored') {
    throw new SeqeraError(
      'server',
      vscode.l10n.t('Studio {0} failed while stopping ({1}): {2}', studio.name, platformStatus(now), failureReason(now) || platformStatus(now)),
    );
  }
  return now;
}
