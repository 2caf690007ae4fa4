import * as vscode from 'vscode';
import type { StudiosFeature } from './studiosFeature';

/**
 * Seqera: Filter Studios. Every word must match the name, tool, owner, status
 * or compute environment; an empty text clears the filter. Resolves with the filter set.
 */
export async function filterStudios(f: StudiosFeature, text?: unknown): Promise<string | undefined> {
  const value =
    typeof text === 'string'
      ? text
      : await f.ui.input({
          title: vscode.l10n.t('Filter Studios'),
          prompt: vscode.l10n.t('Words to match in name, tool, owner, status or compute environment (empty to clear)'),
          value: f.provider.filter,
        });
  if (value === undefined) return undefined;
  f.provider.setFilter(value);
  return f.provider.filter;
}

export function clearStudioFilter(f: StudiosFeature): void {
  f.provider.setFilter('');
}
