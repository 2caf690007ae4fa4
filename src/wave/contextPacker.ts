import { createHash } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { inputError, SeqeraError } from '../net/errors';
import { decidingRule, folderPatternHints, isIncluded, parseDockerIgnore, type IgnoreRule } from './dockerIgnore';
import { encodeEntryHeader, endOfArchive, MAX_ENTRY_SIZE, padding, RECORD_SIZE } from './tarHeader';
import { formatBytes } from './textFile';
import type { ContainerLayer } from './types';

/**
 * Packs a build context the way wave-cli does (wave-utils `Packer`), so the same
 * folder gives the same `tarDigest` and Wave reuses its cached build:
 *
 * - every file below the folder, hidden ones included, minus what `.dockerignore`
 *   drops (see dockerIgnore.ts); no entries for folders;
 * - entries sorted by relative path (`/` separators, UTF-16 order like Java's TreeSet);
 * - uid/gid 0, owner and group `root`, mtime 0, mode 0100000 | permission bits
 *   (0644 on Windows, as wave-cli); names of 100 bytes or more get a PAX `path` record;
 * - gzip with a fixed header: no name, mtime 0, OS byte 255 (commons-compress'
 *   GzipCompressorOutputStream), deflate at the default level.
 *
 * Symbolic links: one that resolves inside the folder is packed as what it points
 * to (wave-cli follows links the same way: a file's bytes under the link's name, an
 * empty folder entry for a linked folder); one that resolves outside the folder,
 * or nowhere, is refused. FIFOs, sockets and devices are skipped.
 *
 * Files are streamed through the hashes and the compressor one at a time, so memory
 * stays at the compressed size, which is capped: a context over 5 MiB of gzip is
 * refused as soon as the compressor passes the limit.
 *
 * The tar bytes, and so `tarDigest` (the part of Wave's cache key that stands for
 * the context), are identical to wave-cli's. The deflate stream comes from Node's
 * zlib, which may choose other matches than the zlib inside a JVM, so `gzipDigest`
 * can differ from wave-cli's for the same tar; Wave does not use it for caching.
 */
export const MAX_CONTEXT_GZIP_BYTES = 5 * 1024 * 1024;
/** The compressed cap bounds what is sent; these bound the work before it. */
export const MAX_CONTEXT_TAR_BYTES = 512 * 1024 * 1024;
export const MAX_CONTEXT_FILES = 50_000;

/** commons-compress GzipCompressorOutputStream header: no flags, mtime 0, XFL 0, OS 255 (unknown). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

export interface PackOptions {
  maxGzipBytes?: number;
  maxTarBytes?: number;
  maxFiles?: number;
  signal?: AbortSignal;
  /** Only for tests: pack as on this platform (Windows stores 0644 for every file). */
  platform?: NodeJS.Platform;
  /** What is packed, for messages: a build context (default) or an extra layer (wave-cli `--layer`). */
  kind?: 'build context' | 'layer';
}

export interface PackedContext {
  layer: ContainerLayer;
  tarSize: number;
  /** Relative paths of the packed entries, sorted. */
  files: string[];
  /** Entries left out because they are not files or folders (FIFOs, sockets, devices). */
  skipped: string[];
  /** Advice about `.dockerignore` patterns that look written for Docker's folder rule. */
  hints: string[];
  /** Files `.dockerignore` left out, each with the line that did, sorted by path. */
  ignored: { path: string; line: number }[];
}

interface Entry {
  rel: string;
  abs: string;
  type: 'file' | 'directory';
  mode: number;
  size: number;
}

