import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import type { Studio } from '../platform/studioTypes';
import type { Services } from '../services';
import { showWaveBuildLogById } from '../waveBuilds';
import { isStudioRef, requireContext, studioPickItem } from './resolve';

/**
 * Seqera: Show Build Log, for a Studio whose image Wave builds (`building`) or
 * failed to build (`buildFailed`): the Studio's `waveBuildUrl` names the
 * build (`…/view/builds/<buildId>`), whose log goes to the "Seqera: Wave
 * builds" channel through the Wave builds feature. The log is asked only of
 * the active endpoint's own Wave: a URL on another host gets no request at all
 * (and so never the token), only the offer to open it in the browser.
 */
const BUILD_STATUSES = ['building', 'buildFailed'];

export const hasBuildLog = (s: Studio): boolean => BUILD_STATUSES.includes(s.statusInfo.status) && !!s.waveBuildUrl;

/** The build id of a Wave build page URL, or undefined when the URL is not one. */
export function buildIdOf(url: URL): string | undefined {
  const m = /\/view\/builds\/([A-Za-z0-9][A-Za-z0-9_.-]*)\/?$/.exec(url.pathname);
  return m?.[1];
}

export type StudioBuildLogResult =
  | { shown: true; buildId: string; log: string }
  | { shown: false; reason: 'notServedYet' | 'otherHost' | 'noBuild'; buildId?: string };

export async function showStudioBuildLog(services: Services, arg?: unknown): Promise<StudioBuildLogResult | undefined> {
  const f = services.studios;
  const studio = await resolve(services, arg);
  if (!studio) return undefined;
  const openPage = vscode.l10n.t('Open Build Page');
  if (!studio.waveBuildUrl) {
    void f.ui.info(vscode.l10n.t('Studio {0} has no Wave build: the Platform builds an image only for a conda environment or a custom image, when the Studio starts.', studio.name));
    return { shown: false, reason: 'noBuild' };
  }
  let url: URL;
  try {
    url = new URL(studio.waveBuildUrl);
  } catch {
    throw inputError(vscode.l10n.t('The Platform gave Studio {0} a Wave build URL that is not a URL: {1}', studio.name, studio.waveBuildUrl.slice(0, 200)));
  }
  const buildId = buildIdOf(url);
  if (!buildId) throw inputError(vscode.l10n.t('The Wave build URL of Studio {0} names no build (expected …/view/builds/<id>): {1}', studio.name, studio.waveBuildUrl.slice(0, 200)));
  const waveUrl = services.session.endpoints?.waveUrl;
  if (!waveUrl || new URL(waveUrl).origin !== url.origin) {
    services.log.warn(`Studio ${studio.sessionId}: build ${buildId} is on ${url.host}, not on this endpoint's Wave (${waveUrl ?? 'none'}): log not fetched`);
    const choice = await f.ui.warn(
      vscode.l10n.t(
        'The image of Studio {0} was built by the Wave at {1}, not this endpoint\'s Wave ({2}). Seqera asks only the endpoint\'s own Wave, so the log is not fetched here; open the build page to read it.',
        studio.name,
        url.host,
        waveUrl ? new URL(waveUrl).host : vscode.l10n.t('none'),
      ),
      openPage,
    );
    if (choice === openPage) await f.ui.openExternal(url.toString());
    return { shown: false, reason: 'otherHost', buildId };
  }
  const log = await f.ui.progress(vscode.l10n.t('Reading the build log of Studio {0}', studio.name), (_p, signal) =>
    showWaveBuildLogById(services, { waveUrl, buildId, heading: vscode.l10n.t('Build log of Studio {0} (Wave build {1}, {2}):', studio.name, buildId, studio.statusInfo.status) }, signal),
  );
  if (log === undefined) {
    const choice = await f.ui.info(
      studio.statusInfo.status === 'building'
        ? vscode.l10n.t('Wave is still building the image of Studio {0}; it serves the log once the build ends.', studio.name)
        : vscode.l10n.t('Wave does not serve the log of the image build of Studio {0}.', studio.name),
      openPage,
    );
    if (choice === openPage) await f.ui.openExternal(url.toString());
    return { shown: false, reason: 'notServedYet', buildId };
  }
  return { shown: true, buildId, log };
}

async function resolve(services: Services, arg: unknown): Promise<Studio | undefined> {
  const f = services.studios;
  const ctx = requireContext(f);
  if (isStudioRef(arg)) return f.store.get(arg.sessionId) ?? (await ctx.api.getStudio(arg.sessionId));
  await f.store.ensureLoaded();
  if (f.store.state === 'error') throw f.store.lastError;
  const candidates = f.store.studios.filter(hasBuildLog).sort((a, b) => a.name.localeCompare(b.name));
  if (candidates.length === 0) {
    void f.ui.info(vscode.l10n.t('No Studio in {0} is building its image or failed to build it.', ctx.workspaceLabel));
    return undefined;
  }
  const picked = await f.ui.pick(candidates.map(studioPickItem), { title: vscode.l10n.t('Show Build Log'), placeHolder: vscode.l10n.t('Choose a Studio') });
  return picked?.studio;
}
