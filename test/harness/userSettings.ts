import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * User settings that keep VS Code's own first-run UI (welcome page, tips,
 * update and telemetry calls) out of a test run, the demo and screenshots.
 */
export const QUIET_WORKBENCH_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
};

/** Writes `<userDataDir>/User/settings.json`, the user settings the server's workbench reads. */
export function writeUserSettings(userDataDir: string, settings: Readonly<Record<string, unknown>>): void {
  writeSettings(path.join(userDataDir, 'User'), settings);
}

/**
 * Writes `<userDataDir>/Machine/settings.json`, the server machine's settings. The
 * browser workbench is a remote window: machine-scoped settings are read from here,
 * not from the user settings.
 */
export function writeMachineSettings(userDataDir: string, settings: Readonly<Record<string, unknown>>): void {
  writeSettings(path.join(userDataDir, 'Machine'), settings);
}

function writeSettings(dir: string, settings: Readonly<Record<string, unknown>>): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}
