import type * as vscode from 'vscode';
import type { StudioUi } from './studiosUi';
import type { StudioStore } from './studioStore';
import type { StudiosStatusBar } from './studiosStatusBar';
import type { StudiosTreeProvider } from './studiosView';
import type { LifespanWarner } from './lifespanWarner';
import type { StuckWatcher } from './stuck';
import type { RepoReader } from './repoSource';

/**
 * The Studios feature's live parts, shared by its commands and exposed to
 * integration tests through the extension API. `ui` may be swapped by tests;
 * commands read it at call time.
 */
export interface StudiosFeature {
  readonly store: StudioStore;
  readonly provider: StudiosTreeProvider;
  readonly statusBar: StudiosStatusBar;
  /** The one timer that warns before a running Studio's lifespan ends (tests swap its timers). */
  readonly lifespan: LifespanWarner;
  /** Notes Studios stopping, or starting without progress, for 10 minutes (#16.7); tests swap its timers. */
  readonly stuck: StuckWatcher;
  view: vscode.TreeView<unknown> | undefined;
  ui: StudioUi;
  /** The VS Code workspace's memento: remembers the My Studios / All Studios toggle (#16.5). */
  readonly workspaceState: vscode.Memento;
  /** Reads a folder's git repository for Create Studio's "From this Git repository" (tests may swap it). */
  repoReader: RepoReader;
  /** How long a start / stop may take before we stop following it (ms). */
  settleTimeoutMs: { start: number; stop: number };
}
