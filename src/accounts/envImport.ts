import * as vscode from 'vscode';
import type { SignedInUser } from './session';
import { isSameWorkspace, workspaceLabel } from '../workspaces';
import { SeqeraError, isCancellation } from '../net/errors';
import { registerSecret } from '../net/redact';
import { PlatformClient } from '../platform/client';
import { DEFAULT_PLATFORM_URL, DEFAULT_WAVE_URL, normaliseEndpoint } from '../platform/endpoint';
import type { Services } from '../services';
import { readSavedEndpoints } from './endpointList';
import { switchToEndpoint } from './endpointSwitch';
import { detectEnvCredentials, envOfferKey, type CredentialNaming, type Env, type EnvCredentials, type WorkspaceRef } from '../credentials/envCredentials';
import { makeEndpoint } from './savedEndpoints';

/**
 * Signing in with the token `tw` and Nextflow users already have in their
 * environment. The token is checked with GET /user-info against the
 * environment's own endpoint before anything is stored, then stored exactly
 * like a typed token (SecretStorage, under that endpoint's key). When the
 * environment names another endpoint than the active one, that endpoint is
 * saved and becomes active; `TOWER_WORKSPACE_ID` becomes the active workspace.
 */
export interface EnvImportResult {
  userName: string;
  apiUrl: string;
  workspace?: string;
}

const OFFERED_KEY = 'seqera.envTokenOffered';

const ENV_NAMING: CredentialNaming = { token: 'TOWER_ACCESS_TOKEN', workspace: 'TOWER_WORKSPACE_ID', fix: vscode.l10n.t('Check the token in your environment.') };

/** Reads the environment, registering a found token with the log redactor at once. */
export function readEnvCredentials(env: Env = process.env): ReturnType<typeof detectEnvCredentials> {
  const detection = detectEnvCredentials(env);
  if (detection.status === 'found') registerSecret(detection.credentials.token);
  return detection;
}

/**
 * The Wave URL for an endpoint met through the environment: a saved entry's, else WAVE_ENDPOINT (wave-cli),
 * else for Seqera Cloud the public Wave. For an Enterprise endpoint without WAVE_ENDPOINT the user is asked
 * (its token must not go to the public Wave silently); undefined when they cancel.
 */
async function waveUrlFor(services: Pick<Services, 'endpointPrompts'>, apiUrl: string, env: Env): Promise<string | undefined> {
  const saved = readSavedEndpoints().endpoints.find((e) => e.apiUrl === apiUrl);
  if (saved) return saved.waveUrl;
  const fromEnv = env.WAVE_ENDPOINT?.trim();
  if (fromEnv) return normaliseEndpoint(fromEnv, 'WAVE_ENDPOINT');
  if (apiUrl === DEFAULT_PLATFORM_URL) return DEFAULT_WAVE_URL;
  const answer = await services.endpointPrompts.envWaveUrl(apiUrl, DEFAULT_WAVE_URL);
  return answer === undefined ? undefined : normaliseEndpoint(answer, 'The Wave URL');
}

export async function importEnvCredentials(
  services: Services,
  credentials: EnvCredentials,
  env: Env = process.env,
  signal?: AbortSignal,
): Promise<EnvImportResult> {
  const { session, tokens, http, log } = services;
  const host = new URL(credentials.apiUrl).host;
  const naming = credentials.naming ?? ENV_NAMING;
  const probe = new PlatformClient({ apiUrl: credentials.apiUrl, token: credentials.token, http });
  try {
    await probe.userInfo(signal);
  } catch (e) {
    if (e instanceof SeqeraError && e.kind === 'auth') {
      throw new SeqeraError('auth', vscode.l10n.t('{0} rejected {1}, so it was not saved. {2}', host, naming.token, naming.fix), {
        status: e.status,
      });
    }
    throw e;
  }
  // Which Wave gets this endpoint's token is settled before anything is stored.
  const existing = readSavedEndpoints().endpoints.find((e) => e.apiUrl === credentials.apiUrl);
  const switching = session.endpoints?.apiUrl !== credentials.apiUrl;
  const waveUrl = switching && !existing ? await waveUrlFor(services, credentials.apiUrl, env) : undefined;
  if (switching && !existing && waveUrl === undefined) throw new SeqeraError('cancelled', vscode.l10n.t('Choosing the Wave URL was cancelled.'));
  await tokens.set(credentials.apiUrl, credentials.token);
  if (switching) {
    await switchToEndpoint(services, existing ?? makeEndpoint(credentials.apiUrl, waveUrl));
  } else {
    await session.reload();
  }
  const user: SignedInUser = await session.ensureUser(signal);
  log.info(`signed in to ${credentials.apiUrl} as ${user.userName} with ${naming.token}`);
  for (const w of credentials.warnings) log.warn(w);

  let workspace: string | undefined;
  if (credentials.workspace) workspace = await activateWorkspace(services, credentials.workspace, naming.workspace);
  return { userName: user.userName, apiUrl: credentials.apiUrl, ...(workspace ? { workspace } : {}) };
}

