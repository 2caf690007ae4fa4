import * as vscode from 'vscode';
import { followStudio, isStudioRef, isTransient, onStudio, requireContext, studioPickItem, type StudiosFeature } from '../studios';
import { SeqeraError } from '../net/errors';
import { webUrlFromApiUrl } from '../platform/endpoint';
import { SshKeysApi } from '../platform/sshKeys';
import { addSshKey } from './addSshKey';
import type { Studio, StudioStartRequest } from '../platform/studioTypes';
import {
  configuredSshConfigFile,
  disableLocalServer,
  installRemoteSsh,
  localServerSetting,
  openRemoteWindow,
  remoteSshAvailable,
  setRemotePlatform,
} from './remoteSshExtension';
import type { Services } from '../services';
import { renderStudioBlock, studioHostAlias, targetFromSshDetails, type StudioSshTarget } from '../ssh/sshConfig';
import { previewStudioHost, resolveSshConfigPath, writeStudioHost, type WriteResult } from '../ssh/sshConfigFile';

/**
 * Seqera: Connect with Remote-SSH. Opens a running, SSH-enabled Studio in a
 * new VS Code window through the Remote-SSH extension:
 *  1. a Studio without SSH gets an explanation (and, when stopped, an offer
 *     to start it with SSH); a stopped one is started first when the user
 *     agrees ("Start and Connect");
 *  2. checks Remote-SSH (offers to install it), `remote.SSH.useLocalServer`
 *     (must be false for the Studios proxy; offers to set it) and the user's
 *     public key in their Platform profile (none: offers to add one, see
 *     addSshKey.ts, or links to the profile);
 *  3. asks before the first change to the SSH config, then writes or updates
 *     the Studio's marked Host block (see src/ssh);
 *  4. runs `opensshremotes.openEmptyWindow({host})` for that block's alias.
 *
 * In a remote window (Remote-SSH, WSL, a dev container, a browser VS Code) this
 * extension runs on the remote machine, but Remote-SSH connects from the user's
 * computer and reads the SSH config there. So nothing is written: the Host
 * block is shown with Copy and how to add it and connect (`showHostBlock`).
 */
export const CONNECT_COMMAND = 'seqera.studios.connectRemoteSsh';
export const START_AND_CONNECT_COMMAND = 'seqera.studios.startAndConnectRemoteSsh';
export const STUDIOS_SSH_DOCS = 'https://docs.seqera.io/platform-cloud/studios/managing';
const CONSENT_KEY = 'seqera.sshConfigConsent';

export type ConnectResult =
  | { alias: string; configPath: string; action: WriteResult['action'] }
  /** A remote window: nothing written, the block shown (and `copied` when the user chose Copy). */
  | { alias: string; action: 'notWritten'; remoteName: string; block: string; copied: boolean };


const hasSshConfigured = (s: Studio): boolean => !!s.sshDetails || s.configuration?.sshEnabled === true;
const isStopped = (s: Studio): boolean => ['stopped', 'errored', 'buildFailed'].includes(s.statusInfo.status);

