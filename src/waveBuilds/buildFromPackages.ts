import * as vscode from 'vscode';
import { readWaveSettings } from './waveSettings';
import { CancelledError } from '../net/errors';
import type { Services } from '../services';
import { packageListProblem, parsePackageList } from '../wave/condaPackages';
import { preparePackages } from './prepareSource';
import { runWaveBuild, type BuildOutcome } from './runBuild';
import { requireTrust } from './waveBuild';

/** `wave.buildFromPackages`: a container from conda packages typed in an input box (or passed as a string). */
export function buildFromPackages(services: Services) {
  return async (arg?: unknown): Promise<BuildOutcome> => {
    requireTrust();
    const settings = readWaveSettings();
    const typed =
      typeof arg === 'string'
        ? arg
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Build with Wave from packages'),
            prompt: vscode.l10n.t('Conda packages separated by spaces (channels: {0})', settings.channels.join(', ')),
            placeHolder: 'bioconda::samtools=1.17 bioconda::bcftools=1.17',
            ignoreFocusOut: true,
            validateInput: (value) => (value.trim() === '' ? undefined : packageListProblem(value)),
          });
    if (typed === undefined) throw new CancelledError();
    const entries = parsePackageList(typed);
    return runWaveBuild(
      services,
      async () => preparePackages(entries, settings.channels),
      settings.options,
      settings.pollMaxMs,
      vscode.l10n.t('Wave build: {0}', entries.join(' ')),
    );
  };
}
