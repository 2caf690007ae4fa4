import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  discoverCredentials,
  formatMode,
  SOURCE_NAMES,
  type FoundCredentials,
  type UnusableCredentials,
} from '../credentials/existingCredentials';
import { envOfferKey, type CredentialNaming, type Env, type EnvCredentials, type WorkspaceRef } from '../credentials/envCredentials';
import { CancelledError, inputError } from '../net/errors';
import { registerSecret } from '../net/redact';
import type { Services } from '../services';
import { withCancellableProgress } from '../ui/progress';
import type { ExistingChoice } from './endpointPrompts';
import { greet, importEnvCredentials, type EnvImportResult } from './envImport';

/**
 * Seqera: Sign In with Existing Credentials…: lists the credentials already on
 * this machine (environment, Seqera CLI config.toml, Nextflow's
 * seqera-auth.config; src/credentials/existingCredentials.ts) with source,
 * endpoint and workspace but never the token. The chosen one is checked with
 * GET /user-info at its own endpoint before it is stored in SecretStorage under
 * that endpoint; signing in to an endpoint other than the active one is asked
 * first. Unusable sources are listed with their reason and send no request.
 */
export interface ExistingSignInOptions {
  env?: Env;
  /** The home folder the files are looked for in (default: the user's). */
  home?: string;
}

function workspaceText(ref: WorkspaceRef | undefined): string | undefined {
  if (!ref) return undefined;
  return ref.kind === 'id' ? String(ref.id) : `${ref.org}/${ref.workspace}`;
}

function naming(found: FoundCredentials): CredentialNaming {
  if (found.source === 'environment') {
    const [tokenVar, ...rest] = found.origin.split(', ');
    const wsVar = rest.find((v) => v.includes('WORKSPACE')) ?? 'SEQERA_WORKSPACE';
    return { token: tokenVar!, workspace: wsVar, fix: vscode.l10n.t('Check the token in your environment.') };
  }
  const key = found.source === 'nextflow' ? 'workspaceId' : 'workspace_id';
  return {
    token: vscode.l10n.t('the token in {0}', found.origin),
    workspace: vscode.l10n.t('{0} of {1}', key, found.origin),
    fix: found.source === 'nextflow' ? vscode.l10n.t('Run "nextflow auth login" again, or sign in with a new token.') : vscode.l10n.t('Check access_token in {0}.', found.origin),
  };
}

export async function signInWithExistingCredentials(services: Services, options: ExistingSignInOptions = {}): Promise<EnvImportResult | undefined> {
  const { log, endpointPrompts } = services;
  const env = options.env ?? process.env;
  const discovery = await discoverCredentials({ env, ...(options.home ? { home: options.home } : {}) });
  for (const f of discovery.found) registerSecret(f.token);
  for (const u of discovery.unusable) log.warn(`existing credentials: ${SOURCE_NAMES[u.source]} not usable: ${u.reason}`);
  for (const f of discovery.found) for (const n of f.notes) log.warn(`existing credentials: ${n}`);

  if (discovery.found.length === 0 && discovery.unusable.length === 0) {
    throw inputError(
      vscode.l10n.t(
        'No existing Seqera credentials were found (looked at {0}). Use "Seqera: Sign In" to paste a token, or run "nextflow auth login".',
        discovery.looked.join(', '),
      ),
    );
  }
  const entries: (FoundCredentials | UnusableCredentials)[] = [...discovery.found, ...discovery.unusable];
  const choices: ExistingChoice[] = entries.map((e) =>
    'token' in e
      ? {
          source: SOURCE_NAMES[e.source],
          origin: e.origin,
          apiUrl: e.apiUrl,
          ...(e.workspace ? { workspace: workspaceText(e.workspace) } : {}),
          notes: [
            ...(e.endpointDefaulted ? [vscode.l10n.t('no endpoint given: Seqera Cloud')] : []),
            ...(e.exposedMode !== undefined ? [vscode.l10n.t('readable by other users ({0})', formatMode(e.exposedMode))] : []),
            ...e.notes,
          ],
        }
      : { source: SOURCE_NAMES[e.source], origin: e.origin, problem: e.reason, notes: [] },
  );
  const index = await endpointPrompts.pickExistingCredentials(choices);
  if (index === undefined) return undefined;
  const chosen = entries[index];
  if (!chosen) return undefined;
  if (!('token' in chosen)) throw inputError(chosen.reason);
  return signInWith(services, chosen, env);
}

