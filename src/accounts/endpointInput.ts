import * as vscode from 'vscode';
import { normaliseEndpoint } from '../platform/endpoint';

/** Input-box validation of a Platform or Wave URL with the same rules the settings apply (https, or http on loopback). */
export function validateEndpointUrl(what: string): (value: string) => string | undefined {
  return (value) => {
    try {
      normaliseEndpoint(value, what);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
}

export interface EndpointUrlsQuestion {
  /** Title of both steps; `{0}` is the step, e.g. "1/2". */
  title: (step: number) => string;
  apiPrompt: string;
  apiUrl?: string;
  waveUrl: string;
}

/** Asks for an API URL then a Wave URL (two steps of a longer flow); undefined when dismissed. */
export async function askEndpointUrls(q: EndpointUrlsQuestion): Promise<{ apiUrl: string; waveUrl: string } | undefined> {
  const apiUrl = await vscode.window.showInputBox({
    title: q.title(1),
    prompt: q.apiPrompt,
    value: q.apiUrl,
    placeHolder: 'https://seqera.example.com/api',
    ignoreFocusOut: true,
    validateInput: validateEndpointUrl(vscode.l10n.t('The API URL')),
  });
  if (apiUrl === undefined) return undefined;
  const waveUrl = await vscode.window.showInputBox({
    title: q.title(2),
    prompt: vscode.l10n.t('URL of the Wave service this Platform uses (https://wave.seqera.io unless you run your own)'),
    value: q.waveUrl,
    ignoreFocusOut: true,
    validateInput: validateEndpointUrl(vscode.l10n.t('The Wave URL')),
  });
  if (waveUrl === undefined) return undefined;
  return { apiUrl, waveUrl };
}
