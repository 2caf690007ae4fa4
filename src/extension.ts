import * as vscode from 'vscode';
import { createApi, type SeqeraExtensionApi } from './api';
import { registerAuthenticationProvider } from './auth/authProvider';
import { createEndpointPrompts } from './auth/endpointPrompts';
import { readEndpoints } from './auth/endpointSettings';
import { registerEnvTokenOffer } from './auth/envImport';
import { createAuthPrompts } from './auth/prompts';
import { registerSessionSync } from './auth/sync';
import { TokenStore } from './auth/tokenStore';
import { registerCommands } from './commands';
import { reportError } from './commands/registry';
import { readNetworkOptions } from './config/network';
import { RedactingLog } from './logging';
import { ServiceInfoStore } from './model/serviceInfo';
import { SessionStore } from './model/session';
import { WaveBuildHistory } from './model/waveBuildHistory';
import { WorkspaceStore } from './model/workspaceStore';
import { createHttpClient } from './net/logging';
import { defaultRemoteSshEnvironment } from './remote/remoteSsh';
import type { Services } from './services';
import { registerViews } from './views';
import { WaveBuildOutput } from './views/waveBuildOutput';
import { EndpointStatus } from './views/endpointStatus';
import { InspectDocuments } from './views/inspectDocuments';
import { createStudiosFeature, showStudiosView } from './views/studios/registerStudios';

/** Wiring only: create the shared services, commands, then views. No network call here. */
export function activate(context: vscode.ExtensionContext): SeqeraExtensionApi {
  const log = new RedactingLog(vscode.window.createOutputChannel('Seqera', { log: true }));
  context.subscriptions.push(log);
  const version = String(context.extension.packageJSON.version);
  const http = createHttpClient(log, readNetworkOptions(), `seqera-vscode/${version} (${process.platform})`);
  const tokens = new TokenStore(context.secrets);
  const session = new SessionStore({ tokens, http, readEndpoints });
  const workspaces = new WorkspaceStore(session, context.globalState);
  const serviceInfo = new ServiceInfoStore(session, workspaces, http, log);
  const waveChannel = new RedactingLog(vscode.window.createOutputChannel('Seqera: Wave builds', { log: true }));
  const waveBuilds = new WaveBuildHistory(context.globalState);
  const waveOutput = new WaveBuildOutput(waveChannel);
  context.subscriptions.push(waveChannel, waveBuilds);
  context.subscriptions.push(tokens, session, workspaces, serviceInfo, { dispose: () => void http.close() });
  const studios = createStudiosFeature(context, session, workspaces);
  const services: Services = {
    context,
    log,
    http,
    tokens,
    session,
    workspaces,
    prompts: createAuthPrompts(),
    views: {},
    serviceInfo,
    endpointPrompts: createEndpointPrompts(),
    inspectDocuments: InspectDocuments.register(context),
    remoteSsh: defaultRemoteSshEnvironment(),
    studios,
    waveBuilds,
    waveOutput,
  };

  registerCommands(services);
  registerAuthenticationProvider(context, session);
  registerViews(services);
  registerSessionSync(services);
  const endpointStatus = new EndpointStatus(services);
  context.subscriptions.push(endpointStatus);
  registerEnvTokenOffer(services, (e) => void reportError({ log }, 'TOWER_ACCESS_TOKEN', e));
  showStudiosView(context, studios);

  log.info(`Seqera for VS Code ${version} activated`);
  return createApi(services, { endpointStatus });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
