import * as vscode from 'vscode';
import { askEndpointUrls } from './endpointInput';
import type { SavedEndpoint } from './savedEndpoints';

/**
 * The questions of endpoint switching and of the environment-token offer,
 * behind an interface in `Services` so integration tests can answer them
 * (VS Code has no API to click a quick pick or a notification button).
 */
export interface EndpointChoice extends SavedEndpoint {
  active: boolean;
  signedIn: boolean;
  saved: boolean;
}

export type EndpointPick = { kind: 'switch'; endpoint: SavedEndpoint } | { kind: 'add' } | { kind: 'remove'; endpoint: SavedEndpoint };

export type EnvOfferAnswer = 'signIn' | 'notNow';

export interface EndpointPrompts {
  pickEndpoint(choices: readonly EndpointChoice[]): Promise<EndpointPick | undefined>;
  newEndpoint(): Promise<{ label?: string; apiUrl: string; waveUrl: string } | undefined>;
  confirmRemove(endpoint: SavedEndpoint, hasToken: boolean): Promise<boolean>;
  offerEnvToken(apiUrl: string, workspace: string | undefined): Promise<EnvOfferAnswer | undefined>;
}

function pickEndpoint(choices: readonly EndpointChoice[]): Promise<EndpointPick | undefined> {
  type Item = vscode.QuickPickItem & { pick?: EndpointPick; endpoint?: SavedEndpoint };
  const removeButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: vscode.l10n.t('Remove this endpoint') };
  const items: Item[] = choices.map((c) => ({
    label: `${c.active ? '$(check) ' : ''}${c.label}`,
    description: c.apiUrl,
    detail: `${vscode.l10n.t('Wave: {0}', c.waveUrl)} · ${c.signedIn ? vscode.l10n.t('token saved') : vscode.l10n.t('no token yet')}`,
    buttons: c.active || !c.saved ? [] : [removeButton],
    pick: { kind: 'switch', endpoint: c },
    endpoint: c,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(add) ${vscode.l10n.t('Add Endpoint…')}`, pick: { kind: 'add' } });
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = vscode.l10n.t('Seqera: Switch Endpoint');
  qp.placeholder = vscode.l10n.t('Choose the Seqera Platform to work with; each keeps its own token');
  qp.items = items;
  qp.matchOnDescription = true;
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: EndpointPick | undefined): void => {
      if (done) return;
      done = true;
      resolve(v);
      qp.dispose();
    };
    qp.onDidTriggerItemButton((e) => {
      if (e.item.endpoint) finish({ kind: 'remove', endpoint: e.item.endpoint });
    });
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.pick));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

async function newEndpoint(): Promise<{ label?: string; apiUrl: string; waveUrl: string } | undefined> {
  const urls = await askEndpointUrls({
    title: (step) => vscode.l10n.t('Add Seqera endpoint ({0}/3)', step),
    apiPrompt: vscode.l10n.t('URL of the Seqera Platform API: https://api.cloud.seqera.io, or https://<host>/api for Enterprise'),
    waveUrl: 'https://wave.seqera.io',
  });
  if (urls === undefined) return undefined;
  const label = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Seqera endpoint (3/3)'),
    prompt: vscode.l10n.t('A short name for this endpoint (optional)'),
    ignoreFocusOut: true,
  });
  if (label === undefined) return undefined;
  return { label: label.trim() || undefined, ...urls };
}

async function confirmRemove(endpoint: SavedEndpoint, hasToken: boolean): Promise<boolean> {
  const remove = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove the endpoint {0} ({1})?', endpoint.label, endpoint.apiUrl),
    { modal: true, detail: hasToken ? vscode.l10n.t('Its saved access token is deleted too.') : undefined },
    remove,
  );
  return answer === remove;
}

async function offerEnvToken(apiUrl: string, workspace: string | undefined): Promise<EnvOfferAnswer | undefined> {
  const signIn = vscode.l10n.t('Sign In');
  const notNow = vscode.l10n.t('Not Now');
  const where = new URL(apiUrl).host;
  const later = vscode.l10n.t('You can do it later with "Seqera: Sign In with Environment Token".');
  const answer = await vscode.window.showInformationMessage(
    workspace
      ? vscode.l10n.t('TOWER_ACCESS_TOKEN is set in your environment (as for tw and Nextflow). Sign in to {0} with it and open workspace {1}? {2}', where, workspace, later)
      : vscode.l10n.t('TOWER_ACCESS_TOKEN is set in your environment (as for tw and Nextflow). Sign in to {0} with it? {1}', where, later),
    signIn,
    notNow,
  );
  return answer === signIn ? 'signIn' : answer === notNow ? 'notNow' : undefined;
}

export function createEndpointPrompts(): EndpointPrompts {
  return { pickEndpoint, newEndpoint, confirmRemove, offerEnvToken };
}