export async function connectRemoteSsh(services: Services, arg?: unknown, startIfStopped = false): Promise<ConnectResult | undefined> {
  const f = services.studios;
  const title = startIfStopped ? vscode.l10n.t('Start and Connect with Remote-SSH') : vscode.l10n.t('Connect with Remote-SSH');
  let studio = await resolveStudio(f, arg, title, startIfStopped);
  if (!studio) return undefined;
  const ctx = requireContext(f);

  if (isStopped(studio)) {
    studio = await startForSsh(f, studio, startIfStopped);
    if (!studio) return undefined;
  } else if (isTransient(studio.statusInfo.status)) {
    const outcome = await followStudio(f, studio, studio.statusInfo.status === 'stopping' ? 'stop' : 'start', ctx);
    if (outcome.kind === 'abandoned') return undefined; // switched workspace or endpoint meanwhile
    studio = f.store.get(studio.sessionId) ?? studio;
    if (outcome.kind !== 'settled' || outcome.status !== 'running') {
      void f.ui.warn(vscode.l10n.t('Studio {0} is not running ({1}); connect once it runs.', studio.name, studio.statusInfo.status));
      return undefined;
    }
  }
  if (studio.statusInfo.status === 'running' && !studio.sshDetails) {
    const current = studio;
    studio = await onStudio(f, current, vscode.l10n.t('Reading'), () => ctx.api.getStudio(current.sessionId)); // details can lag behind the status
    f.store.applyStudio(studio, ctx);
  }
  if (!studio.sshDetails) {
    await explainNoSsh(f, studio);
    return undefined;
  }

  // Remote-SSH and its settings live on the user's computer, not on a remote machine: checked there only.
  const remoteName = services.remoteSsh.remoteName();
  if (!remoteName && !(await ensureRemoteSsh(f))) return undefined;
  if (!remoteName && !(await ensureLocalServerOff(f))) return undefined;
  if (!(await checkPublicKey(services, f))) return undefined;

  const apiUrl = ctx.api.client.apiUrl;
  const { target, ignoredOptions } = targetFromSshDetails({ sessionId: studio.sessionId, name: studio.name }, studio.sshDetails, apiUrl);
  if (ignoredOptions.length) services.log.warn(`ssh options from the Platform not written to the SSH config: ${ignoredOptions.join(', ')}`);
  if (remoteName) return showHostBlock(services, f, studio, target, remoteName);
  const configPath = resolveSshConfigPath(services.remoteSsh.homeDir(), configuredSshConfigFile());
  const preview = await previewStudioHost(configPath, target);
  if (preview.action !== 'unchanged' && !hasConsent(services, preview.path)) {
    const ok = await f.ui.confirm(
      preview.created
        ? vscode.l10n.t('Create {0} with a host for Studio {1}?', preview.path, studio.name)
        : vscode.l10n.t('Add a host for Studio {0} to {1}?', studio.name, preview.path),
      vscode.l10n.t(
        'Remote-SSH connects through your SSH config. Seqera adds one marked block per Studio and never changes the rest of the file; a copy of the file is kept as {0}.seqera.bak before the first change.\n\n{1}',
        preview.path,
        renderStudioBlock(target),
      ),
      vscode.l10n.t('Write SSH Config'),
    );
    if (!ok) return undefined;
    await grantConsent(services, preview.path);
  }
  const written = await writeStudioHost(configPath, target);
  services.log.info(
    `ssh config ${written.path}: host ${written.alias} ${written.action}${written.backupPath ? ` (backup ${written.backupPath})` : ''}`,
  );
  await setRemotePlatform(written.alias);
  await openRemoteWindow(written.alias);
  return { alias: written.alias, configPath: written.path, action: written.action };
}

/**
 * A remote window: this machine's SSH config is the wrong one (Remote-SSH runs
 * on the user's computer), so write nothing and hand the user the block.
 */
async function showHostBlock(
  services: Services,
  f: StudiosFeature,
  studio: Studio,
  target: StudioSshTarget,
  remoteName: string,
): Promise<ConnectResult> {
  const alias = studioHostAlias(target.sessionId, target.name);
  const block = renderStudioBlock(target);
  services.log.info(`remote window (${remoteName}): ssh config not written for host ${alias}; the block was shown to copy`);
  const copied = await f.ui.confirm(
    vscode.l10n.t(
      'This window runs on a remote machine ({0}), so Seqera did not write an SSH config here: Remote-SSH connects from your own computer and reads the SSH config there.',
      remoteName,
    ),
    vscode.l10n.t(
      'To open Studio {0}: copy this block into ~/.ssh/config on your computer (or the file your local remote.SSH.configFile setting names), then, in a VS Code window on your computer, run "Remote-SSH: Connect to Host…" and choose {1}. Remote-SSH must have "remote.SSH.useLocalServer" set to false for Studios.\n\n{2}',
      studio.name,
      alias,
      block,
    ),
    vscode.l10n.t('Copy Host Block'),
  );
  if (copied) {
    await f.ui.copy(block);
    void f.ui.info(
      vscode.l10n.t('Copied the Host block for Studio {0}: paste it into ~/.ssh/config on your computer, then connect to {1} with Remote-SSH.', studio.name, alias),
    );
  }
  return { alias, action: 'notWritten', remoteName, block, copied };
}

