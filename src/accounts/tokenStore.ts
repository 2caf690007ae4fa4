import type * as vscode from 'vscode';
import { registerSecret } from '../net/redact';
import { Emitter } from '../ui/emitter';

/**
 * Personal access tokens in SecretStorage, one per normalised Platform API URL
 * (`seqera.token:https://api.cloud.seqera.io`), so a changed endpoint never
 * receives another endpoint's token. Every token read or written is registered
 * with the log redactor. Changes made by another window arrive through
 * `secrets.onDidChange` and are re-fired as `onDidChange(apiUrl)`.
 */
const PREFIX = 'seqera.token:';

export function tokenKey(apiUrl: string): string {
  return `${PREFIX}${apiUrl}`;
}

export class TokenStore implements vscode.Disposable {
  private readonly changed = new Emitter<string>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.changed.fire(e.key.slice(PREFIX.length));
    });
  }

  async get(apiUrl: string): Promise<string | undefined> {
    const token = await this.secrets.get(tokenKey(apiUrl));
    registerSecret(token);
    return token || undefined;
  }

  async set(apiUrl: string, token: string): Promise<void> {
    registerSecret(token);
    await this.secrets.store(tokenKey(apiUrl), token);
  }

  async delete(apiUrl: string): Promise<void> {
    // The token stays registered with the redactor: a late log line must still not show it.
    await this.secrets.delete(tokenKey(apiUrl));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
