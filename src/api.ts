import type { Services } from './services';
import { registeredCommandIds } from './commands/registry';

/**
 * What `activate` returns. Integration tests use it to reach the live stores and
 * tree providers of the running extension; nothing here is a stable public API.
 */
export interface SeqeraExtensionApi {
  readonly services: Services;
  readonly registeredCommands: ReadonlySet<string>;
}

export function createApi(services: Services): SeqeraExtensionApi {
  return { services, registeredCommands: registeredCommandIds };
}
