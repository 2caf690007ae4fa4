import * as path from 'node:path';
import * as vscode from 'vscode';
import { readWaveSettings } from './waveSettings';
import { CancelledError } from '../net/errors';
import type { Services } from '../services';
import { analyseDockerfile } from '../wave/dockerfile';
import type { BuildOptions } from '../wave/request';
import { readTarget, type FileTarget } from './buildTarget';
import { askBuildOptions } from './optionsFlow';
import { prepareFile } from './prepareSource';
import { runWaveBuild, type BuildOutcome } from './runBuild';
import { requireTrust, resolveUri } from './waveBuild';

/**
 * `wave.buildWithOptions`: like "Build with Wave", with the options asked
 * first (and, for a Dockerfile that copies local files, the context folder).
 * A second argument of options skips the questions (programmatic use, tests);
 * the explorer's second argument, the selected Uris, is ignored.
 */
export interface OptionsArg extends Partial<BuildOptions> {
  contextDir?: string;
}

function isOptionsArg(v: unknown): v is OptionsArg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);
}

export function buildWithOptions(services: Services) {
  return async (arg?: unknown, second?: unknown): Promise<BuildOutcome> => {
    requireTrust();
    const target = await readTarget(await resolveUri(arg));
    const settings = readWaveSettings();
    let options: BuildOptions;
    let contextDir: string | undefined;
    if (isOptionsArg(second)) {
      const { contextDir: dir, ...rest } = second;
      options = { ...settings.options, ...rest };
      contextDir = dir;
    } else {
      options = await askBuildOptions(settings.options, target.kind, services.session.waveCredentials() !== undefined);
      contextDir = await askContextDir(target);
    }
    return runWaveBuild(
      services,
      (signal) => prepareFile(target, settings.channels, services.waveOutput, signal, contextDir),
      options,
      settings.pollMaxMs,
      vscode.l10n.t('Wave build: {0}', target.fileName),
    );
  };
}

async function askContextDir(target: FileTarget): Promise<string | undefined> {
  if (target.kind !== 'dockerfile' || target.uri.scheme !== 'file') return undefined;
  if (analyseDockerfile(target.bytes, target.fileName).localSources.length === 0) return undefined;
  const own = path.dirname(target.uri.fsPath);
  const choice = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t("The Dockerfile's folder"), description: vscode.workspace.asRelativePath(own), own: true },
      { label: vscode.l10n.t('Another folder…'), own: false },
    ],
    { title: vscode.l10n.t('Build context'), ignoreFocusOut: true },
  );
  if (!choice) throw new CancelledError();
  if (choice.own) return undefined;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(own), openLabel: vscode.l10n.t('Use as build context') });
  if (!picked?.[0]) throw new CancelledError();
  return picked[0].fsPath;
}
