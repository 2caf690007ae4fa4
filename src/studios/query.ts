import * as vscode from 'vscode';
import type { StudioQuery } from './studioStore';
import type { StudiosFeature } from './studiosFeature';
import { setContextKey } from '../ui/contextKeys';

/**
 * Finding Studios in large workspaces (#16.5): *My Studios / All Studios* (a view title toggle, remembered
 * per VS Code workspace) and a server-side search, both sent to the Platform as the list's `search`
 * parameter, so a workspace past the 10,000-Studio cap is searched whole. The local filter stays on top.
 */
export const MINE_STATE_KEY = 'seqera.studios.mine';
/** Context key set while only the user's Studios are listed (picks which of the toggle's two buttons shows). */
export const MINE_CONTEXT_KEY = 'seqera.studios.mine';
/** Context key set while a Platform search is active (shows "Clear Search"). */
export const SEARCHED_CONTEXT_KEY = 'seqera.studios.searched';

/** The keywords the Platform's Studios search knows: the spec's (1.187) and tw's. */
const SEARCH_HELP = 'status:running, userName:jsmith, computeEnvName:aws-batch (also userId:, computeEnvId:)';

/** Applies the remembered toggle at start-up (no request: the view loads when it is shown). */
export function restoreStudioQuery(f: StudiosFeature): void {
  const mine = f.workspaceState.get<boolean>(MINE_STATE_KEY, false) === true;
  f.store.setQuery({ ...f.store.query, mine });
  setContextKeys(f.store.query);
}

/** Seqera: Show My Studios Only / Show All Studios. Resolves with how many Studios are listed. */
export async function setMyStudios(f: StudiosFeature, mine: boolean): Promise<number | undefined> {
  await f.workspaceState.update(MINE_STATE_KEY, mine);
  return applyQuery(f, { ...f.store.query, mine }, mine ? vscode.l10n.t('Listing your Studios') : vscode.l10n.t('Listing all Studios'));
}

/**
 * Seqera: Search Studios on the Platform… The text goes to the Platform as it is (free text on the name and
 * template, or keywords); empty clears the search. Resolves with the number of Studios found.
 */
export async function searchStudios(f: StudiosFeature, text?: unknown): Promise<number | undefined> {
  const value =
    typeof text === 'string'
      ? text
      : await f.ui.input({
          title: vscode.l10n.t('Search Studios on the Platform'),
          prompt: vscode.l10n.t('Words in the name or image, or keywords: {0}. Empty clears the search.', SEARCH_HELP),
          placeHolder: 'status:running computeEnvName:aws-batch',
          value: f.store.query.search,
        });
  if (value === undefined) return undefined;
  return applyQuery(f, { ...f.store.query, search: value }, vscode.l10n.t('Searching Studios on the Platform'));
}

export async function clearStudioSearch(f: StudiosFeature): Promise<number | undefined> {
  return applyQuery(f, { ...f.store.query, search: '' }, vscode.l10n.t('Listing Studios'));
}

/**
 * Sets the query and loads the new list under a cancellable notification; Cancel puts the previous query
 * back (which stops the new list's requests). A failure rejects, so the command shows its one message.
 */
async function applyQuery(f: StudiosFeature, query: StudioQuery, title: string): Promise<number | undefined> {
  const before = f.store.query;
  f.store.setQuery(query);
  setContextKeys(f.store.query);
  if (!f.store.context) return undefined;
  return f.ui.progress(title, async (_progress, signal) => {
    const undo = (): void => {
      f.store.setQuery(before);
      setContextKeys(f.store.query);
    };
    signal.addEventListener('abort', undo, { once: true });
    try {
      await f.store.refresh('all', 'manual');
    } finally {
      signal.removeEventListener('abort', undo);
    }
    if (signal.aborted) return undefined;
    return f.store.truncation?.total ?? f.store.studios.length;
  });
}

function setContextKeys(query: StudioQuery): void {
  setContextKey(MINE_CONTEXT_KEY, query.mine);
  setContextKey(SEARCHED_CONTEXT_KEY, query.search !== '');
}
