import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerWaveContextKeys } from './waveContextKeys';
import { WaveBuildsProvider } from './waveBuildsView';

/** The Wave Builds view and the context keys the Wave menus use. */
export function registerWaveBuildsView(services: Services): WaveBuildsProvider {
  const provider = new WaveBuildsProvider(services.waveBuilds);
  const view = vscode.window.createTreeView('seqera.waveBuilds', { treeDataProvider: provider, showCollapseAll: true });
  services.context.subscriptions.push(provider, view);
  registerWaveContextKeys(services.context);
  return provider;
}
