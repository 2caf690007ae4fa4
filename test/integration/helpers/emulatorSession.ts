import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../../src/testing/testRig';
import { startEmulator, type Emulator, type RequestLogEntry } from '../../emulator';
import { activateExtension } from '../extension';
import type { ScriptedUi } from './scriptedUi';

/**
 * The setup most integration suites share, as one call in the `describe` body:
 * the extension activated, an emulator started, the `seqera` settings pointed
 * at it, the session reloaded and signed in (or out), a workspace made active;
 * at the end everything put back in the reverse order (restore, sign out,
 * settings reset, reload, emulator stopped).
 *
 * It registers mocha `before`/`after` hooks (and `beforeEach`/`afterEach` with
 * `studiosUi`) on the suite it is called in, so a suite's own `before` hooks
 * registered after the call run after this setup, and its own `after` hooks
 * after this teardown.
 */
export interface EmulatorSessionOptions<U extends ScriptedUi> {
  seed: number;
  /**
   * How the session starts: `signedOut` (anonymous), `signedIn` (the emulator's token, workspaces
   * loaded), or `reloaded` (whatever the secret storage holds for the emulator: nothing; the tests sign in).
   */
  start: 'signedOut' | 'signedIn' | 'reloaded';
  /** `seqera` settings beyond platformUrl and waveUrl, set before the session reloads (e.g. `'studios.refreshInterval': 0`). */
  settings?: Readonly<Record<string, unknown>>;
  /** Further `seqera` settings the tests change themselves, reset with the others at the end. */
  resets?: readonly string[];
  /** With `signedIn`: the organization and workspace made active, whose Studios are then loaded. */
  workspace?: readonly [org: string, workspace: string];
  /**
   * Runs once the emulator is up, before any setting changes: manual timers, emulator state the sign-in
   * must already see, replaced services.
   */
  prepare?: (session: EmulatorSession<U>) => void | Promise<void>;
  /** Runs first at the end, before signing out: puts back what `prepare` replaced. */
  restore?: (session: EmulatorSession<U>) => void | Promise<void>;
  /**
   * Makes the Studio commands' UI before each test (`session.ui()`); after each test every prompt shown
   * must have been scripted; the extension's own UI is put back at the end.
   */
  studiosUi?: () => U;
}

export interface EmulatorSession<U extends ScriptedUi = ScriptedUi> {
  api(): SeqeraTestRig;
  emu(): Emulator;
  /** The `seqera` section of the settings. */
  config(): vscode.WorkspaceConfiguration;
  /** The id of the `workspace` of the options. */
  workspaceId(): number;
  /** This test's scripted Studio UI (with `studiosUi`). */
  ui(): U;
  /** The requests the emulator received with this method and a path matching `path`. */
  requests(method: string, path: RegExp): RequestLogEntry[];
}

export function useEmulatorSession<U extends ScriptedUi = ScriptedUi>(options: EmulatorSessionOptions<U>): EmulatorSession<U> {
  let api: SeqeraTestRig | undefined;
  let emu: Emulator | undefined;
  let ui: U | undefined;
  let workspaceId: number | undefined;
  let originalUi: SeqeraTestRig['studios']['ui'] | undefined;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  const settings = { ...options.settings };
  const resets = ['platformUrl', 'waveUrl', ...Object.keys(settings), ...(options.resets ?? [])];
  const session: EmulatorSession<U> = {
    api: () => api ?? assert.fail('the extension is not activated yet (before hook)'),
    emu: () => emu ?? assert.fail('the emulator is not started yet (before hook)'),
    config,
    workspaceId: () => workspaceId ?? assert.fail('no workspace was made active (options.workspace)'),
    ui: () => ui ?? assert.fail('no scripted Studio UI (options.studiosUi)'),
    requests: (method, path) => session.emu().requests.filter((r) => r.method === method && path.test(r.path)),
  };

  before(async () => {
    api = await activateExtension();
    emu = await startEmulator({ seed: options.seed });
    await options.prepare?.(session);
    await config().update('platformUrl', emu.platformUrl, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', emu.waveUrl, vscode.ConfigurationTarget.Global);
    for (const [key, value] of Object.entries(settings)) await config().update(key, value, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    if (options.start === 'signedOut') await api.session.signOut();
    if (options.start === 'signedIn') {
      await api.session.signIn(emu.token);
      // A workspace list that finishes loading later would move the active workspace to the default.
      await api.workspaces.load();
    }
    originalUi = api.studios.ui;
    if (options.workspace) {
      const [orgName, workspaceName] = options.workspace;
      const ws = emu.state.workspace(orgName, workspaceName);
      workspaceId = ws.id;
      await api.workspaces.setActive({ workspaceId: ws.id, orgId: ws.orgId, orgName, workspaceName, fullName: `${orgName} / ${workspaceName}` });
      // Joins the load the (possibly visible) view started, so no answer arrives during the first test.
      await api.studios.store.refresh('all', 'manual');
    }
  });

  if (options.studiosUi) {
    const make = options.studiosUi;
    beforeEach(() => {
      ui = make();
      session.api().studios.ui = ui;
    });
    afterEach(() => {
      assert.deepEqual(session.ui().unexpected, [], 'every prompt was scripted');
    });
  }

  after(async () => {
    // Nothing to put back when activation failed or a `before` hook before this one skipped the suite.
    if (!api) return;
    if (originalUi && options.studiosUi) api.studios.ui = originalUi;
    if (emu) await options.restore?.(session);
    await api.session.signOut();
    for (const key of resets) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await emu?.stop();
  });

  return session;
}
