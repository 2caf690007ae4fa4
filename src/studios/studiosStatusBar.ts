import * as vscode from 'vscode';
import { runningStudiosText } from './studioPresentation';
import type { StudioStore } from './studioStore';

/**
 * Status bar item with the number of running Studios in the active workspace
 * (as of the last refresh). Hidden when none runs; a click picks one to open
 * or stop. It reads the store and never fetches by itself.
 */
export class StudiosStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('seqera.studios.running', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];
  private count = 0;
  private visible = false;

  constructor(private readonly store: StudioStore) {
    this.item.name = vscode.l10n.t('Seqera Studios');
    this.item.command = 'seqera.studios.showRunning';
    this.subscriptions = [store.onDidChange(() => this.update()), store.onDidChangeContext(() => this.update())];
    this.update();
  }

  /** The number shown, for tests. Undefined when the item is hidden. */
  get shownCount(): number | undefined {
    return this.visible ? this.count : undefined;
  }

  update(): void {
    const running = this.store.studios.filter((s) => s.statusInfo.status === 'running');
    this.count = running.length;
    this.visible = this.store.context !== undefined && running.length > 0;
    if (!this.visible) {
      this.item.hide();
      return;
    }
    const where = this.store.context?.workspaceLabel ?? '';
    this.item.text = `$(vm-running) ${running.length}`;
    const count = runningStudiosText(running.length);
    this.item.tooltip =
      running.length === 1
        ? vscode.l10n.t('{0} in {1}. Click to open or stop it.', count, where)
        : vscode.l10n.t('{0} in {1}. Click to open or stop one.', count, where);
    this.item.accessibilityInformation = { label: count };
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
