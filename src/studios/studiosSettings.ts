import * as vscode from 'vscode';

/** Typed reading of the Studios settings. */
export const REFRESH_INTERVAL_SETTING = 'seqera.studios.refreshInterval';

/** Seconds between refreshes of the Studios view while it is visible; 0 = never. */
export function studiosRefreshInterval(): number {
  const value = vscode.workspace.getConfiguration().get<number>(REFRESH_INTERVAL_SETTING, 60);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
