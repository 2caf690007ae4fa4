import type { StudiosFeature } from './studiosFeature';
import { isStudioRef } from './resolve';

/** Tree-only: the "Load more checkpoints…" item under a Studio. */
export async function loadMoreCheckpoints(f: StudiosFeature, arg?: unknown): Promise<void> {
  if (!isStudioRef(arg)) return;
  await f.store.loadMoreCheckpoints(arg.sessionId);
}
