import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import type { Studio } from '../platform/studioTypes';
import { currentChoices, makeEndpoint, switchToEndpoint } from '../accounts';
import type { Services } from '../services';
import { canDo } from './studioStatus';
import { requireContext, studioFromArg } from './resolve';

/**
 * Deep links to a Studio: `vscode://<publisher>.<name>/studio?endpoint=…&workspaceId=…&sessionId=…`
 * (`workspaceId` absent = the personal workspace). *Copy VS Code Link* writes
 * one; the UriHandler opens one: it reveals the Studio's node and offers
 * Start, Open or Connect. A link may only name an endpoint the user saved:
 * an unknown server is refused, never switched to.
 */
export const STUDIO_LINK_PATH = '/studio';

export interface StudioLink {
  endpoint: string;
  workspaceId?: number;
  sessionId: string;
}

/** The link's parts, checked; a clear message for a broken link. */
export function parseStudioLink(uri: vscode.Uri): StudioLink {
  if (uri.path !== STUDIO_LINK_PATH) throw inputError(vscode.l10n.t('This Seqera link is not understood ({0}): only {1} links are.', uri.path, STUDIO_LINK_PATH));
  const q = new URLSearchParams(uri.query);
  const endpoint = q.get('endpoint')?.trim();
  const sessionId = q.get('sessionId')?.trim();
  const ws = q.get('workspaceId')?.trim();
  if (!endpoint) throw inputError(vscode.l10n.t('This Studio link names no endpoint (endpoint=…).'));
  if (!sessionId || !/^[A-Za-z0-9_-]{1,64}$/.test(sessionId)) throw inputError(vscode.l10n.t('This Studio link has no valid sessionId.'));
  if (ws !== undefined && ws !== '' && !/^\d{1,18}$/.test(ws)) throw inputError(vscode.l10n.t('This Studio link has an invalid workspaceId: {0}', ws));
  return { endpoint, sessionId, workspaceId: ws ? Number(ws) : undefined };
}

export function studioLink(extensionId: string, apiUrl: string, workspaceId: number | undefined, sessionId: string): string {
  const q = new URLSearchParams({ endpoint: apiUrl });
  if (workspaceId !== undefined) q.set('workspaceId', String(workspaceId));
  q.set('sessionId', sessionId);
  return `${vscode.env.uriScheme}://${extensionId}${STUDIO_LINK_PATH}?${q.toString()}`;
}

/** Seqera: Copy VS Code Link (of a Studio). */
export async function copyStudioLink(services: Services, arg?: unknown): Promise<string | undefined> {
  const f = services.studios;
  const studio = await studioFromArg(f, arg, 'any', vscode.l10n.t('Copy VS Code Link'));
  if (!studio) return undefined;
  const apiUrl = services.session.endpoints?.apiUrl;
  if (!apiUrl) throw inputError(vscode.l10n.t('Sign in to Seqera Platform first.'));
  const link = studioLink(services.context.extension.id, apiUrl, studio.workspaceId ?? services.workspaces.active?.workspaceId, studio.sessionId);
  await f.ui.copy(link);
  void f.ui.info(vscode.l10n.t('Copied a VS Code link to Studio {0}.', studio.name));
  return link;
}

/** Opens a Studio link: saved endpoint only, then the workspace, then the Studio's node and what can be done with it. */
export async function openStudioLink(services: Services, uri: vscode.Uri): Promise<Studio | undefined> {
  const link = parseStudioLink(uri);
  const f = services.studios;
  const apiUrl = makeEndpoint(link.endpoint).apiUrl;
  const known = currentChoices(services).find((e) => e.apiUrl === apiUrl);
  if (!known) {
    throw inputError(
      vscode.l10n.t(
        'The Studio link points to {0}, which is not one of your saved Seqera endpoints, so it was not opened. If you trust that server, add it with "Seqera: Add Endpoint" and open the link again.',
        apiUrl,
      ),
    );
  }
  if (services.session.endpoints?.apiUrl !== apiUrl) {
    const ok = await f.ui.confirm(
      vscode.l10n.t('Switch to {0} to open the linked Studio?', known.label),
      vscode.l10n.t('The link points to your saved endpoint {0} ({1}).', known.label, apiUrl),
      vscode.l10n.t('Switch'),
    );
    if (!ok) return undefined;
    await switchToEndpoint(services, known);
  }
  if (services.session.state !== 'signedIn') {
    const signIn = vscode.l10n.t('Sign In');
    if ((await f.ui.info(vscode.l10n.t('Sign in to {0} to open the linked Studio.', known.label), signIn)) === signIn) {
      await vscode.commands.executeCommand('seqera.signIn');
    }
    return undefined;
  }
  await services.workspaces.load();
  const workspace = services.workspaces.all().find((w) => w.workspaceId === link.workspaceId);
  if (!workspace) {
    throw inputError(vscode.l10n.t('The linked Studio is in workspace {0}, which your account on {1} cannot see.', String(link.workspaceId ?? 'Personal'), known.label));
  }
  if (services.workspaces.active?.workspaceId !== workspace.workspaceId || !services.workspaces.active) await services.workspaces.setActive(workspace);
  const ctx = requireContext(f);
  const studio = await ctx.api.getStudio(link.sessionId);
  f.store.applyStudio(studio, ctx);
  await f.store.ensureLoaded();
  if (f.view) {
    await vscode.commands.executeCommand('seqera.studios.focus');
    f.provider.refreshForReveal();
    await f.view.reveal(f.provider.nodeFor(studio.sessionId), { select: true, focus: true });
  }
  const actions: [string, string][] = [];
  if (canDo('start', studio)) actions.push([vscode.l10n.t('Start'), 'seqera.studios.start']);
  if (canDo('open', studio)) actions.push([vscode.l10n.t('Open'), 'seqera.studios.openInBrowser']);
  if (canDo('copySsh', studio)) actions.push([vscode.l10n.t('Connect'), 'seqera.studios.connectRemoteSsh']);
  const choice = await f.ui.info(vscode.l10n.t('Studio {0} ({1}) in {2}.', studio.name, studio.statusInfo.status, ctx.workspaceLabel), ...actions.map((a) => a[0]));
  const command = actions.find((a) => a[0] === choice)?.[1];
  if (command) await vscode.commands.executeCommand(command, { sessionId: studio.sessionId });
  return studio;
}

/** The extension's UriHandler: each link is opened as above; a failure is reported like a failed command. */
export function createStudioLinkHandler(services: Services, report: (e: unknown) => void): vscode.UriHandler & { handleUri(uri: vscode.Uri): Promise<void> } {
  return {
    async handleUri(uri) {
      try {
        await openStudioLink(services, uri);
      } catch (e) {
        report(e);
      }
    },
  };
}
