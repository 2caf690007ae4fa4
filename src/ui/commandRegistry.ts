import * as vscode from 'vscode';
import { SeqeraError, isCancellation } from '../net/errors';
import { redactSecrets } from '../net/redact';
import { Emitter } from './emitter';
import { GO_TO_PROBLEM, problemLocation, revealProblem } from './problems';

/**
 * Every command goes through `registerCommand`: one place for error handling,
 * logging and cancellation. A handler throws; the wrapper logs the whole error
 * to the output channel and shows one short message with the actions that fit
 * (Sign In for a rejected token, Retry for transient faults, Show Logs always).
 * Cancellation stays silent.
 */
export type CommandHandler = (...args: unknown[]) => unknown;

export interface CommandDeps {
  log: vscode.LogOutputChannel;
}

const SIGN_IN = (): string => vscode.l10n.t('Sign In');
const RETRY = (): string => vscode.l10n.t('Retry');
const SHOW_LOGS = (): string => vscode.l10n.t('Show Logs');

/** One message `reportError` showed: what tests (through the extension's API) count per fault. */
export interface ReportedError {
  source: string;
  message: string;
  kind: SeqeraError['kind'] | undefined;
  actions: string[];
  /** The file and range *Go to Problem* opens, when the refusal has a place. */
  problem?: vscode.Location;
}

const reported = new Emitter<ReportedError>();
/** Fires for every error message shown to the user by `reportError`. */
export const onDidReportError = reported.event;

/** Ids of every command registered through this module, for the manifest check in tests. */
export const registeredCommandIds = new Set<string>();

export interface CommandOptions {
  /**
   * True for a call from code (`executeCommand(id, args…)`) rather than from a
   * person: a failure is logged and rejects the call instead of showing a
   * message, so the caller can tell it from a cancel (which resolves undefined).
   */
  isAutomation?: (...args: unknown[]) => boolean;
  /**
   * Checked before the handler runs (e.g. "signed in"): what it throws is
   * reported like the handler's own errors, so a signed-out Studio command
   * answers "Sign in first" with a Sign In button.
   */
  precondition?: () => Promise<void> | void;
}

export function registerCommand(
  context: vscode.ExtensionContext,
  deps: CommandDeps,
  id: string,
  handler: CommandHandler,
  options: CommandOptions = {},
): void {
  registeredCommandIds.add(id);
  const run = async (...args: unknown[]): Promise<unknown> => {
    deps.log.trace(`command ${id}`);
    try {
      await options.precondition?.();
      return await handler(...args);
    } catch (e) {
      if (isCancellation(e)) {
        deps.log.info(`command ${id} cancelled`);
        return undefined;
      }
      if (options.isAutomation?.(...args)) {
        deps.log.error(`${id}: ${redactSecrets(e instanceof Error ? e.message : String(e))}`);
        throw e;
      }
      void reportError(deps, id, e, () => run(...args));
      return undefined;
    }
  };
  context.subscriptions.push(vscode.commands.registerCommand(id, run));
}

/** Logs an error in full and shows one short, actionable message. Never throws. */
export async function reportError(
  deps: CommandDeps,
  source: string,
  e: unknown,
  retry?: () => unknown,
): Promise<void> {
  const message = redactSecrets(e instanceof Error ? e.message : String(e));
  const detail = e instanceof SeqeraError && e.detail ? ` (${redactSecrets(e.detail)})` : '';
  deps.log.error(`${source}: ${message}${detail}`);
  if (e instanceof Error && e.stack && !(e instanceof SeqeraError)) deps.log.debug(redactSecrets(e.stack));

  const actions: string[] = [];
  const kind = e instanceof SeqeraError ? e.kind : undefined;
  const problem = problemLocation(e);
  if (problem) actions.push(GO_TO_PROBLEM());
  if (kind === 'auth') actions.push(SIGN_IN());
  if (retry && (kind === 'network' || kind === 'server' || kind === 'rateLimited' || kind === 'invalidResponse')) {
    actions.push(RETRY());
  }
  actions.push(SHOW_LOGS());
  reported.fire({ source, message, kind, actions, problem });
  try {
    const choice = await vscode.window.showErrorMessage(message, ...actions);
    if (choice === GO_TO_PROBLEM() && problem) await revealProblem(problem);
    else if (choice === SIGN_IN()) await vscode.commands.executeCommand('seqera.signIn');
    else if (choice === RETRY() && retry) await retry();
    else if (choice === SHOW_LOGS()) deps.log.show(true);
  } catch (inner) {
    deps.log.error(`while reporting an error of ${source}: ${String(inner)}`);
  }
}