export async function packBuildContext(contextDir: string, options: PackOptions = {}): Promise<PackedContext> {
  const maxGzip = options.maxGzipBytes ?? MAX_CONTEXT_GZIP_BYTES;
  const maxTar = options.maxTarBytes ?? MAX_CONTEXT_TAR_BYTES;
  const platform = options.platform ?? process.platform;
  const label = path.basename(contextDir) || contextDir;
  const kind = options.kind ?? 'build context';

  const root = await realDirectory(contextDir);
  const rules = await readDockerIgnore(root);
  const walk = await collectEntries(root, rules, options.maxFiles ?? MAX_CONTEXT_FILES, options.signal, platform);
  const entries = walk.entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));

  // An estimate (a long name's PAX record is counted as two records), only to refuse early.
  const tarSize =
    entries.reduce((n, e) => n + RECORD_SIZE * (Buffer.byteLength(e.rel) >= 99 ? 3 : 1) + e.size + padding(e.size), 0) +
    2 * RECORD_SIZE;
  if (tarSize > maxTar) {
    throw inputError(
      `The ${kind} ${label} holds ${formatBytes(tarSize)} of files, more than the ${formatBytes(maxTar)} we pack: ` +
        'add a .dockerignore or choose a smaller folder.',
    );
  }

  const packed = await writeArchive(entries, maxGzip, label, options.signal, kind);
  return {
    ...packed,
    files: entries.map((e) => e.rel),
    skipped: walk.skipped,
    hints: folderPatternHints(rules, [...entries.map((e) => e.rel), ...walk.ignored]),
    ignored: walk.ignored.sort().map((rel) => ({ path: rel, line: decidingRule(rules, rel)?.line ?? 0 })),
  };
}

async function realDirectory(dir: string): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch {
    throw inputError(`The build context folder ${dir} does not exist.`);
  }
  const st = await fs.stat(real);
  if (!st.isDirectory()) throw inputError(`The build context ${dir} is not a folder.`);
  return real;
}

async function readDockerIgnore(root: string): Promise<IgnoreRule[]> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(root, '.dockerignore'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') {
      throw inputError('The .dockerignore of the build context is a folder: it must be a file of patterns. Rename or remove it.');
    }
    throw inputError(`Cannot read the .dockerignore of the build context: ${ioReason(e)}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw inputError('The .dockerignore of the build context is not valid UTF-8 text.');
  }
  return parseDockerIgnore(text);
}

async function collectEntries(
  root: string,
  rules: IgnoreRule[],
  maxFiles: number,
  signal: AbortSignal | undefined,
  platform: NodeJS.Platform,
): Promise<{ entries: Entry[]; skipped: string[]; ignored: string[] }> {
  const entries: Entry[] = [];
  const skipped: string[] = [];
  const ignored: string[] = [];
  let seen = 0;
  const perms = (st: Stats): number => (platform === 'win32' ? 0o644 : st.mode & 0o777);

  const visit = async (dir: string, relDir: string): Promise<void> => {
    signal?.throwIfAborted();
    let dirents;
    try {
      dirents = await fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (e) {
      throw inputError(`Cannot read ${relDir || '.'} in the build context: ${ioReason(e)}`);
    }
    for (const d of dirents) {
      const name = utf8Name(d.name, relDir);
      const abs = path.join(dir, name);
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      if (d.isDirectory()) {
        await visit(abs, rel);
        continue;
      }
      if (++seen > maxFiles) {
        throw inputError(`The build context has more than ${maxFiles.toLocaleString('en-US')} files: choose a smaller folder.`);
      }
      if (!isIncluded(rules, rel)) {
        ignored.push(rel);
        continue;
      }
      if (d.isFile()) {
        const st = await statOrRefuse(abs, rel);
        entries.push({ rel, abs, type: 'file', mode: 0o100000 | perms(st), size: st.size });
      } else if (d.isSymbolicLink()) {
        const entry = await resolveLink(root, abs, rel, perms);
        if (entry) entries.push(entry);
        else skipped.push(rel);
      } else {
        skipped.push(rel);
      }
    }
  };
  await visit(root, '');
  return { entries, skipped, ignored };
}

/** A file system error as the end of a sentence: "EACCES: permission denied, open '…'." */
function ioReason(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * A name as the tar header stores it (UTF-8). Names in another encoding (a
 * Latin-1 `café` from an old archive) cannot be packed faithfully: refused.
 */
function utf8Name(raw: Buffer, relDir: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    const shown = raw.toString('utf8');
    throw inputError(
      `The name of ${relDir === '' ? shown : `${relDir}/${shown}`} in the build context is not valid UTF-8: ` +
        'rename it (or move it out of the context folder), since Wave gets file names as UTF-8.',
    );
  }
}

async function statOrRefuse(abs: string, rel: string): Promise<Stats> {
  try {
    return await fs.stat(abs);
  } catch (e) {
    throw inputError(`Cannot read ${rel} in the build context: ${ioReason(e)}`);
  }
}

async function resolveLink(root: string, abs: string, rel: string, perms: (st: Stats) => number): Promise<Entry | undefined> {
  let target: string;
  try {
    target = await fs.realpath(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP') {
      throw inputError(`The symbolic link ${rel} in the build context is part of a loop of links: remove it or add it to .dockerignore.`);
    }
    throw inputError(`The symbolic link ${rel} in the build context points to nothing: remove it or add it to .dockerignore.`);
  }
  if (target !== root && !target.startsWith(root + path.sep)) {
    throw inputError(
      `The symbolic link ${rel} points outside the build context (to ${target}): Wave only gets the context's own files. ` +
        'Copy the file into the context or add the link to .dockerignore.',
    );
  }
  const st = await fs.stat(target);
  if (st.isFile()) return { rel, abs: target, type: 'file', mode: 0o100000 | perms(st), size: st.size };
  if (st.isDirectory()) return { rel, abs: target, type: 'directory', mode: 0o40000 | perms(st), size: 0 };
  return undefined;
}

