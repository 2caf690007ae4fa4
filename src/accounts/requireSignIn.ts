import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import type { SessionStore } from './session';

/**
 * The precondition of every command that needs an account (Studios,
 * workspaces). Those commands stay in the palette when signed out, so that
 * typing "Start Studio" finds them; run signed out, they answer "Sign in first"
 * as an `auth` error, which the command wrapper shows with a *Sign In* button.
 */
export async function requireSignIn(session: SessionStore): Promise<void> {
  if (session.state === 'initializing') await session.reload();
  if (session.state === 'signedIn') return;
  if (session.state === 'invalidEndpoint' && session.endpointError) throw session.endpointError;
  const host = session.endpoints ? new URL(session.endpoints.apiUrl).host : undefined;
  throw new SeqeraError(
    'auth',
    host
      ? vscode.l10n.t('Sign in first: this command works with your Seqera Platform account at {0}.', host)
      : vscode.l10n.t('Sign in first: this command works with your Seqera Platform account.'),
  );
}
