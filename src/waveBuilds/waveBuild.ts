import * as vscode from 'vscode';
import { readWaveSettings } from './waveSettings';
import { inputError } from '../net/errors';
import type { Services } from '../services';
import { pickTarget, readTarget } from './buildTarget';
import { prepareFile } from './prepareSource';
import { runWaveBuild, type BuildOutcome } from './runBuild';

/**
 * `wave.build`: "Build with Wave" from the explorer, the editor title and
 * context menus (a Uri argument) or the palette (the active editor's file,
 * else a pick), with the default options from `seqera.wave.*`.
 */
export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) {
    throw inputError(vscode.l10n.t('Building with Wave reads files of this workspace and sends them to Wave: trust the workspace first.'));
  }
}

export async function resolveUri(arg: unknown): Promise<vscode.Uri> {
  return arg instanceof vscode.Uri ? arg : pickTarget();
}

export function waveBuild(services: Services) {
  return async (arg?: unknown): Promise<BuildOutcome> => {
    requireTrust();
    const target = await readTarget(await resolveUri(arg));
    const settings = readWaveSettings();
    return runWaveBuild(
      services,
      (signal) => prepareFile(target, settings.channels, services.waveOutput, services.problems, signal),
      settings.options,
      settings.pollMaxMs,
      vscode.l10n.t('Wave build: {0}', target.fileName),
    );
  };
}
