import type * as vscode from 'vscode';
import type { StudioUi } from './studiosUi';
import type { StudioStore } from './studioStore';
import type { StudiosStatusBar } from './studiosStatusBar';
import type { StudiosTreeProvider } from './studiosView';

/**
 * The Studios feature's live parts, shared by its commands and exposed to
 * integration tests through the extension API. `ui` may be swapped by tests;
 * commands read it at call time.
 */
export interface StudiosFeature {
  readonly store: StudioStore;
  readonly provider: StudiosTreeProvider;
  readonly statusBar: StudiosStatusBar;
  view: vscode.TreeView<unknown> | undefined;
  ui: StudioUi;
  /** How long a start / stop may take before we stop following it (ms). */
  settleTimeoutMs: { start: number; stop: number };
}
