import * as vscode from 'vscode';
import { createApi, type SeqeraExtensionApi } from './api';
import { registerCommands } from './commands';
import type { Services } from './services';

/** Wiring only: create the shared services, commands, then views. No network call here. */
export function activate(context: vscode.ExtensionContext): SeqeraExtensionApi {
  const log = vscode.window.createOutputChannel('Seqera', { log: true });
  context.subscriptions.push(log);
  const services: Services = { context, log };

  registerCommands(services);

  log.info(`Seqera for VS Code ${String(context.extension.packageJSON.version)} activated`);
  return createApi(services);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
