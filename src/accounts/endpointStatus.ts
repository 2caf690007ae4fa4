import * as vscode from 'vscode';
import { activeLabel } from './endpointSwitch';
import { ENDPOINTS_SETTING } from './savedEndpoints';
import { Emitter } from '../ui/emitter';
import { mdCode, mdText as md } from '../ui/markdown';
import { describeServices } from './serviceInfoStore';
import type { Services } from '../services';

/**
 * The active endpoint in the status bar (click: Switch Endpoint) with the
 * account tooltip: who is signed in, where, and the Platform and Wave versions
 * from service-info. Also the label the Workspaces view shows in its
 * description, and the place service-info warnings become notifications.
 */
export interface EndpointTooltipInput {
  label: string;
  signedIn: boolean;
  user?: { displayName: string; userName: string };
  apiUrl: string;
  waveUrl: string;
  /** Lines about the Platform and Wave (versions from service-info, server text included). */
  services: readonly string[];
}

/** The account tooltip as Markdown lines: every value through `mdText`, the URLs in code. */
export function endpointTooltipLines(t: EndpointTooltipInput): string[] {
  const lines = [
    `**${md(vscode.l10n.t('Seqera: {0}', t.label))}**`,
    '',
    t.signedIn
      ? t.user
        ? md(vscode.l10n.t('Signed in as {0} ({1})', t.user.displayName, t.user.userName))
        : md(vscode.l10n.t('Signed in'))
      : md(vscode.l10n.t('Not signed in')),
    '',
    `${md(vscode.l10n.t('Platform API'))}: ${mdCode(t.apiUrl)}`,
    '',
    `${md(vscode.l10n.t('Wave'))}: ${mdCode(t.waveUrl)}`,
  ];
  for (const l of t.services) lines.push('', md(l));
  lines.push('', md(vscode.l10n.t('Click to switch endpoint')));
  return lines;
}

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
    const info = serviceInfo.current;
    const user = session.user;
    const lines = endpointTooltipLines({
      label,
      signedIn: session.state === 'signedIn',
      user: user && { displayName: user.displayName, userName: user.userName },
      apiUrl: endpoints.apiUrl,
      waveUrl: endpoints.waveUrl,
      services: info && info.apiUrl === endpoints.apiUrl ? describeServices(info) : [],
    });
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
