import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import type { StudiosFeature } from './studiosFeature';
import { connectUrl } from './open';
import { ensureCan, requireContext, studioFromArg } from './resolve';

/** Seqera: Copy Studio URL. Resolves with the URL it copied. */
export async function copyStudioUrl(f: StudiosFeature, arg?: unknown): Promise<string | undefined> {
  const studio = await studioFromArg(f, arg, 'copyUrl', vscode.l10n.t('Copy Studio URL'));
  if (!studio) return undefined;
  ensureCan(studio, 'copyUrl');
  const url = connectUrl(requireContext(f), studio);
  await f.ui.copy(url);
  void f.ui.info(vscode.l10n.t('Copied the URL of Studio {0}.', studio.name));
  return url;
}

/** Seqera: Copy SSH Command (Studios started with SSH enabled). Resolves with the command. */
export async function copySshCommand(f: StudiosFeature, arg?: unknown): Promise<string | undefined> {
  const studio = await studioFromArg(f, arg, 'copySsh', vscode.l10n.t('Copy SSH Command'));
  if (!studio) return undefined;
  ensureCan(studio, 'open');
  if (!studio.sshDetails) {
    throw inputError(vscode.l10n.t('Studio {0} was not started with SSH enabled.', studio.name));
  }
  await f.ui.copy(studio.sshDetails.command);
  void f.ui.info(vscode.l10n.t('Copied the SSH command of Studio {0}.', studio.name));
  return studio.sshDetails.command;
}
