import type { Services } from '../services';
import type * as vscode from 'vscode';
import { onDidReportError, registeredCommandIds, type ReportedError } from '../ui/commandRegistry';
import type { EndpointStatus, SeqeraAuthenticationProvider, SessionStore } from '../accounts';
import type { WorkspaceStore } from '../workspaces';
import type { StudiosFeature } from '../studios';
import { Transcript } from './transcript';
import { contextKeyValues, onDidSetContextKey } from '../ui/contextKeys';

/**
 * The test rig: what `activate` returns in `ExtensionMode.Test` only (in every
 * other mode it returns undefined, because this object reaches the token).
 * Integration tests use it to reach the live stores and tree providers of the
 * running extension, swap its prompts (`services.prompts`,
 * `services.endpointPrompts`, `studios.ui`) and read what its channels wrote;
 * they drive time with `ManualTimers` (./manualTimers.ts) through
 * `studios.store.scheduler.setTimers`. Nothing here is a public API.
 */
export interface SeqeraTestRig {
  readonly services: Services;
  readonly registeredCommands: ReadonlySet<string>;
  /** Every error message shown to the user (one per failed command), for tests that count them. */
  readonly onDidReportError: vscode.Event<ReportedError>;
  /** Shortcuts to services.session / services.workspaces. */
  readonly session: SessionStore;
  readonly workspaces: WorkspaceStore;
  /** The active endpoint's status bar item (label, account tooltip). */
  readonly endpointStatus?: EndpointStatus;
  /** The Accounts menu's provider, to watch its session events (ids) directly. */
  readonly authProvider?: SeqeraAuthenticationProvider;
  /** services.studios: its store (and poll scheduler), tree provider, status bar and swappable prompts. */
  readonly studios: StudiosFeature;
  /** The extension's UriHandler (deep links to Studios); handleUri resolves when the link was handled. */
  readonly studioLinks?: { handleUri(uri: vscode.Uri): Promise<void> };
  /** The last lines of the "Seqera: Wave builds" channel, recorded since activation. */
  readonly waveTranscript: Transcript;
  /** The last value the extension set for each context key (VS Code cannot read them back). */
  readonly contextKeys: ReadonlyMap<string, unknown>;
  readonly onDidSetContextKey: vscode.Event<{ key: string; value: unknown }>;
}

export function createTestRig(
  services: Services,
  views: { endpointStatus?: EndpointStatus; authProvider?: SeqeraAuthenticationProvider; studioLinks?: { handleUri(uri: vscode.Uri): Promise<void> } } = {},
): SeqeraTestRig {
  const waveTranscript = new Transcript(services.waveOutput.channel);
  services.context.subscriptions.push(waveTranscript);
  return {
    services,
    registeredCommands: registeredCommandIds,
    onDidReportError,
    session: services.session,
    workspaces: services.workspaces,
    studios: services.studios,
    waveTranscript,
    contextKeys: contextKeyValues,
    onDidSetContextKey,
    ...views,
  };
}
