import type { Services } from '../services';
import { addEndpoint } from './addEndpoint';
import { importEnvToken } from './importEnvToken';
import { inspectImageCommand } from './inspectImage';
import { refreshWorkspaces } from './refreshWorkspaces';
import { registerCommand } from './registry';
import { removeEndpoint } from './removeEndpoint';
import { selectWorkspace } from './selectWorkspace';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { switchEndpoint } from './switchEndpoint';
import { useEnterpriseEndpoint } from './useEnterpriseEndpoint';

/** The flat table of every command the extension contributes: one line each. */
export function registerCommands(services: Services): void {
  const { context, log } = services;
  const deps = { log };
  registerCommand(context, deps, 'seqera.showLogs', () => log.show(true));
  registerCommand(context, deps, 'seqera.signIn', (token?: unknown) => signIn(services, token));
  registerCommand(context, deps, 'seqera.signOut', () => signOut(services));
  registerCommand(context, deps, 'seqera.useEnterpriseEndpoint', (api?: unknown, wave?: unknown) => useEnterpriseEndpoint(services, api, wave));
  registerCommand(context, deps, 'seqera.selectWorkspace', (node?: unknown) => selectWorkspace(services, node));
  registerCommand(context, deps, 'seqera.refreshWorkspaces', () => refreshWorkspaces(services));
  registerCommand(context, deps, 'seqera.switchEndpoint', (arg?: unknown) => switchEndpoint(services, arg));
  registerCommand(context, deps, 'seqera.addEndpoint', (arg?: unknown) => addEndpoint(services, arg));
  registerCommand(context, deps, 'seqera.removeEndpoint', (arg?: unknown) => removeEndpoint(services, arg));
  registerCommand(context, deps, 'seqera.importEnvToken', () => importEnvToken(services));
  registerCommand(context, deps, 'seqera.inspectImage', (arg?: unknown) => inspectImageCommand(services, arg));
}
