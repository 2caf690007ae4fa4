import * as vscode from 'vscode';
import { activeLabel } from './endpointSwitch';
import { ENDPOINTS_SETTING } from './savedEndpoints';
import { Emitter } from '../ui/emitter';
import { mdCode, mdText as md } from '../ui/markdown';
import { describeServices } from './serviceInfoStore';
import type { Services } from '../services';
import { workspaceLabel } from '../workspaces';

/**
 * The one Seqera status bar item (#17.10): the active endpoint, the active
 * workspace and how many Studios run there ("Cloud · acme / lab · 2 running"),
 * with the account tooltip: who is signed in, where, the Platform and Wave
 * versions from service-info. A click opens a menu of Select Workspace, Switch
 * Endpoint, Running Studios and Sign In/Out (./statusMenu.ts). Also the label the Workspaces view shows in its
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
  /** The active workspace ("org / workspace"), when signed in with one. */
  workspace?: string;
  /** Running Studios in that workspace, as of the last refresh. */
  running?: number;
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
    ...(t.workspace ? ['', md(vscode.l10n.t('Workspace: {0}', t.workspace))] : []),
    ...(t.workspace && t.running
      ? ['', md(t.running === 1 ? vscode.l10n.t('1 running Studio in {0}', t.workspace) : vscode.l10n.t('{0} running Studios in {1}', t.running, t.workspace))]
      : []),
    '',
    `${md(vscode.l10n.t('Platform API'))}: ${mdCode(t.apiUrl)}`,
    '',
    `${md(vscode.l10n.t('Wave'))}: ${mdCode(t.waveUrl)}`,
  ];
  for (const l of t.services) lines.push('', md(l));
  lines.push('', md(vscode.l10n.t('Click for the workspace, the endpoint and the running Studios')));
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
  private _text = '';

  constructor(private readonly services: Services) {
    this.item.name = vscode.l10n.t('Seqera');
    this.item.command = 'seqera.statusMenu';
    const update = (): void => this.update();
    this.disposables.push(
      services.session.onDidChange(update),
      services.serviceInfo.onDidChange(update),
      services.workspaces.onDidChangeActive(update),
      services.studios.statusBar.onDidChange(update),
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

  /** The item's text (with $(icon) codes), for tests. */
  get text(): string {
    return this._text;
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
    const signedIn = session.state === 'signedIn';
    const active = signedIn ? this.services.workspaces.active : undefined;
    const workspace = active ? workspaceLabel(active) : undefined;
    const running = workspace ? this.services.studios.statusBar.count : 0;
    const lines = endpointTooltipLines({
      label,
      signedIn: session.state === 'signedIn',
      user: user && { displayName: user.displayName, userName: user.userName },
      apiUrl: endpoints.apiUrl,
      waveUrl: endpoints.waveUrl,
      services: info && info.apiUrl === endpoints.apiUrl ? describeServices(info) : [],
      workspace: active?.fullName,
      running,
    });
    this._tooltip = lines.join('\n');
    this._text = [`$(server-environment) ${label}`, ...(workspace ? [workspace] : []), ...(running ? [`$(vm-running) ${vscode.l10n.t('{0} running', running)}`] : [])].join(' · ');
    this.item.text = this._text;
    this.item.tooltip = new vscode.MarkdownString(this._tooltip);
    this.item.accessibilityInformation = {
      label: workspace
        ? running === 1
          ? vscode.l10n.t('Seqera endpoint {0}, workspace {1}, 1 running Studio', label, workspace)
          : vscode.l10n.t('Seqera endpoint {0}, workspace {1}, {2} running Studios', label, workspace, running)
        : vscode.l10n.t('Seqera endpoint {0}', label),
    };
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
