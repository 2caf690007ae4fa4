import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import { studioConnectUrl } from '../platform/studioUrls';
import type { Studio } from '../platform/studioTypes';
import type { StudioContext } from './studioStore';
import type { StudiosFeature } from './studiosFeature';
import { ensureCan, requireContext, studioFromArg } from './resolve';

/** The web app's connect URL of a Studio, falling back to the Studio's own URL. */
export function connectUrl(ctx: StudioContext, studio: Studio): string {
  const url =
    studioConnectUrl({
      apiUrl: ctx.api.client.apiUrl,
      sessionId: studio.sessionId,
      orgName: ctx.orgName,
      workspaceName: ctx.workspaceName,
      userName: ctx.userName,
    }) ?? studio.studioUrl;
  if (!url) throw inputError(vscode.l10n.t('Cannot work out the address of Studio {0}.', studio.name));
  return url;
}

/** Seqera: Open Studio in Browser. Resolves with the URL it opened. */
export async function openStudio(f: StudiosFeature, arg?: unknown): Promise<string | undefined> {
  const studio = await studioFromArg(f, arg, 'open', vscode.l10n.t('Open Studio in Browser'));
  if (!studio) return undefined;
  ensureCan(studio, 'open');
  const url = connectUrl(requireContext(f), studio);
  await f.ui.openExternal(url);
  return url;
}
