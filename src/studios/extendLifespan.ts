import * as vscode from 'vscode';
import type { Studio } from '../platform/studioTypes';
import { formatDuration, lifespanLeftMs } from './studioPresentation';
import type { StudiosFeature } from './studiosFeature';
import { ensureCan, onStudio, requireContext, studioFromArg } from './resolve';

/** Seqera: Extend Studio Lifespan. The Platform adds its default extension and returns the Studio. */
export async function extendLifespan(f: StudiosFeature, arg?: unknown): Promise<Studio | undefined> {
  const studio = await studioFromArg(f, arg, 'extendLifespan', vscode.l10n.t('Extend Studio Lifespan'));
  if (!studio) return undefined;
  ensureCan(studio, 'extendLifespan');
  const ctx = requireContext(f);
  const updated = await onStudio(f, studio, vscode.l10n.t('Extending the lifespan'), () => ctx.api.extendLifespan(studio.sessionId));
  f.store.applyStudio(updated, ctx);
  const left = lifespanLeftMs(updated, f.store.platformNow());
  void f.ui.info(
    left !== undefined
      ? vscode.l10n.t('Extended the lifespan of Studio {0}: {1} left.', studio.name, formatDuration(left))
      : vscode.l10n.t('Extended the lifespan of Studio {0}.', studio.name),
  );
  return updated;
}
