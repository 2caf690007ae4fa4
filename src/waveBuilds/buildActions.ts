import * as vscode from 'vscode';
import { readWaveSettings } from './waveSettings';
import { CancelledError, inputError } from '../net/errors';
import type { WaveBuildEntry } from './waveBuildHistory';
import type { Services } from '../services';
import { WaveClient } from '../wave/client';
import { readTarget } from './buildTarget';
import { prepareFile, preparePackages } from './prepareSource';
import { runWaveBuild, type BuildOutcome } from './runBuild';
import { requireTrust } from './waveBuild';

/**
 * The Wave Builds view's actions. Each takes a view node (or anything with the
 * build's request `id`); from the palette it asks which build.
 */
async function entryOf(services: Services, arg: unknown): Promise<WaveBuildEntry> {
  const id = typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string' ? (arg as { id: string }).id : undefined;
  if (id) {
    const entry = services.waveBuilds.get(id);
    if (!entry) throw inputError('That build is no longer in the Wave build history.');
    return entry;
  }
  const entries = services.waveBuilds.list();
  if (entries.length === 0) throw inputError('There are no Wave builds yet.');
  const choice = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.source.label, description: e.targetImage, detail: new Date(e.startedAt).toLocaleString(), entry: e })),
    { title: vscode.l10n.t('Choose a Wave build'), matchOnDescription: true },
  );
  if (!choice) throw new CancelledError();
  return choice.entry;
}

export function copyImageName(services: Services) {
  return async (arg?: unknown): Promise<string> => {
    const entry = await entryOf(services, arg);
    await vscode.env.clipboard.writeText(entry.targetImage);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0}', entry.targetImage));
    return entry.targetImage;
  };
}

export function openBuildPage(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const entry = await entryOf(services, arg);
    const client = new WaveClient(entry.waveUrl, services.http);
    const page = entry.detailsUri ?? (entry.buildId ? client.buildPageUrl(entry.buildId) : undefined);
    if (!page) throw inputError('Wave did not build anything for this request, so it has no build page.');
    await vscode.env.openExternal(vscode.Uri.parse(page));
  };
}

export function openScanReport(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const entry = await entryOf(services, arg);
    if (!entry.scanId) throw inputError('This build has no vulnerability scan.');
    await vscode.env.openExternal(vscode.Uri.parse(new WaveClient(entry.waveUrl, services.http).scanPageUrl(entry.scanId)));
  };
}

/** Opens the build log in an editor: from this session's memory, else fetched from Wave. */
export function showBuildLog(services: Services) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const entry = await entryOf(services, arg);
    let log = services.waveBuilds.log(entry.id);
    if (log === undefined && entry.buildId) {
      log = await new WaveClient(entry.waveUrl, services.http).buildLog(entry.buildId);
      if (log !== undefined) services.waveBuilds.rememberLog(entry.id, log);
    }
    if (log === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Wave does not serve the log of this build yet.'));
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ content: log, language: 'log' });
    await vscode.window.showTextDocument(doc, { preview: true });
    return log;
  };
}

/** Builds the same source again with the same options (the file as it is now). */
export function rebuild(services: Services) {
  return async (arg?: unknown): Promise<BuildOutcome> => {
    requireTrust();
    const entry = await entryOf(services, arg);
    const settings = readWaveSettings();
    const source = entry.source;
    if (source.kind === 'packages') {
      return runWaveBuild(services, async () => preparePackages(source.entries, source.channels), entry.options, settings.pollMaxMs, vscode.l10n.t('Wave build: {0}', source.label));
    }
    const target = await readTarget(vscode.Uri.parse(source.uri));
    return runWaveBuild(
      services,
      (signal) => prepareFile(target, settings.channels, services.waveOutput, signal, source.contextDir),
      entry.options,
      settings.pollMaxMs,
      vscode.l10n.t('Wave build: {0}', target.fileName),
    );
  };
}

export function clearBuildHistory(services: Services) {
  return async (): Promise<void> => {
    if (services.waveBuilds.list().length === 0) return;
    const CLEAR = vscode.l10n.t('Clear');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Clear the Wave build history? The builds stay on Wave.'), { modal: true }, CLEAR);
    if (choice !== CLEAR) throw new CancelledError();
    await services.waveBuilds.clear();
  };
}

/** Stops watching a running build (from the view, or when the progress notification is gone); the build goes on. */
export function stopWatching(services: Services) {
  return async (arg?: unknown): Promise<boolean> => {
    const entry = await entryOf(services, arg);
    if (!services.waveBuilds.stopWatching(entry.id, new CancelledError('Stopped watching.'))) {
      throw inputError('This window is not watching that build.');
    }
    return true;
  };
}