async function activateWorkspace(services: Services, ref: WorkspaceRef, what: string): Promise<string | undefined> {
  const { workspaces, log } = services;
  await workspaces.load(true);
  if (workspaces.list.kind === 'error') throw workspaces.list.error;
  const found = workspaces
    .all()
    .find((w) =>
      ref.kind === 'id' ? w.workspaceId === ref.id : w.orgName === ref.org && w.workspaceName === ref.workspace,
    );
  if (!found) {
    const wanted = ref.kind === 'id' ? String(ref.id) : `${ref.org}/${ref.workspace}`;
    log.warn(`${what} ${wanted} is not one of your workspaces; the active workspace is unchanged`);
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} {1} is not one of your workspaces on this Platform.', what, wanted));
    return undefined;
  }
  if (!isSameWorkspace(workspaces.active, found)) await workspaces.setActive(found);
  return workspaceLabel(found);
}

/**
 * The one-time offer: when the environment holds a token for an endpoint that
 * has no token saved yet, ask once (remembered per endpoint and token hash).
 */
export async function maybeOfferEnvToken(services: Services, env: Env = process.env): Promise<EnvImportResult | undefined> {
  const { context, tokens, log, endpointPrompts } = services;
  const detection = readEnvCredentials(env);
  if (detection.status === 'none') return undefined;
  if (detection.status === 'invalid') {
    log.warn(`TOWER_ACCESS_TOKEN is set but not offered: ${detection.reason}`);
    return undefined;
  }
  const credentials = detection.credentials;
  if ((await tokens.get(credentials.apiUrl)) !== undefined) return undefined;
  const key = envOfferKey(credentials);
  const offered = context.globalState.get<string[]>(OFFERED_KEY) ?? [];
  if (offered.includes(key)) return undefined;
  await context.globalState.update(OFFERED_KEY, [...offered, key].slice(-20));
  const ws = credentials.workspace;
  const answer = await endpointPrompts.offerEnvToken(
    credentials.apiUrl,
    ws ? (ws.kind === 'id' ? String(ws.id) : `${ws.org}/${ws.workspace}`) : undefined,
  );
  if (answer !== 'signIn') return undefined;
  return importEnvCredentials(services, credentials, env);
}

/** Runs the one-time offer once per window, when the session is first known. */
export function registerEnvTokenOffer(services: Services, onError: (e: unknown) => void): void {
  let done = false;
  const check = (): void => {
    const state = services.session.state;
    if (done || (state !== 'signedIn' && state !== 'signedOut')) return;
    done = true;
    subscription.dispose();
    maybeOfferEnvToken(services)
      .then((r) => r && greet(r))
      .catch((e: unknown) => {
        if (!isCancellation(e)) onError(e);
      });
  };
  const subscription = services.session.onDidChange(check);
  services.context.subscriptions.push(subscription);
  check();
}

export function greet(result: EnvImportResult): void {
  const host = new URL(result.apiUrl).host;
  void vscode.window.showInformationMessage(
    result.workspace
      ? vscode.l10n.t('Signed in to {0} as {1}; workspace {2} is active.', host, result.userName, result.workspace)
      : vscode.l10n.t('Signed in to {0} as {1}.', host, result.userName),
  );
}
