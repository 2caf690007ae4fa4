import type { Services } from '../services';
import { registerCommand } from './registry';

/** The flat table of every command the extension contributes: one line each. */
export function registerCommands(services: Services): void {
  const { context, log } = services;
  const deps = { log };
  registerCommand(context, deps, 'seqera.showLogs', () => log.show(true));
}
