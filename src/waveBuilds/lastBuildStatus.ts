import * as vscode from 'vscode';

/**
 * One status-bar item for the latest Wave build of this window, so its result
 * and its log stay one click away after the result notification has gone to
 * the notification centre: spinning while it builds (click: the build
 * output), then the image or the failure (click: that build's log). It hides
 * itself a while after the build ended; the Wave Builds view keeps the build.
 */
export const LAST_BUILD_VISIBLE_MS = 15 * 60_000;

export class LastBuildStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('seqera.wave.lastBuild', vscode.StatusBarAlignment.Left, 40);
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.item.name = vscode.l10n.t('Seqera: latest Wave build');
  }

  building(label: string): void {
    this.clearTimer();
    this.item.text = `$(sync~spin) ${vscode.l10n.t('Wave: building {0}', label)}`;
    this.item.tooltip = vscode.l10n.t('Wave is building {0}. Click to show the build output.', label);
    this.item.command = { command: 'wave.showBuildOutput', title: vscode.l10n.t('Show Wave Build Output') };
    this.item.show();
  }

  finished(id: string, outcome: 'succeeded' | 'failed' | 'stopped', label: string, image: string): void {
    this.clearTimer();
    const [icon, text, tooltip] =
      outcome === 'succeeded' ? ['$(pass)', vscode.l10n.t('Wave: built {0}', shortName(image)), vscode.l10n.t('Wave built {0} from {1}. Click to show its build log.', image, label)]
      : outcome === 'failed' ? ['$(error)', vscode.l10n.t('Wave: {0} failed', label), vscode.l10n.t('The Wave build of {0} failed. Click to show its build log.', label)]
      : ['$(debug-pause)', vscode.l10n.t('Wave: {0} not watched', label), vscode.l10n.t('This window stopped watching the Wave build of {0}; it goes on at Wave. Click to show the build output.', label)];
    this.item.text = `${icon} ${text}`;
    this.item.tooltip = tooltip;
    this.item.command = outcome === 'stopped'
      ? { command: 'wave.showBuildOutput', title: vscode.l10n.t('Show Wave Build Output') }
      : { command: 'wave.showBuildLog', title: vscode.l10n.t('Show Wave Build Log'), arguments: [{ id }] };
    this.item.show();
    this.hideTimer = setTimeout(() => this.item.hide(), LAST_BUILD_VISIBLE_MS);
    this.hideTimer.unref?.();
  }

  dispose(): void {
    this.clearTimer();
    this.item.dispose();
  }

  private clearTimer(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
  }
}

/** `samtools:1.17--abc` of `community.wave.seqera.io/library/samtools:1.17--abc`. */
export function shortName(image: string): string {
  return image.split('/').pop() ?? image;
}
