import * as vscode from 'vscode';
import { CancelledError, inputError } from '../net/errors';
import { isCommunitySif, nextflowContainerLine, type NextflowForm } from '../nfcore/nextflowContainer';
import { sifHttpsUrl, withoutOras } from '../nfcore/singularityUrl';
import type { Services } from '../services';
import { inspectImage } from '../wave/inspect';
import { entryOf } from './buildArg';
import type { WaveBuildEntry } from './waveBuildHistory';

/**
 * "Copy as Nextflow Config" on a finished build: the image as a nextflow.config
 * line (`process.container = '…'`) or a process directive (`container '…'`),
 * copied and confirmed as Copy Studio URL does. A Seqera Containers Singularity
 * image is offered as nf-core writes it in main.nf, the HTTPS URL of its SIF file
 * (from Wave's inspection of the image: its single SIF layer), and as its
 * `oras://` name. Automation: `{ id, form: 'config' | 'directive', singularity?: 'https' | 'oras' }` asks nothing.
 */
interface Choice extends vscode.QuickPickItem {
  form: NextflowForm;
  https: boolean;
}

function option(arg: unknown, key: string): unknown {
  return typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>)[key] : undefined;
}

export function copyNextflowConfig(services: Services) {
  return async (arg?: unknown): Promise<string> => {
    const entry = await entryOf(services, arg, (e) => e.state === 'succeeded');
    if (entry.state !== 'succeeded') throw inputError(vscode.l10n.t('Only a finished build has an image to use in Nextflow: this one has not succeeded.'));
    const image = entry.targetImage;
    const communitySif = isCommunitySif(image);
    const given = option(arg, 'form');
    const form = given === 'config' || given === 'directive' ? given : undefined;
    const https = communitySif && option(arg, 'singularity') !== 'oras' ? await sifUrl(services, entry) : undefined;
    let choice: { form: NextflowForm; https: boolean };
    if (form) {
      choice = { form, https: https !== undefined };
    } else {
      const items: Choice[] = [
        ...(https
          ? [
              { label: nextflowContainerLine(https, 'config'), description: vscode.l10n.t('nextflow.config · the HTTPS URL of the SIF file, as nf-core'), form: 'config' as const, https: true },
              { label: nextflowContainerLine(https, 'directive'), description: vscode.l10n.t('process directive · the HTTPS URL of the SIF file, as nf-core'), form: 'directive' as const, https: true },
            ]
          : []),
        { label: nextflowContainerLine(image, 'config'), description: vscode.l10n.t('nextflow.config'), form: 'config', https: false },
        { label: nextflowContainerLine(image, 'directive'), description: vscode.l10n.t('process directive (main.nf)'), form: 'directive', https: false },
      ];
      const picked = await services.wave.ui.pick(items, { title: vscode.l10n.t('Copy as Nextflow Config: {0}', entry.source.label) });
      if (!picked) throw new CancelledError();
      choice = picked;
    }
    const text = nextflowContainerLine(choice.https && https ? https : image, choice.form);
    await services.wave.ui.copy(text);
    void services.wave.ui.message('info', choice.form === 'config' ? vscode.l10n.t('Copied the Nextflow config line {0}.', text) : vscode.l10n.t('Copied the container directive {0}.', text));
    return text;
  };
}

/** The HTTPS URL of a Seqera Containers SIF file: remembered in the history, else from Wave's inspection (anonymous: the image is public). */
async function sifUrl(services: Services, entry: WaveBuildEntry): Promise<string> {
  if (entry.sifUrl) return entry.sifUrl;
  const url = await services.wave.ui.progress(vscode.l10n.t('Finding the HTTPS URL of {0}', entry.targetImage), async (_progress, signal) =>
    sifHttpsUrl(entry.targetImage, await inspectImage(services.http, entry.waveUrl, { image: withoutOras(entry.targetImage), platform: entry.options.platform, signal })),
  );
  await services.waveBuilds.update(entry.id, { sifUrl: url });
  return url;
}
