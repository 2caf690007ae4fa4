import * as path from 'node:path';
import * as vscode from 'vscode';
import { inputError, SeqeraError } from '../net/errors';
import { webUrlFromApiUrl } from '../platform/endpoint';
import { SshKeysApi, type UserSshPublicKeyDto } from '../platform/sshKeys';
import type { Services } from '../services';
import { freeKeyPath, generateKey, type KeygenMode } from '../ssh/keygen';
import { displayPath, listLocalPublicKeys, type LocalPublicKey } from '../ssh/localKeys';
import { keyIdentity, type PublicKey } from '../ssh/publicKey';

/**
 * Seqera: Add SSH Key… — puts a public key of this computer into the user's
 * Platform profile, so the Studios SSH proxy lets Remote-SSH in:
 *  1. pick one of `~/.ssh/*.pub` (type, comment, fingerprint; keys already in
 *     the profile are marked), or generate a new ed25519 pair with ssh-keygen
 *     after saying where and asking about a passphrase;
 *  2. name it (checked with GET /ssh-keys/validate/name when accepted);
 *  3. GET /ssh-keys/validate/key, then POST /ssh-keys.
 * Only the parsed public key line is sent: private key files are never opened.
 * In a remote window the keys that count are on the user's own computer, so
 * nothing is read, generated or sent here (a key made in a Studio would be a
 * key file written into the Studio).
 */
export interface AddedSshKey {
  id: number;
  name: string;
  fingerprint: string;
  file: string;
  generated: boolean;
}

interface KeyPickItem extends vscode.QuickPickItem {
  local?: LocalPublicKey;
  generate?: true;
}

const MAX_KEY_NAME = 255;

export async function addSshKey(services: Services): Promise<AddedSshKey | undefined> {
  const ui = services.studios.ui;
  const api = new SshKeysApi(services.session.requireClient());
  const remoteName = services.remoteSsh.remoteName();
  if (remoteName) {
    await explainRemoteWindow(services, remoteName);
    return undefined;
  }
  const home = services.remoteSsh.homeDir();
  const [local, profile] = await ui.progress(vscode.l10n.t('Reading SSH keys'), (_p, signal) =>
    Promise.all([listLocalPublicKeys(home), api.list(signal)]),
  );
  const registered = new Map<string, UserSshPublicKeyDto>();
  for (const k of profile.items) {
    const id = k.publicKey ? keyIdentity(k.publicKey) : undefined;
    if (id) registered.set(id, k);
  }
  const picked = await ui.pick(pickItems(local, registered, home), {
    title: vscode.l10n.t('Add SSH Key to Your Seqera Profile'),
    placeHolder: local.length ? vscode.l10n.t('Choose the public key Remote-SSH should use') : vscode.l10n.t('No public key in ~/.ssh yet'),
  });
  if (!picked) return undefined;
  let file: LocalPublicKey | undefined = picked.local;
  let generated = false;
  if (picked.generate) {
    file = await generate(services, home);
    if (!file) return undefined;
    generated = true;
  }
  if (!file) return undefined;
  if (!file.key) throw inputError(file.problem ?? vscode.l10n.t('{0} holds no SSH public key.', file.display));
  const already = registered.get(`${file.key.type} ${file.key.blob}`);
  if (already) {
    void ui.info(vscode.l10n.t('{0} is already in your Seqera profile as "{1}".', file.display, already.name ?? String(already.id)));
    return undefined;
  }
  const key = file.key;
  const name = await askKeyName(services, api, defaultName(key, file), profile.items);
  if (name === undefined) return undefined;
  const created = await ui.progress(vscode.l10n.t('Adding SSH key {0}', name), async (_p, signal) => {
    try {
      await api.validateKey(key.line, signal);
    } catch (e) {
      if (e instanceof SeqeraError && e.kind === 'conflict') throw new SeqeraError('conflict', vscode.l10n.t('{0} is already in your Seqera profile.', file.display));
      if (e instanceof SeqeraError && e.kind === 'badRequest') throw inputError(vscode.l10n.t('The Platform does not accept {0} as an SSH public key ({1}).', file.display, e.message));
      throw e;
    }
    return api.create(name, key.line, signal);
  });
  services.log.info(`ssh key "${name}" (${key.fingerprint}, ${file.display}) added to the Platform profile as id ${created.id}`);
  void ui.info(vscode.l10n.t('Added {0} ({1}) to your Seqera profile as "{2}".', file.display, key.fingerprint, name));
  return { id: created.id, name, fingerprint: key.fingerprint, file: file.path, generated };
}

