import * as vscode from 'vscode';
import { vscodeUi } from './studiosUi';
import { REFRESH_INTERVAL_SETTING, studiosRefreshInterval } from './studiosSettings';
import { bindStudioContext } from './studioContextBinding';
import { StudioStore } from './studioStore';
import { realTimers } from '../schedule/timers';
import type { SessionStore } from '../accounts';
import type { WorkspaceStore } from '../workspaces';
import type { StudiosFeature } from './studiosFeature';
import { StudiosStatusBar } from './studiosStatusBar';
import { createStudiosView, StudiosTreeProvider } from './studiosView';

/**
 * Creates the Studios feature (store, tree provider, status bar) without any
 * network call; `showStudiosView` creates the tree view once commands exist.
 */
export function createStudiosFeature(
  context: vscode.ExtensionContext,
  session: SessionStore,
  workspaces: WorkspaceStore,
  warn: (message: string) => void = () => undefined,
): StudiosFeature {
  const store = new StudioStore({ timers: realTimers, warn });
  const provider = new StudiosTreeProvider(store);
  const statusBar = new StudiosStatusBar(store);
  const feature: StudiosFeature = {
    store,
    provider,
    statusBar,
    view: undefined,
    ui: vscodeUi,
    settleTimeoutMs: { start: 15 * 60_000, stop: 5 * 60_000 },
  };
  store.scheduler.setIntervalSeconds(studiosRefreshInterval());
  context.subscriptions.push(
    store,
    provider,
    statusBar,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(REFRESH_INTERVAL_SETTING)) store.scheduler.setIntervalSeconds(studiosRefreshInterval());
    }),
    bindStudioContext(store, session, workspaces),
  );
  return feature;
}

export function showStudiosView(context: vscode.ExtensionContext, feature: StudiosFeature): void {
  feature.view = createStudiosView(feature.store, feature.provider, context.subscriptions);
}
