import * as fs from 'node:fs';

/**
 * Reading a credentials file someone else wrote (Nextflow, the Seqera CLI)
 * without trusting it: only a regular file (a symlink is followed, but what it
 * points to must be a regular file too: never a device such as /dev/zero, a
 * FIFO or a folder), at most MAX_BYTES, opened non-blocking so a FIFO cannot
 * hang the extension. Each refusal is a sentence that names the file.
 */
export const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024;

export type CredentialFile =
  | { status: 'missing' }
  | { status: 'refused'; reason: string }
  | { status: 'read'; text: string; /** Permission bits (e.g. 0o644). */ mode: number };

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

export async function readCredentialFile(file: string, maxBytes = MAX_CREDENTIAL_FILE_BYTES): Promise<CredentialFile> {
  let handle: fs.promises.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' };
    if (code === 'EISDIR') return { status: 'refused', reason: `${file} is a folder, not a file.` };
    if (code === 'EACCES' || code === 'EPERM') return { status: 'refused', reason: `${file} cannot be read (permission denied).` };
    if (code === 'ELOOP') return { status: 'refused', reason: `${file} is a symbolic link loop.` };
    return { status: 'refused', reason: `${file} cannot be read (${code ?? String(e)}).` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { status: 'refused', reason: `${file} is ${kindOf(stat)}, not a file; it is not read.` };
    if (stat.size > maxBytes) {
      return {
        status: 'refused',
        reason: `${file} is ${formatSize(stat.size)}; a credentials file is a few hundred bytes, so it is not read (at most ${formatSize(maxBytes)}).`,
      };
    }
    // Read one byte more than allowed: a file that grew since the stat is refused too.
    const buf = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > maxBytes) return { status: 'refused', reason: `${file} is larger than ${formatSize(maxBytes)}; it is not read.` };
    const bytes = buf.subarray(0, bytesRead);
    if (bytes.includes(0)) return { status: 'refused', reason: `${file} holds binary data (a NUL byte), not text; it is not read.` };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { status: 'refused', reason: `${file} is not UTF-8 text; it is not read.` };
    }
    return { status: 'read', text: text.replace(/^\uFEFF/, ''), mode: stat.mode & 0o777 };
  } finally {
    await handle.close();
  }
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
