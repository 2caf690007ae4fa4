import type * as vscode from 'vscode';
import { LastBuildStatus } from './lastBuildStatus';
import { vscodeWaveUi, type WaveUi } from './waveUi';

/** What the Wave build commands keep for the session: their UI (tests replace its functions) and the latest-build status item. */
export interface WaveFeature {
  readonly ui: WaveUi;
  readonly lastBuild: LastBuildStatus;
}

export function createWaveFeature(context: vscode.ExtensionContext): WaveFeature {
  const lastBuild = new LastBuildStatus();
  context.subscriptions.push(lastBuild);
  return { ui: vscodeWaveUi(), lastBuild };
}
