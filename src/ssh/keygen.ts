import * as fs from 'node:fs/promises';
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import { readPublicKeyFile, sshDir, type LocalPublicKey } from './localKeys';

/**
 * Making a new ed25519 key pair with OpenSSH's `ssh-keygen`. The extension
 * never sees a passphrase: without one, ssh-keygen runs with `-N ""` and no
 * input; with one, it runs where the user can answer its own prompts (a
 * terminal, see src/remoteSsh). Existing files are never overwritten: the
 * first free name among `id_ed25519`, `id_ed25519_seqera`, `id_ed25519_seqera_2`, …
 * is used, and ssh-keygen is given no input to confirm an overwrite with.
 */
export type KeygenMode = 'noPassphrase' | 'askPassphrase';

export interface KeygenResult {
  /** undefined when the process was closed without an exit code (a terminal closed by hand). */
  exitCode: number | undefined;
  output: string;
}

/** Runs `ssh-keygen` with these arguments (injected: tests run the real one or a fake). */
export type KeygenRunner = (args: readonly string[], mode: KeygenMode, signal: AbortSignal) => Promise<KeygenResult>;

export const KEY_BASE_NAMES = ['id_ed25519', 'id_ed25519_seqera'];

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file); // a dangling symlink counts: writing through it would surprise the user
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** The private key path for a new key: the first name for which neither the file nor its .pub exists. */
export async function freeKeyPath(home: string): Promise<string> {
  const dir = sshDir(home);
  for (let i = 0; i < 100; i++) {
    const name = i < KEY_BASE_NAMES.length ? KEY_BASE_NAMES[i] : `id_ed25519_seqera_${i}`;
    const file = path.join(dir, name);
    if (!(await exists(file)) && !(await exists(`${file}.pub`))) return file;
  }
  throw new Error(l10n.t('No free key file name in {0}.', dir));
}

export function keygenArgs(file: string, comment: string, mode: KeygenMode): string[] {
  return ['-t', 'ed25519', '-C', comment, '-f', file, ...(mode === 'noPassphrase' ? ['-N', ''] : [])];
}

/**
 * Generates the pair at `file` (from `freeKeyPath`), creating `~/.ssh` (0700)
 * when missing, and returns the new public key. Refuses when `file` appeared
 * in the meantime; a failed ssh-keygen says what it printed.
 */
export async function generateKey(home: string, file: string, comment: string, mode: KeygenMode, run: KeygenRunner, signal: AbortSignal): Promise<LocalPublicKey> {
  await fs.mkdir(sshDir(home), { recursive: true, mode: 0o700 });
  if ((await exists(file)) || (await exists(`${file}.pub`))) throw new Error(l10n.t('{0} already exists; it is never overwritten.', file));
  const result = await run(keygenArgs(file, comment, mode), mode, signal);
  if (result.exitCode !== 0) {
    const said = result.output.trim().split('\n').slice(-3).join(' ').slice(0, 300);
    const how = result.exitCode === undefined ? l10n.t('its terminal was closed') : l10n.t('exit code {0}', result.exitCode);
    throw new Error(said ? l10n.t('ssh-keygen did not create the key ({0}): {1}.', how, said) : l10n.t('ssh-keygen did not create the key ({0}).', how));
  }
  const made = await readPublicKeyFile(home, `${file}.pub`);
  if (!made.key) throw new Error(made.problem ?? l10n.t('ssh-keygen wrote no {0}.pub.', file));
  return made;
}
