import * as vscode from 'vscode';
import { inputError, SeqeraError } from '../net/errors';
import { canDo, compareStudios, studioTool, type StudioAction } from './studioStatus';
import type { StudioContext } from './studioStore';
import type { Studio } from '../platform/studioTypes';
import { statusLabel } from './studioPresentation';
import type { StudiosFeature } from './studiosFeature';

/**
 * How a Studio command finds its Studio: from the tree node (or any object
 * with a sessionId) it was given, else by asking with a quick pick of only the
 * Studios where the action makes sense.
 */
export interface StudioRef {
  sessionId: string;
}

export function isStudioRef(arg: unknown): arg is StudioRef {
  return typeof arg === 'object' && arg !== null && typeof (arg as { sessionId?: unknown }).sessionId === 'string';
}

export function requireContext(f: StudiosFeature): StudioContext {
  const ctx = f.store.context;
  if (!ctx) throw new SeqeraError('auth', vscode.l10n.t('Sign in to Seqera Platform to work with Studios.'));
  return ctx;
}

export interface StudioPickItem extends vscode.QuickPickItem {
  studio: Studio;
}

export function studioPickItem(studio: Studio): StudioPickItem {
  const tool = studioTool(studio);
  return {
    label: studio.name,
    description: [statusLabel(studio), tool].filter(Boolean).join(' · '),
    detail: [studio.user?.userName, studio.computeEnv?.name].filter(Boolean).join(' · ') || undefined,
    studio,
  };
}

/** The Studio for `action`: the one passed in, or one the user picks among those where it makes sense. */
export async function studioFromArg(
  f: StudiosFeature,
  arg: unknown,
  action: StudioAction | 'any',
  title: string,
): Promise<Studio | undefined> {
  const ctx = requireContext(f);
  if (isStudioRef(arg)) {
    return f.store.get(arg.sessionId) ?? (await ctx.api.getStudio(arg.sessionId));
  }
  await f.store.ensureLoaded();
  if (f.store.state === 'error') throw f.store.lastError;
  const candidates = f.store.studios.filter((s) => action === 'any' || canDo(action, s)).sort(compareStudios);
  if (candidates.length === 0) {
    void f.ui.info(vscode.l10n.t('No Studio in {0} can be used for this right now.', ctx.workspaceLabel));
    return undefined;
  }
  const picked = await f.ui.pick(candidates.map(studioPickItem), { title, placeHolder: vscode.l10n.t('Choose a Studio') });
  return picked?.studio;
}

/** Refuses an action that does not fit the Studio's status (a stale menu, a node passed by hand), saying what to do. */
export function ensureCan(studio: Studio, action: StudioAction): void {
  if (canDo(action, studio)) return;
  const status = statusLabel(studio).toLowerCase();
  const name = studio.name;
  switch (action) {
    case 'start':
      throw inputError(vscode.l10n.t('Studio {0} is {1}; only a stopped Studio can be started.', name, status));
    case 'stop':
      throw inputError(vscode.l10n.t('Studio {0} is {1}; there is nothing to stop.', name, status));
    case 'delete':
      throw inputError(vscode.l10n.t('Studio {0} is {1}; stop it before deleting it.', name, status));
    case 'update':
      throw inputError(vscode.l10n.t('Studio {0} is {1}; stop it before changing it.', name, status));
    case 'copySsh':
      throw inputError(vscode.l10n.t('Studio {0} is not running with SSH enabled.', name));
    default:
      throw inputError(vscode.l10n.t('Studio {0} is {1}; start it first.', name, status));
  }
}

/**
 * Runs a call on one Studio and turns the Platform's terse refusals into
 * messages that name the Studio and the workspace: 403 (not allowed: the role
 * in this workspace), 404 (deleted elsewhere: it also leaves the tree) and 409.
 */
export async function onStudio<T>(f: StudiosFeature, studio: Studio, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof SeqeraError)) throw e;
    const ws = f.store.context?.workspaceLabel ?? '';
    const options = { status: e.status, detail: [e.message, e.detail].filter(Boolean).join(' '), cause: e };
    if (e.kind === 'forbidden') {
      throw new SeqeraError('forbidden', vscode.l10n.t('{0} was refused for Studio {1} in {2}: your role in this workspace does not allow it.', what, studio.name, ws), options);
    }
    if (e.kind === 'notFound') {
      f.store.removeStudio(studio.sessionId);
      throw new SeqeraError('notFound', vscode.l10n.t('Studio {0} no longer exists in {1}; it was probably deleted elsewhere.', studio.name, ws), options);
    }
    throw e;
  }
}
