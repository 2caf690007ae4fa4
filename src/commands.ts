import type { Services } from './services';
import { addEndpoint, importEnvToken, removeEndpoint, requireSignIn, showStatusMenu, signIn, signInWithExistingCredentials, signOut, switchEndpoint, useEnterpriseEndpoint } from './accounts';
import { inspectImageCommand } from './waveInspect';
import { refreshWorkspaces, selectWorkspace } from './workspaces';
import { registerCommand, type CommandHandler, type CommandOptions } from './ui/commandRegistry';
import { addSshKey, connectRemoteSsh, listSshKeys, removeSshKey } from './remoteSsh';
import { clearStudioFilter, clearStudioSearch, searchStudios, setMyStudios, copySshCommand, copyStudioLink, copyStudioUrl, createStudio, deleteStudio, editStudio, extendLifespan, filterStudios, loadMoreCheckpoints, openStudio, refreshStudios, renameCheckpoint, showRunningStudios, showStudioBuildLog, startFromCheckpoint, startStudio, stopStudio } from './studios';
import { buildModuleContainers } from './moduleContainers';
import { buildFromPackages, buildWithOptions, clearBuildHistory, copyImageName, copyNextflowConfig, downloadCondaLock, downloadSbom, openBuildPage, openScanReport, rebuild, showBuildLog, showScanLog, stopWatching, waveBuild } from './waveBuilds';

/**
 * A handler a factory makes, made when the command first runs: registering it runs none of the factory's
 * module, which may live in dist/lazy/features.js (esbuild.js LAZY_SOURCES).
 */
function madeOnFirstRun(make: () => CommandHandler): CommandHandler {
  let handler: CommandHandler | undefined;
  return (...args) => (handler ??= make())(...args);
}

