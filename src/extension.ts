import * as vscode from 'vscode';
import { createApi, type SeqeraExtensionApi } from './api';
import { registerAuthenticationProvider } from './auth/authProvider';
import { readEndpoints } from './auth/endpointSettings';
import { createAuthPrompts } from './auth/prompts';
import { registerSessionSync } from './auth/sync';
import { TokenStore } from './auth/tokenStore';
import { registerCommands } from './commands';
import { readNetworkOptions } from './config/network';
import { RedactingLog } from './logging';
import { SessionStore } from './model/session';
import { WorkspaceStore } from './model/workspaceStore';
import { createHttpClient } from './net/logging';
import type { Services } from './services';
import { registerViews } from './views';

/** Wiring only: create the shared services, commands, then views. No network call here. */
export function activate(context: vscode.ExtensionContext): SeqeraExtensionApi {
  const log = new RedactingLog(vscode.window.createOutputChannel('Seqera', { log: true }));
  context.subscriptions.push(log);
  const version = String(context.extension.packageJSON.version);
  const http = createHttpClient(log, readNetworkOptions(), `seqera-vscode/${version} (${process.platform})`);
  const tokens = new TokenStore(context.secrets);
  const session = new SessionStore({ tokens, http, readEndpoints });
  const workspaces = new WorkspaceStore(session, context.globalState);
  context.subscriptions.push(tokens, session, workspaces, { dispose: () => void http.close() });
  const services: Services = { context, log, http, tokens, session, workspaces, prompts: createAuthPrompts(), views: {} };

  registerCommands(services);
  registerAuthenticationProvider(context, session);
  registerViews(services);
  registerSessionSync(services);

  log.info(`Seqera for VS Code ${version} activated`);
  return createApi(services);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
