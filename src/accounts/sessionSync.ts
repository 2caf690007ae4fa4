import * as vscode from 'vscode';
import type { Services } from '../services';
import { adoptWaveUrl, affectsEndpoints, isWaveUrlEdit } from './endpointSettings';
import { setContextKey } from '../ui/contextKeys';

/**
 * Keeps the session in step with the outside world: endpoint settings,
 * tokens changed by another window; and publishes
 * the session state as the `seqera.state` context key the views' welcome
 * content and menus use.
 */
export const STATE_CONTEXT_KEY = 'seqera.state';

export function registerSessionSync(services: Services): void {
  const { context, session, tokens, log } = services;
  const reload = (why: string): void => {
    log.debug(`session reload: ${why}`);
    session.reload().catch((e: unknown) => log.error(`could not read the session: ${e instanceof Error ? e.message : String(e)}`));
  };
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (isWaveUrlEdit(e)) {
        // A hand edit of seqera.waveUrl: the active saved endpoint takes it (its entry is what the session reads).
        adoptWaveUrl()
          .then((adopted) => adopted && log.info('seqera.waveUrl changed: saved with the active endpoint'))
          .catch((err: unknown) => log.error(`could not save seqera.waveUrl with the endpoint: ${err instanceof Error ? err.message : String(err)}`));
      }
      if (affectsEndpoints(e)) reload('endpoint settings changed');
    }),
    tokens.onDidChange((apiUrl) => {
      if (apiUrl === session.endpoints?.apiUrl) reload('token changed');
    }),
    session.onDidChange(() => {
      setContextKey(STATE_CONTEXT_KEY, session.state);
      if (session.state === 'invalidEndpoint' && session.endpointError) log.warn(session.endpointError.message);
    }),
  );
  setContextKey(STATE_CONTEXT_KEY, session.state);
  reload('start-up');
}
