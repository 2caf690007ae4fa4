import * as vscode from 'vscode';
import { tokensPageUrl } from '../platform/endpoint';
import { askEndpointUrls } from './endpointInput';

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

function askEnterprise(current: { apiUrl: string; waveUrl: string }): Promise<{ apiUrl: string; waveUrl: string } | undefined> {
  return askEndpointUrls({
    title: (step) => vscode.l10n.t('Seqera Enterprise endpoint ({0}/2)', step),
    apiPrompt: vscode.l10n.t('URL of your Seqera Platform API, e.g. https://seqera.example.com/api'),
    apiUrl: current.apiUrl,
    waveUrl: current.waveUrl,
  });
}

export function createAuthPrompts(): AuthPrompts {
  return { token: askToken, enterpriseEndpoint: askEnterprise };
}
