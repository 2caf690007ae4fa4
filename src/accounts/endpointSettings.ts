import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import { DEFAULT_PLATFORM_URL, DEFAULT_WAVE_URL, normaliseEndpoint, webUrlFromApiUrl } from '../platform/endpoint';

/**
 * The Platform and Wave endpoints from settings. Both settings are
 * machine-scoped in package.json so a cloned repository's .vscode/settings.json
 * cannot redirect the token; on top of that we read them with `inspect()` and
 * take only the user (global) value or the default, ignoring any workspace or
 * folder value VS Code might still report.
 */
export const PLATFORM_URL_SETTING = 'seqera.platformUrl';
export const WAVE_URL_SETTING = 'seqera.waveUrl';

export interface Endpoints {
  apiUrl: string;
  waveUrl: string;
  /** The web app, for links (token page, studio pages). */
  webUrl: string;
}

export type EndpointsResult = { ok: true; endpoints: Endpoints } | { ok: false; error: SeqeraError };

function userValue(section: string, key: string, fallback: string): string {
  const inspected = vscode.workspace.getConfiguration(section).inspect<string>(key);
  const value = inspected?.globalValue;
  return typeof value === 'string' && value.trim() !== '' ? value : (inspected?.defaultValue ?? fallback);
}

export function readEndpoints(): EndpointsResult {
  try {
    const apiUrl = normaliseEndpoint(userValue('seqera', 'platformUrl', DEFAULT_PLATFORM_URL), `The setting ${PLATFORM_URL_SETTING}`);
    const waveUrl = normaliseEndpoint(userValue('seqera', 'waveUrl', DEFAULT_WAVE_URL), `The setting ${WAVE_URL_SETTING}`);
    return { ok: true, endpoints: { apiUrl, waveUrl, webUrl: webUrlFromApiUrl(apiUrl) } };
  } catch (e) {
    return { ok: false, error: e instanceof SeqeraError ? e : new SeqeraError('input', String(e)) };
  }
}

/** Writes both endpoints to the user settings (the only place they are read from). */
export async function writeEndpoints(apiUrl: string, waveUrl: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('seqera');
  await config.update('platformUrl', apiUrl, vscode.ConfigurationTarget.Global);
  await config.update('waveUrl', waveUrl, vscode.ConfigurationTarget.Global);
}

export function affectsEndpoints(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(PLATFORM_URL_SETTING) || e.affectsConfiguration(WAVE_URL_SETTING);
}
