import * as fs from 'node:fs/promises';
import * as l10n from '@vscode/l10n';
import * as path from 'node:path';
import { parsePublicKey, type PublicKey } from './publicKey';

/**
 * The public keys in `<home>/.ssh/*.pub`. Only files whose name ends in `.pub`
 * are ever opened, so a private key file is never read. Each entry is either a
 * key or the reason the file is not one (shown to the user, never sent).
 */
export const MAX_PUBLIC_KEY_FILE_BYTES = 16 * 1024;

export interface LocalPublicKey {
  /** Full path of the .pub file. */
  path: string;
  /** `~/.ssh/id_ed25519.pub`-style name for lists and messages. */
  display: string;
  key?: PublicKey;
  problem?: string;
}

export function sshDir(home: string): string {
  return path.join(home, '.ssh');
}

export function displayPath(home: string, file: string): string {
  const rel = path.relative(home, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `~/${rel.split(path.sep).join('/')}` : file;
}

/** Every `*.pub` in `~/.ssh`, by name; none when the folder is missing. */
export async function listLocalPublicKeys(home: string): Promise<LocalPublicKey[]> {
  const dir = sshDir(home);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
  const pubs = names.filter((n) => n.endsWith('.pub')).sort();
  return Promise.all(pubs.map((n) => readPublicKeyFile(home, path.join(dir, n))));
}

/**
 * One public key file: refused (with the reason) when its name does not end
 * in `.pub`, when it is not a regular file (a FIFO would block the read), is
 * larger than a public key can be, or does not hold one.
 */
export async function readPublicKeyFile(home: string, file: string): Promise<LocalPublicKey> {
  const display = displayPath(home, file);
  if (!file.endsWith('.pub')) {
    return { path: file, display, problem: l10n.t('{0}: only a public key file (ending in .pub) is read; the private key never leaves this computer.', display) };
  }
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { path: file, display, problem: l10n.t('{0}: not a regular file.', display) };
    if (stat.size > MAX_PUBLIC_KEY_FILE_BYTES) return { path: file, display, problem: l10n.t('{0}: {1} bytes is too large for an SSH public key.', display, stat.size) };
    const text = await fs.readFile(file, 'utf8');
    const parsed = parsePublicKey(text, display);
    return parsed.ok ? { path: file, display, key: parsed.key } : { path: file, display, problem: parsed.problem };
  } catch (e) {
    return { path: file, display, problem: l10n.t('{0}: cannot be read ({1}).', display, (e as NodeJS.ErrnoException).code ?? String(e)) };
  }
}
