import * as vscode from 'vscode';
import { normaliseEndpoint, tokensPageUrl } from '../platform/endpoint';

/**
 * The questions sign-in asks. They live behind an interface in `Services` so
 * integration tests can answer them (VS Code offers no API to type into an
 * input box) while everything else in the flow stays real.
 */
export interface AuthPrompts {
  /** Asks for a personal access token for `apiUrl`; undefined when dismissed. */
  token(apiUrl: string): Promise<string | undefined>;
  /** Asks for an Enterprise API URL and Wave URL; undefined when dismissed. */
  enterpriseEndpoint(current: { apiUrl: string; waveUrl: string }): Promise<{ apiUrl: string; waveUrl: string } | undefined>;
}

const openTokensPage = (apiUrl: string): void => {
  void vscode.env.openExternal(vscode.Uri.parse(tokensPageUrl(apiUrl)));
};

/** A password input that stays open when focus moves (to copy the token) and links to the token page. */
function askToken(apiUrl: string): Promise<string | undefined> {
  const host = new URL(apiUrl).host;
  const input = vscode.window.createInputBox();
  input.title = vscode.l10n.t('Sign in to Seqera Platform ({0})', host);
  input.prompt = vscode.l10n.t('Paste a personal access token. Create one at {0}', tokensPageUrl(apiUrl));
  input.placeholder = vscode.l10n.t('Personal access token');
  input.password = true;
  input.ignoreFocusOut = true;
  const linkButton: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('link-external'),
    tooltip: vscode.l10n.t('Open the token page of {0}', host),
  };
  input.buttons = [linkButton];
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: string | undefined): void => {
      if (done) return;
      done = true;
      resolve(value);
      input.dispose();
    };
    input.onDidTriggerButton((b) => {
      if (b === linkButton) openTokensPage(apiUrl);
    });
    input.onDidChangeValue((v) => {
      input.validationMessage = /\s/.test(v.trim()) ? vscode.l10n.t('A token has no spaces or line breaks.') : undefined;
    });
    input.onDidAccept(() => {
      const value = input.value.trim();
      if (value === '' || /\s/.test(value)) return;
      finish(value);
    });
    input.onDidHide(() => finish(undefined));
    input.show();
  });
}

function validateUrl(what: string) {
  return (value: string): string | undefined => {
    try {
      normaliseEndpoint(value, what);
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
}

async function askEnterprise(current: { apiUrl: string; waveUrl: string }): Promise<{ apiUrl: string; waveUrl: string } | undefined> {
  const apiUrl = await vscode.window.showInputBox({
    title: vscode.l10n.t('Seqera Enterprise endpoint (1/2)'),
    prompt: vscode.l10n.t('URL of your Seqera Platform API, e.g. https://seqera.example.com/api'),
    value: current.apiUrl,
    ignoreFocusOut: true,
    validateInput: validateUrl(vscode.l10n.t('The API URL')),
  });
  if (apiUrl === undefined) return undefined;
  const waveUrl = await vscode.window.showInputBox({
    title: vscode.l10n.t('Seqera Enterprise endpoint (2/2)'),
    prompt: vscode.l10n.t('URL of the Wave service your Platform uses (https://wave.seqera.io unless you run your own)'),
    value: current.waveUrl,
    ignoreFocusOut: true,
    validateInput: validateUrl(vscode.l10n.t('The Wave URL')),
  });
  if (waveUrl === undefined) return undefined;
  return { apiUrl, waveUrl };
}

export function createAuthPrompts(): AuthPrompts {
  return { token: askToken, enterpriseEndpoint: askEnterprise };
}
