import * as vscode from 'vscode';
import { activeLabel } from './endpointSwitch';
import { ENDPOINTS_SETTING } from './savedEndpoints';
import { Emitter } from '../ui/emitter';
import { describeServices } from './serviceInfoStore';
import type { Services } from '../services';

/**
 * The active endpoint in the status bar (click: Switch Endpoint) with the
 * account tooltip: who is signed in, where, and the Platform and Wave versions
 * from service-info. Also the label the Workspaces view shows in its
 * description, and the place service-info warnings become notifications.
 */
export class EndpointStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('seqera.endpoint', vscode.StatusBarAlignment.Left, 99);
  private readonly labelChanged = new Emitter<string | undefined>();
  /** Fires with the new label of the active endpoint. */
  readonly onDidChangeLabel = this.labelChanged.event;
  private readonly disposables: vscode.Disposable[] = [];
  private _label: string | undefined;
  private _tooltip = '';

  constructor(private readonly services: Services) {
    this.item.name = vscode.l10n.t('Seqera Endpoint');
    this.item.command = 'seqera.switchEndpoint';
    const update = (): void => this.update();
    this.disposables.push(
      services.session.onDidChange(update),
      services.serviceInfo.onDidChange(update),
      services.serviceInfo.onWarning((w) => {
        services.log.warn(w.message);
        void vscode.window.showWarningMessage(w.message);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(ENDPOINTS_SETTING)) update();
      }),
    );
    this.update();
  }

  get label(): string | undefined {
    return this._label;
  }

  /** The tooltip's text (Markdown), also for tests. */
  get tooltip(): string {
    return this._tooltip;
  }

  update(): void {
    const { session, serviceInfo } = this.services;
    const endpoints = session.endpoints;
    const label = activeLabel(this.services);
    if (!endpoints || !label) {
      this.item.hide();
      this.setLabel(undefined);
      return;
    }
    const md = (s: string): string => s.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
    const user = session.user;
    const lines = [
      `**${md(vscode.l10n.t('Seqera: {0}', label))}**`,
      '',
      session.state === 'signedIn'
        ? user
          ? md(vscode.l10n.t('Signed in as {0} ({1})', user.displayName, user.userName))
          : md(vscode.l10n.t('Signed in'))
        : md(vscode.l10n.t('Not signed in')),
      '',
      `${md(vscode.l10n.t('Platform API'))}: \`${endpoints.apiUrl}\``,
      '',
      `${md(vscode.l10n.t('Wave'))}: \`${endpoints.waveUrl}\``,
    ];
    const info = serviceInfo.current;
    if (info && info.apiUrl === endpoints.apiUrl) for (const l of describeServices(info)) lines.push('', md(l));
    lines.push('', md(vscode.l10n.t('Click to switch endpoint')));
    this._tooltip = lines.join('\n');
    this.item.text = `$(server-environment) ${label}`;
    this.item.tooltip = new vscode.MarkdownString(this._tooltip);
    this.item.accessibilityInformation = { label: vscode.l10n.t('Seqera endpoint {0}', label) };
    this.item.show();
    this.setLabel(label);
  }

  private setLabel(label: string | undefined): void {
    const view = this.services.views.workspacesView;
    if (view && view.description !== label) view.description = label;
    if (label === this._label) return;
    this._label = label;
    this.labelChanged.fire(label);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.item.dispose();
    this.labelChanged.dispose();
  }
}
