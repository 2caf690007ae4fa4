import * as vscode from 'vscode';
import { inputError, SeqeraError } from '../net/errors';
import { SshKeysApi, type UserSshPublicKeyDto } from '../platform/sshKeys';
import type { Services } from '../services';
import { listLocalPublicKeys } from '../ssh/localKeys';
import { parsePublicKey } from '../ssh/publicKey';
import { formatDay } from '../ui/dates';

/**
 * Seqera: List SSH Keys and Seqera: Remove SSH Key…, on the keys of the
 * user's Platform profile (GET /ssh-keys, DELETE /ssh-keys/{keyId}). Each key
 * shows its name, type, comment, fingerprint, when it was added and last
 * used, and whether it is one of this computer's `~/.ssh/*.pub`.
 */
export interface SshKeyPickItem extends vscode.QuickPickItem {
  key?: UserSshPublicKeyDto;
  add?: true;
}

export type ListedSshKey = { id: number; name: string; fingerprint?: string; onThisComputer: boolean };

const date = (iso: string | undefined): string | undefined => formatDay(iso);

async function keyItems(services: Services, api: SshKeysApi, signal: AbortSignal): Promise<{ items: SshKeyPickItem[]; listed: ListedSshKey[]; dropped: number }> {
  const remote = services.remoteSsh.remoteName() !== undefined;
  const [profile, local] = await Promise.all([api.list(signal), remote ? Promise.resolve([]) : listLocalPublicKeys(services.remoteSsh.homeDir())]);
  for (const d of profile.dropped) services.log.warn(`GET /ssh-keys: a key the extension cannot read was left out (${d.path}: ${d.message})`);
  const mine = new Set(local.flatMap((l) => (l.key ? [`${l.key.type} ${l.key.blob}`] : [])));
  const listed: ListedSshKey[] = [];
  const items = profile.items.map((k): SshKeyPickItem => {
    const parsed = k.publicKey ? parsePublicKey(k.publicKey, 'key') : undefined;
    const key = parsed?.ok ? parsed.key : undefined;
    const onThisComputer = key ? mine.has(`${key.type} ${key.blob}`) : false;
    const name = k.name ?? String(k.id);
    listed.push({ id: k.id, name, fingerprint: key?.fingerprint, onThisComputer });
    const added = date(k.dateCreated);
    const used = date(k.lastUsed);
    return {
      label: `$(key) ${name}`,
      description: [key?.typeLabel ?? vscode.l10n.t('unreadable key'), key?.comment, onThisComputer ? vscode.l10n.t('on this computer') : undefined].filter(Boolean).join(' · '),
      detail: [key?.fingerprint, added ? vscode.l10n.t('added {0}', added) : undefined, used ? vscode.l10n.t('last used {0}', used) : vscode.l10n.t('never used')].filter(Boolean).join(' · '),
      key: k,
    };
  });
  return { items, listed, dropped: profile.dropped.length };
}

/** Lists the profile's keys; picking one offers to remove it, the last item adds one. */
export async function listSshKeys(services: Services): Promise<ListedSshKey[] | undefined> {
  const ui = services.studios.ui;
  const api = new SshKeysApi(services.session.requireClient());
  const { items, listed, dropped } = await ui.progress(vscode.l10n.t('Reading SSH keys'), (_p, signal) => keyItems(services, api, signal));
  const add: SshKeyPickItem = { label: `$(add) ${vscode.l10n.t('Add SSH Key…')}`, add: true };
  const picked = await ui.pick([...items, add], {
    title: vscode.l10n.t('SSH Keys in Your Seqera Profile'),
    placeHolder:
      (items.length === 0 ? vscode.l10n.t('Your profile has no SSH key: Studios refuse Remote-SSH until you add one') : vscode.l10n.t('Choose a key to remove it')) +
      (dropped ? ` (${vscode.l10n.t('{0} unreadable, see the Seqera log', dropped)})` : ''),
  });
  if (picked?.add) {
    await vscode.commands.executeCommand('seqera.sshKeys.add');
  } else if (picked?.key) {
    await removeSshKey(services, picked.key);
  }
  return listed;
}

function isKeyRef(arg: unknown): arg is { id: number; name?: string } {
  return typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'number';
}

/** Removes a key from the profile after a modal confirmation; from the palette it asks which. */
export async function removeSshKey(services: Services, arg?: unknown): Promise<{ id: number; name: string } | undefined> {
  const ui = services.studios.ui;
  const api = new SshKeysApi(services.session.requireClient());
  let key: UserSshPublicKeyDto | undefined;
  if (isKeyRef(arg)) {
    key = arg;
  } else if (arg !== undefined) {
    throw inputError(vscode.l10n.t('Remove SSH Key expects a key of your profile ({ id }).'));
  } else {
    const { items } = await ui.progress(vscode.l10n.t('Reading SSH keys'), (_p, signal) => keyItems(services, api, signal));
    if (items.length === 0) {
      void ui.info(vscode.l10n.t('Your Seqera profile has no SSH key.'));
      return undefined;
    }
    key = (await ui.pick(items, { title: vscode.l10n.t('Remove SSH Key'), placeHolder: vscode.l10n.t('Choose the key to remove from your Seqera profile') }))?.key;
  }
  if (!key) return undefined;
  const name = key.name ?? String(key.id);
  const parsed = key.publicKey ? parsePublicKey(key.publicKey, 'key') : undefined;
  const ok = await ui.confirm(
    vscode.l10n.t('Remove the SSH key "{0}" from your Seqera profile?', name),
    vscode.l10n.t(
      '{0}The Studios SSH proxy will no longer let this key in. The key files on your computers are not touched.',
      parsed?.ok ? `${parsed.key.typeLabel} ${parsed.key.fingerprint}${parsed.key.comment ? ` (${parsed.key.comment})` : ''}. ` : '',
    ),
    vscode.l10n.t('Remove Key'),
  );
  if (!ok) return undefined;
  const id = key.id;
  try {
    await ui.progress(vscode.l10n.t('Removing SSH key {0}', name), (_p, signal) => api.remove(id, signal));
  } catch (e) {
    if (e instanceof SeqeraError && e.kind === 'notFound') throw new SeqeraError('notFound', vscode.l10n.t('The SSH key "{0}" is no longer in your Seqera profile.', name));
    throw e;
  }
  services.log.info(`ssh key "${name}" (id ${id}) removed from the Platform profile`);
  void ui.info(vscode.l10n.t('Removed the SSH key "{0}" from your Seqera profile.', name));
  return { id, name };
}