function pickItems(local: LocalPublicKey[], registered: Map<string, UserSshPublicKeyDto>, home: string): KeyPickItem[] {
  const items: KeyPickItem[] = local.map((l) => {
    if (!l.key) return { label: `$(warning) ${l.display}`, description: vscode.l10n.t('not a usable public key'), detail: l.problem, local: l };
    const inProfile = registered.get(`${l.key.type} ${l.key.blob}`);
    return {
      label: `$(key) ${l.display}`,
      description: [l.key.typeLabel, l.key.comment].filter(Boolean).join(' · '),
      detail: inProfile ? `${l.key.fingerprint} · ${vscode.l10n.t('already in your profile as "{0}"', inProfile.name ?? String(inProfile.id))}` : l.key.fingerprint,
      local: l,
    };
  });
  items.push({
    label: `$(add) ${vscode.l10n.t('Generate a New ed25519 Key…')}`,
    detail: vscode.l10n.t('With ssh-keygen, in {0}; existing keys are never overwritten', displayPath(home, path.join(home, '.ssh'))),
    generate: true,
  });
  return items;
}

async function generate(services: Services, home: string): Promise<LocalPublicKey | undefined> {
  const ui = services.studios.ui;
  const file = await freeKeyPath(home);
  const shown = displayPath(home, file);
  const choice = await ui.pick<vscode.QuickPickItem & { mode: KeygenMode }>(
    [
      { label: vscode.l10n.t('With a Passphrase'), detail: vscode.l10n.t('ssh-keygen asks for it in a terminal; Seqera never sees it'), mode: 'askPassphrase' },
      { label: vscode.l10n.t('Without a Passphrase'), detail: vscode.l10n.t('Anyone who can read {0} can use the key', shown), mode: 'noPassphrase' },
    ],
    { title: vscode.l10n.t('Generate {0} and {1}.pub with ssh-keygen?', shown, shown), placeHolder: vscode.l10n.t('Protect the new private key with a passphrase?') },
  );
  if (!choice) return undefined;
  const comment = services.remoteSsh.keyComment();
  const made = await ui.progress(vscode.l10n.t('Generating {0}', shown), (_p, signal) => generateKey(home, file, comment, choice.mode, services.remoteSsh.keygen, signal));
  services.log.info(`ssh-keygen wrote ${shown} and ${shown}.pub (${made.key?.fingerprint ?? ''})`);
  return made;
}

function defaultName(key: PublicKey, file: LocalPublicKey): string {
  const base = key.comment || `${path.basename(file.path, '.pub')}`;
  return `${base} (VS Code)`.slice(0, MAX_KEY_NAME);
}

function localNameProblem(value: string): string | undefined {
  const name = value.trim();
  if (name === '') return vscode.l10n.t('Enter a name.');
  if (name.length > MAX_KEY_NAME) return vscode.l10n.t('At most {0} characters.', MAX_KEY_NAME);
  return undefined;
}

/** The key's name in the profile, checked with the Platform once accepted; a taken one asks again. */
async function askKeyName(services: Services, api: SshKeysApi, suggestion: string, existing: UserSshPublicKeyDto[]): Promise<string | undefined> {
  const taken = new Set(existing.map((k) => k.name));
  let value = suggestion;
  for (let n = 2; taken.has(value) && n < 100; n++) value = `${suggestion} ${n}`;
  let prompt = vscode.l10n.t('Name of the key in your Seqera profile');
  for (;;) {
    const answer = await services.studios.ui.input({ title: vscode.l10n.t('Add SSH Key to Your Seqera Profile'), prompt, value, validate: localNameProblem });
    if (answer === undefined) return undefined;
    const name = answer.trim();
    try {
      await api.validateName(name);
      return name;
    } catch (e) {
      if (!(e instanceof SeqeraError) || (e.kind !== 'conflict' && e.kind !== 'badRequest')) throw e;
      value = name;
      prompt = e.kind === 'conflict'
        ? vscode.l10n.t('Your profile already has a key named "{0}". Choose another name.', name)
        : vscode.l10n.t('"{0}" is not a valid key name. Choose another name.', name);
    }
  }
}

async function explainRemoteWindow(services: Services, remoteName: string): Promise<void> {
  const ui = services.studios.ui;
  const profile = vscode.l10n.t('Open Profile');
  const profileUrl = `${webUrlFromApiUrl(services.session.requireClient().apiUrl)}/profile`;
  const choice = await ui.warn(
    vscode.l10n.t(
      'This window runs on a remote machine ({0}). Remote-SSH connects to Studios from your own computer, with a key from there: run "Seqera: Add SSH Key…" in a VS Code window on your computer, or paste that key\'s .pub content in your profile. Nothing was read or written here.',
      remoteName,
    ),
    profile,
  );
  if (choice === profile) await ui.openExternal(profileUrl);
}