async function resolveStudio(f: StudiosFeature, arg: unknown, title: string, startIfStopped: boolean): Promise<Studio | undefined> {
  const ctx = requireContext(f);
  if (isStudioRef(arg)) return f.store.get(arg.sessionId) ?? (await ctx.api.getStudio(arg.sessionId));
  await f.store.ensureLoaded();
  if (f.store.state === 'error') throw f.store.lastError;
  const candidates = f.store.studios.filter((s) =>
    startIfStopped ? isStopped(s) : s.statusInfo.status === 'running' || isTransient(s.statusInfo.status) || (isStopped(s) && hasSshConfigured(s)),
  );
  // SSH-ready Studios first: they connect straight away.
  candidates.sort((a, b) => Number(!!b.sshDetails) - Number(!!a.sshDetails) || a.name.localeCompare(b.name));
  if (candidates.length === 0) {
    void f.ui.info(vscode.l10n.t('No Studio in {0} can be connected to right now.', ctx.workspaceLabel));
    return undefined;
  }
  const picked = await f.ui.pick(
    candidates.map((s) => {
      const item = studioPickItem(s);
      return { ...item, description: [item.description, s.sshDetails ? 'SSH' : undefined].filter(Boolean).join(' · ') };
    }),
    { title, placeHolder: vscode.l10n.t('Choose a Studio') },
  );
  return picked?.studio;
}

/** A stopped Studio: start it (with SSH when it was set up without) and follow it until it runs. */
async function startForSsh(f: StudiosFeature, studio: Studio, alreadyAsked: boolean): Promise<Studio | undefined> {
  const ctx = requireContext(f);
  const withSsh = hasSshConfigured(studio);
  if (!withSsh || !alreadyAsked) {
    const ok = await f.ui.confirm(
      withSsh
        ? vscode.l10n.t('Studio {0} is {1}. Start it and connect with Remote-SSH?', studio.name, studio.statusInfo.status)
        : vscode.l10n.t('Studio {0} is {1} and was set up without SSH. Start it with SSH enabled and connect with Remote-SSH?', studio.name, studio.statusInfo.status),
      vscode.l10n.t('The Studio uses compute resources until it is stopped. SSH also has to be allowed for this workspace by your Platform administrator.'),
      withSsh ? vscode.l10n.t('Start and Connect') : vscode.l10n.t('Start with SSH and Connect'),
    );
    if (!ok) return undefined;
  }
  const request: StudioStartRequest = withSsh ? {} : { configuration: { ...studio.configuration, sshEnabled: true } };
  const answer = await onStudio(f, studio, vscode.l10n.t('Starting'), () => ctx.api.startStudio(studio.sessionId, request));
  if (!answer.jobSubmitted) {
    await f.store.refresh({ studio: studio.sessionId }, 'action');
    const now = f.store.get(studio.sessionId)?.statusInfo.status ?? answer.statusInfo.status;
    // An earlier start got through (e.g. ours, repeated by the HTTP layer after its answer was lost): follow it.
    if (now !== 'starting' && now !== 'building' && now !== 'running') {
      throw new SeqeraError('conflict', vscode.l10n.t('The Platform did not start Studio {0} (it is {1}).', studio.name, answer.statusInfo.status));
    }
  } else {
    f.store.applyStatus(studio.sessionId, answer.statusInfo.status, answer.statusInfo.message, ctx);
  }
  const outcome = await followStudio(f, studio, 'start', ctx);
  if (outcome.kind === 'abandoned') return undefined; // switched workspace or endpoint meanwhile
  const now = f.store.get(studio.sessionId) ?? studio;
  if (outcome.kind === 'settled' && outcome.status === 'running') return now;
  if (outcome.kind === 'gone') throw new SeqeraError('notFound', vscode.l10n.t('Studio {0} was deleted while it was starting.', studio.name));
  throw new SeqeraError(
    'server',
    vscode.l10n.t('Studio {0} did not reach running ({1}), so there is nothing to connect to.', studio.name, now.statusInfo.status),
  );
}

