import * as vscode from 'vscode';
import type { RefreshTarget } from './studioStore';
import { STUDIOS_VIEW_ID } from './studiosView';
import type { StudiosFeature } from './studiosFeature';
import { isStudioRef, requireContext } from './resolve';

/**
 * Seqera: Refresh Studios. From the title bar or palette: the whole list (and
 * the checkpoints shown). From an error node: what failed. From a Studio: that
 * Studio and its checkpoints.
 */
function targetOf(arg: unknown): RefreshTarget {
  if (typeof arg === 'object' && arg !== null && 'target' in arg) {
    const t = (arg as { target: unknown }).target;
    if (t === 'all') return 'all';
    if (typeof t === 'object' && t !== null) {
      if (typeof (t as { studio?: unknown }).studio === 'string') return { studio: (t as { studio: string }).studio };
      if (typeof (t as { checkpoints?: unknown }).checkpoints === 'string') return { checkpoints: (t as { checkpoints: string }).checkpoints };
    }
  }
  if (isStudioRef(arg)) return { studio: arg.sessionId };
  return 'all';
}

export async function refreshStudios(f: StudiosFeature, arg?: unknown): Promise<void> {
  requireContext(f);
  const target = targetOf(arg);
  // The view shows its progress bar while the refresh runs.
  await vscode.window.withProgress({ location: { viewId: STUDIOS_VIEW_ID } }, () => refreshTarget(f, target));
}

async function refreshTarget(f: StudiosFeature, target: RefreshTarget): Promise<void> {
  if (target === 'all') {
    f.store.invalidateCheckpoints();
    await f.store.refresh('all', 'manual');
  } else if ('studio' in target) {
    f.store.invalidateCheckpoints(target.studio);
    await f.store.refresh(target, 'manual');
  } else {
    await f.store.refresh(target, 'manual');
  }
}
