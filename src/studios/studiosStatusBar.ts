import type * as vscode from 'vscode';
import { Emitter } from '../ui/emitter';
import type { StudioStore } from './studioStore';

/**
 * How many Studios run in the active workspace (as of the last refresh), for
 * the one Seqera status bar item (accounts/endpointStatus.ts shows it beside
 * the endpoint and the workspace; #17.10: it used to be a bare number in an
 * item of its own). It reads the store and never fetches by itself.
 */
export class StudiosStatusBar implements vscode.Disposable {
  private readonly changed = new Emitter<void>();
  /** Fires when the count, or whether it is shown, changes. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private _count = 0;
  private visible = false;

  constructor(private readonly store: StudioStore) {
    this.subscriptions = [store.onDidChange(() => this.update()), store.onDidChangeContext(() => this.update())];
    this.update();
  }

  /** Running Studios in the active workspace (0 without one). */
  get count(): number {
    return this.visible ? this._count : 0;
  }

  /** The number shown, for tests. Undefined when none is shown. */
  get shownCount(): number | undefined {
    return this.visible ? this._count : undefined;
  }

  update(): void {
    const count = this.store.studios.filter((s) => s.statusInfo.status === 'running').length;
    const visible = this.store.context !== undefined && count > 0;
    if (count === this._count && visible === this.visible) return;
    this._count = count;
    this.visible = visible;
    this.changed.fire();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
