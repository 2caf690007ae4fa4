import * as vscode from 'vscode';
import { readWaveSettings } from './waveSettings';
import { CancelledError, inputError } from '../net/errors';
import { entryOf, targetOf } from './buildArg';
import type { Services } from '../services';
import { WaveClient } from '../wave/client';
import { readTarget } from './buildTarget';
import { prepareCran, prepareFile, prepareImage, preparePackages, withLayers, type PreparedSource } from './prepareSource';
import { copyWithConfirmation, runWaveBuild, type BuildOutcome } from './runBuild';
import { openReadOnly } from './waveDocuments';
import { requireTrust } from './waveBuild';

/**
 * The Wave Builds view's actions. Each takes a view node (or anything with the
 * build's request `id`, and a `platform` for one platform of a multi-platform
 * build); from the palette it asks which build.
 */
export function copyImageName(services: Services) {
  return async (arg?: unknown): Promise<string> => {
    const entry = await entryOf(services, arg);
    await copyWithConfirmation(services, entry.targetImage);
    return entry.targetImage;
  };
}

export function openBuildPage(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const entry = await entryOf(services, arg);
    const client = new WaveClient(entry.waveUrl, services.http);
    const t = targetOf(entry, arg);
    const page = t.child ? client.buildPageUrl(t.child.buildId) : (entry.detailsUri ?? (entry.buildId ? client.buildPageUrl(entry.buildId) : undefined));
    if (!page) throw inputError(vscode.l10n.t('Wave did not build anything for this request, so it has no build page.'));
    await vscode.env.openExternal(vscode.Uri.parse(page));
  };
}

export function openScanReport(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const entry = await entryOf(services, arg);
    const { scanId } = targetOf(entry, arg);
    if (!scanId) throw inputError(vscode.l10n.t('This build has no vulnerability scan.'));
    await vscode.env.openExternal(vscode.Uri.parse(new WaveClient(entry.waveUrl, services.http).scanPageUrl(scanId)));
  };
}

/**
 * Opens the build log read-only (`seqera-wave:`, never an Untitled editor): from this session's memory, else fetched
 * from Wave (up to 16 MiB) under a cancellable progress whose Cancel aborts the request.
 */
export function showBuildLog(services: Services) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const entry = await entryOf(services, arg);
    const t = targetOf(entry, arg);
    let log = t.child ? undefined : services.waveBuilds.log(entry.id);
    const buildId = t.buildId;
    if (log === undefined && buildId) {
      const client = new WaveClient(entry.waveUrl, services.http);
      const mirror = entry.mirror && !t.child;
      log = await services.wave.ui.progress(vscode.l10n.t('Fetching the build log of {0}', buildId), (_progress, signal) =>
        mirror ? client.mirrorLog(buildId, signal) : client.buildLog(buildId, signal),
      );
      if (log !== undefined && !t.child) services.waveBuilds.rememberLog(entry.id, log);
    }
    if (log === undefined) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Wave does not serve the log of this build yet.'));
      return undefined;
    }
    const name = `${t.buildId ?? entry.id}${t.child ? `-${t.child.platform}` : ''}.log`;
    await openReadOnly(services.context, name, log, 'log');
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
    const layered = (prepare: (signal: AbortSignal) => Promise<PreparedSource>) => async (signal: AbortSignal) =>
      withLayers(await prepare(signal), entry.options.layerDirs, services.waveOutput, signal);
    const title = vscode.l10n.t('Wave build: {0}', source.label);
    if (source.kind === 'packages') return runWaveBuild(services, layered(async () => preparePackages(source.entries, source.channels)), entry.options, settings.pollMaxMs, title);
    if (source.kind === 'cran') return runWaveBuild(services, layered(async () => prepareCran(source.entries)), entry.options, settings.pollMaxMs, title);
    if (source.kind === 'image') return runWaveBuild(services, layered(async () => prepareImage(source.image)), entry.options, settings.pollMaxMs, title);
    const target = await readTarget(vscode.Uri.parse(source.uri));
    return runWaveBuild(
      services,
      layered((signal) => prepareFile(target, settings.channels, services.waveOutput, services.problems, signal, source.contextDir)),
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

/**
 * Stops watching a running build (from the view, or when the progress notification is gone); the build goes on.
 * On a group of builds (an nf-core module's four): every build of it this window watches. Its requests are aborted.
 */
export function stopWatching(services: Services) {
  return async (arg?: unknown): Promise<boolean> => {
    const group = typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'group' ? (arg as { key?: unknown }).key : undefined;
    if (typeof group === 'string') {
      const watched = services.waveBuilds.list().filter((e) => e.group?.key === group && services.waveBuilds.isWatching(e.id));
      if (watched.length === 0) throw inputError(vscode.l10n.t('This window is not watching any build of that group.'));
      for (const e of watched) services.waveBuilds.stopWatching(e.id, new CancelledError(vscode.l10n.t('Stopped watching.')));
      return true;
    }
    const entry = await entryOf(services, arg, (e) => services.waveBuilds.isWatching(e.id));
    if (!services.waveBuilds.stopWatching(entry.id, new CancelledError(vscode.l10n.t('Stopped watching.')))) {
      throw inputError(vscode.l10n.t('This window is not watching that build.'));
    }
    return true;
  };
}