/** After the choice: the 0600 offer, the endpoint question, then the checked import. */
async function signInWith(services: Services, chosen: FoundCredentials, env: Env): Promise<EnvImportResult> {
  const { log, endpointPrompts, session } = services;
  if (chosen.exposedMode !== undefined && (await endpointPrompts.offerPrivateFile(chosen.origin, formatMode(chosen.exposedMode)))) {
    try {
      await fs.promises.chmod(chosen.origin, 0o600);
      log.info(`made ${chosen.origin} private (0600; it was ${formatMode(chosen.exposedMode)})`);
    } catch (e) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('{0} could not be made private ({1}): run chmod 600 on it yourself.', chosen.origin, (e as NodeJS.ErrnoException).code ?? String(e)),
      );
    }
  }

  const active = session.endpoints?.apiUrl;
  if (active !== chosen.apiUrl && !(await endpointPrompts.confirmEndpointChange(chosen.apiUrl, active))) {
    throw new CancelledError();
  }

  const credentials: EnvCredentials = {
    token: chosen.token,
    apiUrl: chosen.apiUrl,
    endpointFromEnv: !chosen.endpointDefaulted,
    ...(chosen.workspace ? { workspace: chosen.workspace } : {}),
    warnings: [],
    naming: naming(chosen),
  };
  const host = new URL(chosen.apiUrl).host;
  const result = await withCancellableProgress(vscode.l10n.t('Signing in to {0} with {1}…', host, SOURCE_NAMES[chosen.source]), (_p, signal) =>
    importEnvCredentials(services, credentials, env, signal),
  );
  log.info(`signed in with existing credentials from ${SOURCE_NAMES[chosen.source]} (${chosen.origin})`);
  greet(result);
  return result;
}

const OFFERED_KEY = 'seqera.existingCredentialsOffered';

/**
 * The one-time offer for the Seqera CLI's file, Nextflow's file and
 * SEQERA_ACCESS_TOKEN, like the TOWER_ACCESS_TOKEN one (which it leaves alone:
 * with TOWER_ACCESS_TOKEN set that offer speaks, and the command lists the
 * rest). Offered when a source's endpoint has no token saved yet, once per
 * endpoint and token (a hash, never the token); then the same steps as the
 * command.
 */
export async function maybeOfferExistingCredentials(services: Services, options: ExistingSignInOptions = {}): Promise<EnvImportResult | undefined> {
  const { context, tokens, endpointPrompts, log } = services;
  const env = options.env ?? process.env;
  if (env.TOWER_ACCESS_TOKEN?.trim()) return undefined;
  const discovery = await discoverCredentials({ env, ...(options.home ? { home: options.home } : {}) });
  for (const f of discovery.found) registerSecret(f.token);
  const offered = context.globalState.get<string[]>(OFFERED_KEY) ?? [];
  for (const found of discovery.found) {
    if ((await tokens.get(found.apiUrl)) !== undefined) continue;
    const key = envOfferKey(found);
    if (offered.includes(key)) continue;
    await context.globalState.update(OFFERED_KEY, [...offered, key].slice(-20));
    const answer = await endpointPrompts.offerExistingCredentials(SOURCE_NAMES[found.source], found.origin, found.apiUrl);
    if (answer !== 'signIn') return undefined;
    return signInWith(services, found, env);
  }
  for (const u of discovery.unusable) log.warn(`existing credentials: ${SOURCE_NAMES[u.source]} not offered: ${u.reason}`);
  return undefined;
}

/** Runs the offer once per window, when the session is first known (as the TOWER_ACCESS_TOKEN offer). */
export function registerExistingCredentialsOffer(services: Services, onError: (e: unknown) => void): void {
  let done = false;
  const check = (): void => {
    const state = services.session.state;
    if (done || (state !== 'signedIn' && state !== 'signedOut')) return;
    done = true;
    subscription.dispose();
    maybeOfferExistingCredentials(services).catch((e: unknown) => {
      if (!(e instanceof CancelledError)) onError(e);
    });
  };
  const subscription = services.session.onDidChange(check);
  services.context.subscriptions.push(subscription);
  check();
}
