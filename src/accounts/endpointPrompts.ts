import * as vscode from 'vscode';
import { askEndpointUrls } from './endpointInput';
import { CLOUD_ENDPOINT, type SavedEndpoint } from './savedEndpoints';

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

export type EndpointPick = { kind: 'switch'; endpoint: SavedEndpoint } | { kind: 'add' } | { kind: 'addCloud' } | { kind: 'remove'; endpoint: SavedEndpoint };

export type EnvOfferAnswer = 'signIn' | 'notNow';

/** One line of "Sign In with Existing Credentials…": where it came from, never the token. */
export interface ExistingChoice {
  /** Seqera CLI, Nextflow (nextflow auth login), Environment variables */
  source: string;
  /** The file or the variables. */
  origin: string;
  /** Endpoint URL, or undefined when the source is unusable. */
  apiUrl?: string;
  workspace?: string;
  /** Why it cannot be used (shown instead of the endpoint). */
  problem?: string;
  notes: string[];
}

export interface EndpointPrompts {
  pickEndpoint(choices: readonly EndpointChoice[]): Promise<EndpointPick | undefined>;
  newEndpoint(): Promise<{ label?: string; apiUrl: string; waveUrl: string } | undefined>;
  confirmRemove(endpoint: SavedEndpoint, hasToken: boolean): Promise<boolean>;
  offerEnvToken(apiUrl: string, workspace: string | undefined): Promise<EnvOfferAnswer | undefined>;
  /** Resolves with the index of the chosen line. */
  pickExistingCredentials(choices: readonly ExistingChoice[]): Promise<number | undefined>;
  /** The file is readable by group or others: make it 0600? */
  offerPrivateFile(file: string, mode: string): Promise<boolean>;
  /** The one-time offer for credentials found in a file or SEQERA_ACCESS_TOKEN. */
  offerExistingCredentials(source: string, origin: string, apiUrl: string): Promise<EnvOfferAnswer | undefined>;
  /** Signing in to `apiUrl` makes it the active endpoint instead of `active`: go on? */
  confirmEndpointChange(apiUrl: string, active: string | undefined): Promise<boolean>;
  /**
   * TOWER_API_ENDPOINT names an Enterprise install and WAVE_ENDPOINT is not set: which Wave gets this
   * endpoint's token? A URL (the install's own Wave, or the public one the user picked), or undefined (cancel).
   */
  envWaveUrl(apiUrl: string, publicWave: string): Promise<string | undefined>;
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
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  // Seqera Cloud is listed once it was added (or is in use); until then it is an explicit add (#17.10).
  if (!choices.some((c) => c.apiUrl === CLOUD_ENDPOINT.apiUrl)) {
    items.push({ label: `$(add) ${vscode.l10n.t('Add Seqera Cloud')}`, description: CLOUD_ENDPOINT.apiUrl, pick: { kind: 'addCloud' } });
  }
  items.push({ label: `$(add) ${vscode.l10n.t('Add Endpoint…')}`, pick: { kind: 'add' } });
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

async function pickExistingCredentials(choices: readonly ExistingChoice[]): Promise<number | undefined> {
  type Item = vscode.QuickPickItem & { index: number };
  const items: Item[] = choices.map((c, index) => ({
    index,
    label: `${c.problem ? '$(error)' : '$(key)'} ${c.source}`,
    description: c.problem ? vscode.l10n.t('cannot be used') : new URL(c.apiUrl!).host + (c.workspace ? ` · ${vscode.l10n.t('workspace {0}', c.workspace)}` : ''),
    detail: [c.origin, c.problem ?? c.apiUrl, ...c.notes].filter(Boolean).join(' · '),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Seqera: Sign In with Existing Credentials'),
    placeHolder: vscode.l10n.t('Credentials found on this machine (the token is checked with the Platform before it is saved)'),
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  return picked?.index;
}

async function offerPrivateFile(file: string, mode: string): Promise<boolean> {
  const fix = vscode.l10n.t('Make It Private (0600)');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('{0} can be read by other users of this machine (mode {1}): anyone who can read it can use your Seqera token.', file, mode),
    {
      modal: true,
      detail: vscode.l10n.t('Nextflow before 25.10.6 and 26.04.3 wrote it that way (advisory GHSA-92qf-fcph-v5wr). Make it readable by you only?'),
    },
    fix,
  );
  return answer === fix;
}

async function offerExistingCredentials(source: string, origin: string, apiUrl: string): Promise<EnvOfferAnswer | undefined> {
  const signIn = vscode.l10n.t('Sign In');
  const notNow = vscode.l10n.t('Not Now');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Seqera credentials from {0} ({1}) were found for {2}. Sign in with them? "Seqera: Sign In with Existing Credentials…" lists everything found.',
      source,
      origin,
      new URL(apiUrl).host,
    ),
    signIn,
    notNow,
  );
  return answer === signIn ? 'signIn' : answer === notNow ? 'notNow' : undefined;
}

async function confirmEndpointChange(apiUrl: string, active: string | undefined): Promise<boolean> {
  const go = vscode.l10n.t('Sign In and Switch');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('These credentials are for {0}.', apiUrl),
    { modal: true, detail: active ? vscode.l10n.t('Signing in makes it the active endpoint instead of {0}.', active) : undefined },
    go,
  );
  return answer === go;
}

async function envWaveUrl(apiUrl: string, publicWave: string): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { url?: string };
  const own: Item = { label: vscode.l10n.t('Enter the Wave URL of {0}…', new URL(apiUrl).host), detail: vscode.l10n.t('Your installation runs its own Wave') };
  const pub: Item = { label: vscode.l10n.t('Use the public Wave ({0})', publicWave), detail: vscode.l10n.t('Wave gets this Platform\'s token, as with WAVE_ENDPOINT={0}', publicWave), url: publicWave };
  const pick = await vscode.window.showQuickPick([own, pub], {
    title: vscode.l10n.t('Which Wave goes with {0}?', apiUrl),
    placeHolder: vscode.l10n.t('TOWER_API_ENDPOINT is set but WAVE_ENDPOINT is not: choose the Wave that gets this token'),
    ignoreFocusOut: true,
  });
  if (!pick) return undefined;
  if (pick.url) return pick.url;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Wave URL of {0}', apiUrl),
    prompt: vscode.l10n.t('e.g. https://wave.example.com'),
    ignoreFocusOut: true,
  });
}

export function createEndpointPrompts(): EndpointPrompts {
  return { pickEndpoint, newEndpoint, confirmRemove, offerEnvToken, envWaveUrl, pickExistingCredentials, offerExistingCredentials, offerPrivateFile, confirmEndpointChange };}
