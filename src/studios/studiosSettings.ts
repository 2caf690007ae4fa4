import * as vscode from 'vscode';

/** Typed reading of the Studios settings. */
export const REFRESH_INTERVAL_SETTING = 'seqera.studios.refreshInterval';

/** Seconds between refreshes of the Studios view while it is visible; 0 = never. */
export function studiosRefreshInterval(): number {
  const value = vscode.workspace.getConfiguration().get<number>(REFRESH_INTERVAL_SETTING, 60);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export const LIFESPAN_WARNING_SETTING = 'seqera.studios.lifespanWarningMinutes';

/** Minutes before a running Studio's lifespan ends to warn about it; 0 = no warning. */
export function lifespanWarningMinutes(): number {
  const value = vscode.workspace.getConfiguration().get<number>(LIFESPAN_WARNING_SETTING, 15);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
