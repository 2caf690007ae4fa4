/**
 * Reading and writing the user's SSH config file (no `vscode` import: the home
 * folder and the configured path are passed in, so tests use a temporary home).
 *
 * - creates `~/.ssh` (0700) and the file (0600) when missing;
 * - before the first change of an existing file, copies it to
 *   `<name>.seqera.bak` (never overwritten afterwards, so it keeps the
 *   user's own version);
 * - writes through a temporary file and a rename, following a symlinked
 *   config (dotfile managers) to its target instead of replacing the link.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { upsertStudioBlock, type StudioSshTarget, type UpsertAction } from './sshConfig';

/** `remote.SSH.configFile` when set (with `~` expanded), else `<home>/.ssh/config`. */
export function resolveSshConfigPath(home: string, configured?: string): string {
  const value = configured?.trim();
  if (!value) return path.join(home, '.ssh', 'config');
  if (value === '~') return home;
  if (value.startsWith('~/') || value.startsWith('~\\')) return path.join(home, value.slice(2));
  return path.resolve(home, value);
}

export function backupPathFor(configPath: string): string {
  return `${configPath}.seqera.bak`;
}

export async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export interface WriteResult {
  action: UpsertAction;
  alias: string;
  /** The file written (the symlink's target when the config is a link). */
  path: string;
  created: boolean;
  backupPath?: string;
}

/** What `writeStudioHost` would do, without writing: for the "ask before the first write" prompt. */
export async function previewStudioHost(configPath: string, target: StudioSshTarget): Promise<WriteResult> {
  const realPath = await resolveLink(configPath);
  const before = await readTextIfExists(realPath);
  const { action, alias } = upsertStudioBlock(before ?? '', target);
  return { action, alias, path: realPath, created: before === undefined };
}

export async function writeStudioHost(configPath: string, target: StudioSshTarget): Promise<WriteResult> {
  const realPath = await resolveLink(configPath);
  const before = await readTextIfExists(realPath);
  const { text, action, alias } = upsertStudioBlock(before ?? '', target);
  const result: WriteResult = { action, alias, path: realPath, created: before === undefined };
  if (action === 'unchanged' && before !== undefined) return result;

  await fs.mkdir(path.dirname(realPath), { recursive: true, mode: 0o700 });
  let mode = 0o600;
  if (before !== undefined) {
    mode = (await fs.stat(realPath)).mode & 0o777;
    result.backupPath = await backupOnce(realPath);
  }
  const tmp = `${realPath}.seqera-${process.pid}-${Date.now()}.tmp`;
  try {
    await fs.writeFile(tmp, text, { encoding: 'utf8', mode, flag: 'wx' });
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, realPath);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return result;
}

/** Copies the file to `<file>.seqera.bak` unless that backup already exists. */
async function backupOnce(file: string): Promise<string> {
  const backup = backupPathFor(file);
  try {
    await fs.copyFile(file, backup, fs.constants.COPYFILE_EXCL);
    await fs.chmod(backup, 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return backup;
}

async function resolveLink(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch (e) {
    if (isNotFound(e)) return file;
    throw e;
  }
}

function isNotFound(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
