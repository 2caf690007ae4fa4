import * as vscode from 'vscode';
import { adoptWaveUrlSetting, readEndpointPair, writeEndpointPair, type EndpointSettingsStore } from './endpointPair';

/**
 * The Platform and Wave endpoints from settings, read and written as one pair
 * (`./endpointPair.ts`: the Wave of a saved endpoint is its saved entry's).
 * The settings are machine-scoped in package.json so a cloned repository's
 * .vscode/settings.json cannot redirect the token; on top of that we read them
 * with `inspect()` and take only the user (global) value, ignoring any
 * workspace or folder value VS Code might still report.
 */
export type { Endpoints, EndpointsResult } from './endpointPair';

export const PLATFORM_URL_SETTING = 'seqera.platformUrl';
export const WAVE_URL_SETTING = 'seqera.waveUrl';
const ENDPOINTS_SETTING = 'seqera.endpoints';

function userSettings(): EndpointSettingsStore {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  return {
    get: (key) => config().inspect<unknown>(key)?.globalValue,
    update: async (key, value) => {
      const empty = value === undefined || (Array.isArray(value) && value.length === 0);
      await config().update(key, empty ? undefined : value, vscode.ConfigurationTarget.Global);
    },
  };
}

export function readEndpoints(): ReturnType<typeof readEndpointPair> {
  return readEndpointPair(userSettings());
}

/** Writes the pair to the user settings (the only place it is read from): saved entry first, then both settings. */
export async function writeEndpoints(apiUrl: string, waveUrl: string, label?: string): Promise<void> {
  await writeEndpointPair(userSettings(), { apiUrl, waveUrl, ...(label ? { label } : {}) });
}

/** After a hand edit of `seqera.waveUrl`: the active saved endpoint takes it. */
export function adoptWaveUrl(): Promise<boolean> {
  return adoptWaveUrlSetting(userSettings());
}

export function affectsEndpoints(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(PLATFORM_URL_SETTING) || e.affectsConfiguration(WAVE_URL_SETTING) || e.affectsConfiguration(ENDPOINTS_SETTING);
}

/** A change of `seqera.waveUrl` alone (not written with the saved list in the same change). */
export function isWaveUrlEdit(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(WAVE_URL_SETTING) && !e.affectsConfiguration(ENDPOINTS_SETTING);
}