async function explainNoSsh(f: StudiosFeature, studio: Studio): Promise<void> {
  const learnMore = vscode.l10n.t('Learn More');
  const choice = await f.ui.warn(
    vscode.l10n.t(
      'Studio {0} runs without SSH, so Remote-SSH cannot reach it. SSH is chosen when a Studio starts: stop it, then use "Start and Connect with Remote-SSH" to start it with SSH. Your Platform administrator must also allow SSH for the workspace.',
      studio.name,
    ),
    learnMore,
  );
  if (choice === learnMore) await f.ui.openExternal(STUDIOS_SSH_DOCS);
}

async function ensureRemoteSsh(f: StudiosFeature): Promise<boolean> {
  if (await remoteSshAvailable()) return true;
  const install = vscode.l10n.t('Install Remote-SSH');
  const choice = await f.ui.warn(
    vscode.l10n.t('Opening a Studio in VS Code needs the Remote - SSH extension (ms-vscode-remote.remote-ssh).'),
    install,
  );
  if (choice !== install) return false;
  if (await installRemoteSsh()) return true;
  void f.ui.info(vscode.l10n.t('Remote - SSH is installed. Run "Connect with Remote-SSH" again once it has started (reload the window if needed).'));
  return false;
}

async function ensureLocalServerOff(f: StudiosFeature): Promise<boolean> {
  const setting = localServerSetting();
  if (!setting.registered || !setting.enabled) return true;
  const set = vscode.l10n.t('Set to false');
  const anyway = vscode.l10n.t('Continue Anyway');
  const choice = await f.ui.warn(
    vscode.l10n.t(
      'Seqera Studios need the Remote-SSH setting "remote.SSH.useLocalServer" to be false: the Studios SSH proxy does not support the local server mode. Change it in your user settings?',
    ),
    set,
    anyway,
  );
  if (choice === set) await disableLocalServer();
  return choice === set || choice === anyway;
}

/**
 * The connect proxy lets in the SSH keys registered in the user's Platform
 * profile. GET /ssh-keys tells whether there is one; when the Platform does
 * not offer that endpoint (older installs) we cannot tell and go on.
 */
async function checkPublicKey(services: Services, f: StudiosFeature): Promise<boolean> {
  const ctx = requireContext(f);
  let count: number;
  try {
    count = (await new SshKeysApi(ctx.api.client).list()).received;
  } catch (e) {
    services.log.debug(`GET /ssh-keys: ${e instanceof Error ? e.message : String(e)} (key check skipped)`);
    return true;
  }
  if (count > 0) return true;
  // In a remote window the key must come from the user's computer: no offer to add one from here.
  const add = services.remoteSsh.remoteName() ? undefined : vscode.l10n.t('Add SSH Key…');
  const profile = vscode.l10n.t('Open Profile');
  const anyway = vscode.l10n.t('Continue Anyway');
  const profileUrl = `${webUrlFromApiUrl(ctx.api.client.apiUrl)}/profile`;
  const choice = await f.ui.warn(
    vscode.l10n.t(
      'Your Seqera profile has no SSH public key, so the Studio will refuse the connection. Add your public key (for example the content of ~/.ssh/id_ed25519.pub) in your profile on {0}, then connect again.',
      new URL(profileUrl).host,
    ),
    ...(add ? [add] : []),
    profile,
    anyway,
  );
  if (add && choice === add) return (await addSshKey(services)) !== undefined;
  if (choice === profile) await f.ui.openExternal(profileUrl);
  return choice === anyway;
}

function hasConsent(services: Services, configPath: string): boolean {
  return (services.context.globalState.get<string[]>(CONSENT_KEY) ?? []).includes(configPath);
}

async function grantConsent(services: Services, configPath: string): Promise<void> {
  const list = services.context.globalState.get<string[]>(CONSENT_KEY) ?? [];
  await services.context.globalState.update(CONSENT_KEY, [...new Set([...list, configPath])]);
}
