import * as vscode from 'vscode';
import { vscodeUi } from './studiosUi';
import { defaultRepoReader } from './repoSource';
import { LIFESPAN_WARNING_SETTING, lifespanWarningMinutes, REFRESH_INTERVAL_SETTING, studiosRefreshInterval } from './studiosSettings';
import { LifespanWarner } from './lifespanWarner';
import { StuckWatcher } from './stuck';
import { formatDuration } from './studioPresentation';
import type { Studio } from '../platform/studioTypes';
import { bindStudioContext } from './studioContextBinding';
import { restoreStudioQuery } from './query';
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
  const lifespan = new LifespanWarner({
    store,
    timers: realTimers,
    leadMinutes: lifespanWarningMinutes,
    warn: (studio, msLeft) => {
      void warnLifespan(feature, studio, msLeft);
    },
  });
  const stuck = new StuckWatcher(store, realTimers);
  provider.showStuck(stuck);
  const feature: StudiosFeature = {
    store,
    provider,
    statusBar,
    lifespan,
    stuck,
    view: undefined,
    ui: vscodeUi,
    workspaceState: context.workspaceState,
    repoReader: defaultRepoReader,
    settleTimeoutMs: { start: 15 * 60_000, stop: 5 * 60_000 },
  };
  store.scheduler.setIntervalSeconds(studiosRefreshInterval());
  restoreStudioQuery(feature);
  context.subscriptions.push(
    store,
    provider,
    statusBar,
    lifespan,
    stuck,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(REFRESH_INTERVAL_SETTING)) store.scheduler.setIntervalSeconds(studiosRefreshInterval());
      if (e.affectsConfiguration(LIFESPAN_WARNING_SETTING)) lifespan.rearm();
    }),
    bindStudioContext(store, session, workspaces),
  );
  return feature;
}

export function showStudiosView(context: vscode.ExtensionContext, feature: StudiosFeature): void {
  feature.view = createStudiosView(feature.store, feature.provider, context.subscriptions);
}

/** The lifespan notification: Extend and Stop run the regular commands (so their errors are reported as usual). */
async function warnLifespan(f: StudiosFeature, studio: Studio, msLeft: number): Promise<void> {
  const extend = vscode.l10n.t('Extend');
  const stop = vscode.l10n.t('Stop');
  const choice = await f.ui.warn(
    vscode.l10n.t('Studio {0} reaches its lifespan in {1} and will then be stopped.', studio.name, formatDuration(msLeft)),
    extend,
    stop,
  );
  const ref = { sessionId: studio.sessionId };
  if (choice === extend) await vscode.commands.executeCommand('seqera.studios.extendLifespan', ref);
  else if (choice === stop) await vscode.commands.executeCommand('seqera.studios.stop', ref);
}
