import * as vscode from 'vscode';
import { createTestRig, type SeqeraTestRig } from './testing/testRig';
import { createAuthPrompts, createEndpointPrompts, EndpointStatus, readEndpoints, registerAuthenticationProvider, registerEnvTokenOffer, registerExistingCredentialsOffer, registerSessionSync, ServiceInfoStore, SessionStore, signIn, TokenStore } from './accounts';
import { registerCommands } from './commands';
import { reportError } from './ui/commandRegistry';
import { RedactingLog } from './ui/redactingLog';
import { shareL10nBundle } from './ui/l10n';
import { createWaveFeature, WaveBuildHistory, WaveBuildOutput } from './waveBuilds';
import { RedactingChannel } from './ui/redactingChannel';
import { FileProblems } from './ui/problems';
import { WorkspaceStore } from './workspaces';
import { createExtensionHttpClient } from './net/extensionHttp';
import { defaultRemoteSshEnvironment } from './remoteSsh';
import type { Services } from './services';
import { registerViews } from './views';
import { InspectDocuments } from './waveInspect';
import { createStudioLinkHandler, createStudiosFeature, showStudiosView } from './studios';
import { createModuleContainersFeature } from './moduleContainers';
import { useDateLocale } from './ui/dates';

/**
 * Wiring only: create the shared services, commands, then views. No network call here.
 *
 * Returns nothing outside `ExtensionMode.Test`: every installed extension can
 * read another's exports (`vscode.extensions.getExtension(...).exports`), and
 * the services hold the ExtensionContext (its SecretStorage), the TokenStore
 * and the SessionStore. Only the integration tests get them (`src/testing/testRig.ts`).
 */
export function activate(context: vscode.ExtensionContext): SeqeraTestRig | undefined {
  shareL10nBundle();
  useDateLocale({ locale: vscode.env.language });
  const log = new RedactingLog(vscode.window.createOutputChannel('Seqera', { log: true }));
  context.subscriptions.push(log);
  const version = String(context.extension.packageJSON.version);
  const systemCertificates = (): boolean => vscode.workspace.getConfiguration('http').get<boolean>('systemCertificates', true);
  const http = createExtensionHttpClient(log, `seqera-vscode/${version} (${process.platform})`, systemCertificates);
  const tokens = new TokenStore(context.secrets);
  const session = new SessionStore({ tokens, http, readEndpoints });
  const workspaces = new WorkspaceStore(session, context.globalState);
  const serviceInfo = new ServiceInfoStore(session, workspaces, http, log);
  // A plain channel: build logs appear as Wave wrote them (the extension's own log above stays a LogOutputChannel).
  const waveChannel = new RedactingChannel(vscode.window.createOutputChannel('Seqera: Wave builds'));
  const waveBuilds = new WaveBuildHistory(context.globalState);
  const waveOutput = new WaveBuildOutput(waveChannel, log);
  context.subscriptions.push(waveChannel, waveBuilds);
  context.subscriptions.push(tokens, session, workspaces, serviceInfo, { dispose: () => void http.close() });
  const studios = createStudiosFeature(context, session, workspaces, (m) => log.warn(m));
  const problems = new FileProblems();
  context.subscriptions.push(problems);
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
    wave: createWaveFeature(context),
    problems,
    moduleContainers: createModuleContainersFeature(context),
  };

  registerCommands(services);
  const authProvider = registerAuthenticationProvider(context, session, () => signIn(services));
  registerViews(services);
  registerSessionSync(services);
  const endpointStatus = new EndpointStatus(services);
  context.subscriptions.push(endpointStatus);
  registerEnvTokenOffer(services, (e) => void reportError({ log }, 'TOWER_ACCESS_TOKEN', e));
  registerExistingCredentialsOffer(services, (e) => void reportError({ log }, 'Existing credentials', e));
  showStudiosView(context, studios);
  const studioLinks = createStudioLinkHandler(services, (e) => void reportError({ log }, 'Studio link', e));
  context.subscriptions.push(vscode.window.registerUriHandler(studioLinks));

  log.info(`Seqera for VS Code ${version} activated`);
  return context.extensionMode === vscode.ExtensionMode.Test ? createTestRig(services, { endpointStatus, authProvider, studioLinks }) : undefined;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
