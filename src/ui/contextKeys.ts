import * as vscode from 'vscode';
import { Emitter } from './emitter';

/**
 * Every context key the extension sets goes through `setContextKey`, which
 * also remembers the last value: VS Code offers no API to read a context key
 * back, and the integration tests check through the test rig that the
 * walkthrough's keys are set by the real events.
 */
const values = new Map<string, unknown>();
const set = new Emitter<{ key: string; value: unknown }>();

/** The last value set for each key (the test rig shows it to tests). */
export const contextKeyValues: ReadonlyMap<string, unknown> = values;
/** Fires on every set, for tests that watch a key being set by an event. */
export const onDidSetContextKey = set.event;

export function setContextKey(key: string, value: unknown): void {
  values.set(key, value);
  void vscode.commands.executeCommand('setContext', key, value);
  set.fire({ key, value });
}

/** The Getting Started walkthrough's steps complete on these (package.json `completionEvents`). */
export const WALKTHROUGH_KEYS = {
  /** A workspace is active (picked, remembered, or from TOWER_WORKSPACE_ID). */
  workspaceSelected: 'seqera.workspaceSelected',
  /** A Studio the user started from this window is running. */
  studioStarted: 'seqera.studioStarted',
  /** A Wave build of this window's history succeeded. */
  waveBuilt: 'seqera.wave.built',
} as const;
