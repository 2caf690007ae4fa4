import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import type { Services } from '../services';
import { withCancellableProgress } from '../ui/progress';

/** What `seqera.signIn` resolves with (never the token). */
export interface SignInResult {
  userName: string;
  displayName: string;
  apiUrl: string;
}

/**
 * Seqera: Sign In. Asks for a personal access token (password input with a
 * link to the endpoint's token page), checks it with GET /user-info, stores
 * it only when it is accepted, and greets the user by name.
 *
 * Automation: `executeCommand('seqera.signIn', token)` skips the prompt. The
 * token is used exactly as the prompt's answer would be (validated, stored
 * per endpoint, never logged). It resolves with the user, rejects with the
 * error when signing in fails (no message is shown: the caller decides), and
 * resolves undefined when cancelled. The Accounts menu's `createSession` runs
 * this same function.
 */
export async function signIn(services: Pick<Services, 'session' | 'prompts'>, token?: unknown): Promise<SignInResult | undefined> {
  const { session } = services;
  if (session.state === 'initializing') await session.reload();
  const endpoints = session.endpoints;
  if (!endpoints) throw session.endpointError ?? new SeqeraError('input', vscode.l10n.t('No Seqera Platform endpoint is configured.'));
  const answer = typeof token === 'string' ? token : await services.prompts.token(endpoints.apiUrl);
  if (answer === undefined) return undefined;
  const host = new URL(endpoints.apiUrl).host;
  const user = await withCancellableProgress(vscode.l10n.t('Signing in to {0}…', host), (_progress, signal) => session.signIn(answer, signal));
  void vscode.window.showInformationMessage(vscode.l10n.t('Welcome, {0}! You are signed in to {1}.', user.displayName, host));
  return { userName: user.userName, displayName: user.displayName, apiUrl: endpoints.apiUrl };
}
