import * as os from 'node:os';
import * as vscode from 'vscode';
import type { KeygenRunner } from '../ssh/keygen';
import { defaultKeygenRunner } from './keygenRunner';

/**
 * What this extension needs of Microsoft's Remote-SSH extension (or a fork
 * that offers the same commands, such as Open Remote - SSH): its stable
 * command `opensshremotes.openEmptyWindow({host})`, and two of its settings.
 * Detection goes by the command, not the extension id, so forks work.
 */
export const REMOTE_SSH_EXTENSION_ID = 'ms-vscode-remote.remote-ssh';
export const OPEN_EMPTY_WINDOW_COMMAND = 'opensshremotes.openEmptyWindow';

/**
 * Where the SSH config lives, and whether it is the machine Remote-SSH connects
 * from. `remoteName` is `vscode.env.remoteName`: set (`ssh-remote`, `wsl`,
 * `dev-container`, …) when this extension runs on a remote machine, whose
 * `~/.ssh/config` Remote-SSH on the user's computer never reads. Tests replace
 * both (the harness's browser VS Code has a remoteName of its own).
 */
export interface RemoteSshEnvironment {
  homeDir: () => string;
  remoteName: () => string | undefined;
  /** Runs ssh-keygen (tests run the real one, or a fake where it is missing). */
  keygen: KeygenRunner;
  /** The comment of a generated key: `user@host`, as ssh-keygen's default. */
  keyComment: () => string;
}

export function defaultRemoteSshEnvironment(): RemoteSshEnvironment {
  return {
    homeDir: () => os.homedir(),
    remoteName: () => vscode.env.remoteName,
    keygen: defaultKeygenRunner,
    keyComment: () => `${os.userInfo().username}@${os.hostname()}`,
  };
}

export async function remoteSshAvailable(): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(OPEN_EMPTY_WINDOW_COMMAND);
}

export async function installRemoteSsh(): Promise<boolean> {
  await vscode.commands.executeCommand('workbench.extensions.installExtension', REMOTE_SSH_EXTENSION_ID);
  return remoteSshAvailable();
}

const remoteSshConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('remote.SSH');

/**
 * `remote.SSH.useLocalServer`: the Studios connect proxy does not support the
 * local server's multiplexing over a SOCKS proxy, so it must be false.
 * `registered` is false when no Remote-SSH extension declares the setting.
 */
export function localServerSetting(): { registered: boolean; enabled: boolean } {
  const inspected = remoteSshConfig().inspect<boolean>('useLocalServer');
  const registered = inspected?.defaultValue !== undefined;
  const value = inspected?.globalValue ?? inspected?.defaultValue;
  return { registered, enabled: value !== false };
}

export async function disableLocalServer(): Promise<void> {
  await remoteSshConfig().update('useLocalServer', false, vscode.ConfigurationTarget.Global);
}

/**
 * `remote.SSH.configFile` from the user's settings only: a workspace value
 * is ignored so a cloned repository cannot make us write to a file it picks.
 */
export function configuredSshConfigFile(): string | undefined {
  const value = remoteSshConfig().inspect<string>('configFile')?.globalValue;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Tells Remote-SSH the host runs Linux, so it does not ask on first connect. */
export async function setRemotePlatform(alias: string): Promise<void> {
  const config = remoteSshConfig();
  const inspected = config.inspect<Record<string, string>>('remotePlatform');
  if (inspected?.defaultValue === undefined) return; // not registered: nothing to tell
  const current = inspected.globalValue ?? {};
  if (current[alias] === 'linux') return;
  await config.update('remotePlatform', { ...current, [alias]: 'linux' }, vscode.ConfigurationTarget.Global);
}

export async function openRemoteWindow(alias: string): Promise<void> {
  await vscode.commands.executeCommand(OPEN_EMPTY_WINDOW_COMMAND, { host: alias });
}