/** The flat table of every command the extension contributes: one line each. */
export function registerCommands(services: Services): void {
  const { context, log, studios } = services;
  const deps = { log };
  // Commands that need an account: in the palette when signed out too, answering "Sign in first" (#17.8).
  const signedIn: CommandOptions = { precondition: () => requireSignIn(services.session) };
  registerCommand(context, deps, 'seqera.showLogs', () => log.show(true));
  registerCommand(context, deps, 'seqera.signIn', (token?: unknown) => signIn(services, token), { isAutomation: (token) => typeof token === 'string' });
  registerCommand(context, deps, 'seqera.signOut', () => signOut(services));
  registerCommand(context, deps, 'seqera.statusMenu', () => showStatusMenu(services));
  registerCommand(context, deps, 'seqera.useEnterpriseEndpoint', (api?: unknown, wave?: unknown) => useEnterpriseEndpoint(services, api, wave));
  registerCommand(context, deps, 'seqera.selectWorkspace', (node?: unknown) => selectWorkspace(services, node), signedIn);
  registerCommand(context, deps, 'seqera.refreshWorkspaces', () => refreshWorkspaces(services), signedIn);
  registerCommand(context, deps, 'seqera.switchEndpoint', (arg?: unknown) => switchEndpoint(services, arg));
  registerCommand(context, deps, 'seqera.addEndpoint', (arg?: unknown) => addEndpoint(services, arg));
  registerCommand(context, deps, 'seqera.removeEndpoint', (arg?: unknown) => removeEndpoint(services, arg));
  registerCommand(context, deps, 'seqera.importEnvToken', () => importEnvToken(services));
  registerCommand(context, deps, 'seqera.signInExisting', () => signInWithExistingCredentials(services));
  registerCommand(context, deps, 'wave.inspectImage', (arg?: unknown) => inspectImageCommand(services, arg));
  registerCommand(context, deps, 'seqera.studios.refresh', (node?: unknown) => refreshStudios(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.filter', (text?: unknown) => filterStudios(studios, text), signedIn);
  registerCommand(context, deps, 'seqera.studios.clearFilter', () => clearStudioFilter(studios));
  registerCommand(context, deps, 'seqera.studios.showMine', () => setMyStudios(studios, true), signedIn);
  registerCommand(context, deps, 'seqera.studios.showAll', () => setMyStudios(studios, false), signedIn);
  registerCommand(context, deps, 'seqera.studios.search', (text?: unknown) => searchStudios(studios, text), signedIn);
  registerCommand(context, deps, 'seqera.studios.clearSearch', () => clearStudioSearch(studios));
  registerCommand(context, deps, 'seqera.studios.start', (node?: unknown) => startStudio(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.startWithOptions', (node?: unknown) => startStudio(studios, node, true), signedIn);
  registerCommand(context, deps, 'seqera.studios.stop', (node?: unknown) => stopStudio(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.openInBrowser', (node?: unknown) => openStudio(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.copyUrl', (node?: unknown) => copyStudioUrl(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.copyLink', (node?: unknown) => copyStudioLink(services, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.copySshCommand', (node?: unknown) => copySshCommand(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.connectRemoteSsh', (node?: unknown) => connectRemoteSsh(services, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.startAndConnectRemoteSsh', (node?: unknown) => connectRemoteSsh(services, node, true), signedIn);
  registerCommand(context, deps, 'seqera.sshKeys.add', () => addSshKey(services), signedIn);
  registerCommand(context, deps, 'seqera.sshKeys.list', () => listSshKeys(services), signedIn);
  registerCommand(context, deps, 'seqera.sshKeys.remove', (key?: unknown) => removeSshKey(services, key), signedIn);
  registerCommand(context, deps, 'seqera.studios.showBuildLog', (node?: unknown) => showStudioBuildLog(services, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.extendLifespan', (node?: unknown) => extendLifespan(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.delete', (node?: unknown) => deleteStudio(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.edit', (node?: unknown, edits?: unknown) => editStudio(studios, node, edits), { ...signedIn, isAutomation: (_node, edits) => edits !== undefined });
  registerCommand(context, deps, 'seqera.studios.create', () => createStudio(studios), signedIn);
  registerCommand(context, deps, 'seqera.studios.startFromCheckpoint', (node?: unknown) => startFromCheckpoint(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.renameCheckpoint', (node?: unknown) => renameCheckpoint(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.loadMoreCheckpoints', (node?: unknown) => loadMoreCheckpoints(studios, node), signedIn);
  registerCommand(context, deps, 'seqera.studios.showRunning', () => showRunningStudios(studios), signedIn);
  registerCommand(context, deps, 'wave.build', madeOnFirstRun(() => waveBuild(services)));
  registerCommand(context, deps, 'wave.buildWithOptions', (arg?: unknown, second?: unknown) => buildWithOptions(services, arg, second));
  registerCommand(context, deps, 'wave.buildFromPackages', madeOnFirstRun(() => buildFromPackages(services)));
  registerCommand(context, deps, 'wave.showBuildLog', madeOnFirstRun(() => showBuildLog(services)));
  registerCommand(context, deps, 'wave.openBuildPage', madeOnFirstRun(() => openBuildPage(services)));
  registerCommand(context, deps, 'wave.openScanReport', madeOnFirstRun(() => openScanReport(services)));
  registerCommand(context, deps, 'wave.downloadSbom', madeOnFirstRun(() => downloadSbom(services)));
  registerCommand(context, deps, 'wave.showScanLog', madeOnFirstRun(() => showScanLog(services)));
  registerCommand(context, deps, 'wave.downloadCondaLock', madeOnFirstRun(() => downloadCondaLock(services)));
  registerCommand(context, deps, 'wave.rebuild', madeOnFirstRun(() => rebuild(services)));
  registerCommand(context, deps, 'wave.copyImageName', madeOnFirstRun(() => copyImageName(services)));
  registerCommand(context, deps, 'wave.copyNextflowConfig', madeOnFirstRun(() => copyNextflowConfig(services)));
  registerCommand(context, deps, 'wave.stopWatching', madeOnFirstRun(() => stopWatching(services)));
  registerCommand(context, deps, 'wave.clearBuildHistory', madeOnFirstRun(() => clearBuildHistory(services)));
  registerCommand(context, deps, 'wave.showBuildOutput', () => services.waveOutput.show());
  registerCommand(context, deps, 'seqera.moduleContainers.build', (arg?: unknown) => buildModuleContainers(services, arg));
}
