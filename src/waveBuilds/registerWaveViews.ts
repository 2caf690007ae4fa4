import * as vscode from 'vscode';
import type { Services } from '../services';
import { WaveClient } from '../wave/client';
import { registerWaveBuiltKey, registerWaveContextKeys } from './waveContextKeys';
import { WaveBuildsProvider } from './waveBuildsView';

/** The Wave Builds view and the context keys the Wave menus use. */
export function registerWaveBuildsView(services: Services): WaveBuildsProvider {
  const provider = new WaveBuildsProvider(services.waveBuilds);
  const view = vscode.window.createTreeView('seqera.waveBuilds', { treeDataProvider: provider, showCollapseAll: true });
  services.context.subscriptions.push(provider, view);
  registerWaveContextKeys(services.context);
  registerWaveBuiltKey(services.context, services.waveBuilds);
  // Builds a closed window left unfinished: asked about once, in the background (never rejects).
  void services.waveBuilds.reconcile((entry) => new WaveClient(entry.waveUrl, services.http).containerStatus(entry.id));
  return provider;
}
