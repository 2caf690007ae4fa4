import * as vscode from 'vscode';
import { greet, importEnvCredentials, readEnvCredentials, type EnvImportResult } from './envImport';
import { inputError } from '../net/errors';
import type { Services } from '../services';
import { withCancellableProgress } from '../ui/progress';

/**
 * Seqera: Sign In with Environment Token. Uses TOWER_ACCESS_TOKEN (with
 * TOWER_API_ENDPOINT and TOWER_WORKSPACE_ID) from the environment VS Code
 * was started in; validated, then stored like a typed token.
 */
export async function importEnvToken(services: Services): Promise<EnvImportResult | undefined> {
  const detection = readEnvCredentials();
  if (detection.status === 'none') {
    throw inputError(
      vscode.l10n.t('TOWER_ACCESS_TOKEN is not set in the environment VS Code was started from. Set it (as for tw) and restart VS Code, or use "Seqera: Sign In".'),
    );
  }
  if (detection.status === 'invalid') throw inputError(detection.reason);
  const { credentials } = detection;
  const host = new URL(credentials.apiUrl).host;
  const result = await withCancellableProgress(vscode.l10n.t('Signing in to {0} with TOWER_ACCESS_TOKEN…', host), (_p, signal) =>
    importEnvCredentials(services, credentials, process.env, signal),
  );
  greet(result);
  return result;
}
