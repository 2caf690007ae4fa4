import * as vscode from 'vscode';
import { CancelledError, SeqeraError } from '../net/errors';
import { untilAborted } from '../net/retry';
import type { WatchOutcome } from './pollScheduler';
import type { Studio } from '../platform/studioTypes';
import { followMessage, formatDuration, stopReasonText } from './studioPresentation';
import type { StudiosFeature } from './studiosFeature';
import { endsVerb, type StudioVerb } from './studioStatus';
import type { StudioContext } from './studioStore';

/**
 * Follows a Studio after a start or stop: a cancellable notification that
 * shows the Platform's real progress steps while the store polls the Studio
 * fast until it settles. Cancelling only stops the notification (the Studio
 * keeps starting, the tree keeps updating). Resolves with the outcome; a lost
 * connection (several failed polls in a row) rejects with one clear error.
 */
export async function followStudio(
  f: StudiosFeature,
  studio: Studio,
  verb: StudioVerb,
  from: StudioContext | undefined = f.store.context,
): Promise<WatchOutcome> {
  const id = studio.sessionId;
  // The user moved to another workspace or endpoint while the request was on its way: nothing to follow here.
  if (!from || f.store.context?.key !== from.key) return { kind: 'abandoned' };
  const title =
    verb === 'start' ? vscode.l10n.t('Starting Studio {0}', studio.name) : vscode.l10n.t('Stopping Studio {0}', studio.name);
  const timeoutMs = verb === 'start' ? f.settleTimeoutMs.start : f.settleTimeoutMs.stop;
  const watching = f.store.watch(id, { timeoutMs, settles: (status) => endsVerb(verb, status) });
  // Cancelling the notification leaves the watch running; its later failure is not unhandled.
  watching.catch(() => undefined);
  try {
    return await f.ui.progress(title, async (progress, signal) => {
      let reported = 0;
      let lastMessage: string | undefined;
      const report = (): void => {
        const s = f.store.get(id);
        if (!s) return;
        const { message, percent } = followMessage(s);
        if (message !== lastMessage || percent > reported) {
          progress.report({ message, increment: Math.max(0, percent - reported) });
          reported = Math.max(reported, percent);
          lastMessage = message;
        }
      };
      report();
      const sub = f.store.onDidChange((e) => {
        if (e.changed.includes(id)) report();
      });
      try {
        return await untilAborted(watching, signal);
      } finally {
        sub.dispose();
      }
    });
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const kind = e instanceof SeqeraError ? e.kind : 'network';
    throw new SeqeraError(
      kind,
      verb === 'start'
        ? vscode.l10n.t('Lost track of Studio {0} while it was starting: {1}', studio.name, message)
        : vscode.l10n.t('Lost track of Studio {0} while it was stopping: {1}', studio.name, message),
      { cause: e, status: e instanceof SeqeraError ? e.status : undefined },
    );
  }
}

/** Why a Studio failed: the Platform's status message, else the step that errored. */
export function failureReason(studio: Studio | undefined): string {
  if (!studio) return '';
  const step = studio.progress.find((p) => p.status === 'errored');
  const parts = [studio.statusInfo.message, step?.message, studio.statusInfo.stopReason && stopReasonText(studio.statusInfo.stopReason)];
  return parts.filter((p): p is string => !!p).join(' — ');
}

/** The status as the Platform wrote it (`rawStatus` for one this extension does not know), for messages. */
export function platformStatus(studio: Pick<Studio, 'statusInfo'> | undefined): string {
  if (!studio) return 'unknown';
  return studio.statusInfo.rawStatus ?? studio.statusInfo.status;
}

/** `now` is the Studio as last seen, so the message names the status the Platform returned. */
export function timeoutText(studio: Studio, waitedMs: number, verb: StudioVerb, now: Studio | undefined = studio): string {
  const status = platformStatus(now);
  return verb === 'start'
    ? vscode.l10n.t(
        'Studio {0} is still not running after {1} (the Platform says {2}). It may be waiting for compute resources; the tree keeps refreshing and shows when it is ready.',
        studio.name,
        formatDuration(waitedMs),
        status,
      )
    : vscode.l10n.t('Studio {0} has not stopped after {1} (the Platform says {2}). Check it on the Platform.', studio.name, formatDuration(waitedMs), status);
}
