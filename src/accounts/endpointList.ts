import * as vscode from 'vscode';
import { parseSavedEndpoints, serialiseEndpoints, type ParsedEndpoints, type SavedEndpoint } from './savedEndpoints';

/**
 * The `seqera.endpoints` setting (machine scope). Like `seqera.platformUrl` it
 * is read from the user's global value only: a workspace or folder value is
 * ignored even if VS Code reports one, so a cloned repository cannot add or
 * redirect an endpoint.
 */
export function readSavedEndpoints(): ParsedEndpoints {
  const inspected = vscode.workspace.getConfiguration('seqera').inspect<unknown>('endpoints');
  return parseSavedEndpoints(inspected?.globalValue);
}

export async function writeSavedEndpoints(list: readonly SavedEndpoint[]): Promise<void> {
  await vscode.workspace
    .getConfiguration('seqera')
    .update('endpoints', list.length ? serialiseEndpoints(list) : undefined, vscode.ConfigurationTarget.Global);
}