async function writeArchive(
  entries: Entry[],
  maxGzip: number,
  label: string,
  signal: AbortSignal | undefined,
  kind: 'build context' | 'layer' = 'build context',
): Promise<{ layer: ContainerLayer; tarSize: number }> {
  const tarHash = createHash('sha256');
  const gzHash = createHash('sha256').update(GZIP_HEADER);
  const chunks: Buffer[] = [GZIP_HEADER];
  let gzSize = GZIP_HEADER.length;
  let crc = 0;
  let tarSize = 0;
  let tooLarge = false;

  const deflate = zlib.createDeflateRaw({ level: zlib.constants.Z_DEFAULT_COMPRESSION, memLevel: 8, windowBits: 15 });
  const ended = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  ended.catch(() => undefined); // awaited below; this only keeps an error after a refusal from going unhandled
  deflate.on('data', (chunk: Buffer) => {
    gzSize += chunk.length;
    if (gzSize + 8 > maxGzip) tooLarge = true;
    if (tooLarge) return;
    chunks.push(chunk);
    gzHash.update(chunk);
  });
  const refuseTooLarge = (): SeqeraError =>
    inputError(
      `The ${kind} ${label} is larger than ${formatBytes(maxGzip)} compressed, Wave's limit for a ${kind === 'layer' ? 'layer' : 'context'}: ` +
        'add a .dockerignore (patterns such as "data/**") or choose a smaller folder.',
    );
  const write = async (buf: Buffer): Promise<void> => {
    if (buf.length === 0) return;
    if (tooLarge) throw refuseTooLarge();
    tarHash.update(buf);
    crc = zlib.crc32(buf, crc);
    tarSize += buf.length;
    if (!deflate.write(buf)) await new Promise<void>((resolve) => deflate.once('drain', () => resolve()));
  };

  try {
    for (const e of entries) {
      signal?.throwIfAborted();
      if (e.size > MAX_ENTRY_SIZE) throw inputError(`${e.rel} is too large for a build context.`);
      const name = e.type === 'directory' ? `${e.rel}/` : e.rel;
      for (const rec of encodeEntryHeader({ name, mode: e.mode, size: e.size, mtime: 0, type: e.type, uname: 'root', gname: 'root' })) {
        await write(rec);
      }
      if (e.type === 'directory') continue;
      let read = 0;
      try {
        for await (const chunk of createReadStream(e.abs, { signal })) {
          const buf = chunk as Buffer;
          read += buf.length;
          if (read > e.size) break;
          await write(buf);
        }
      } catch (err) {
        if (err instanceof SeqeraError || signal?.aborted) throw err;
        throw inputError(`Cannot read ${e.rel} in the build context: ${ioReason(err)}`);
      }
      if (read !== e.size) throw inputError(`${e.rel} changed while the build context was being packed: try again.`);
      await write(Buffer.alloc(padding(e.size)));
    }
    await write(endOfArchive());
    deflate.end();
    await ended;
  } catch (err) {
    deflate.destroy();
    throw err;
  }
  if (tooLarge) throw refuseTooLarge();

  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(tarSize % 2 ** 32, 4);
  chunks.push(trailer);
  gzHash.update(trailer);
  gzSize += trailer.length;
  const gz = Buffer.concat(chunks, gzSize);
  return {
    tarSize,
    layer: {
      location: `data:${gz.toString('base64')}`,
      gzipDigest: `sha256:${gzHash.digest('hex')}`,
      gzipSize: gzSize,
      tarDigest: `sha256:${tarHash.digest('hex')}`,
    },
  };
}
