import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
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
 * One pass over the bytes: small files are read whole a few ahead, large ones in 1 MiB
 * pieces; the tar is hashed (SHA-256, CRC-32) once as it is written, in 1 MiB blocks
 * that are deflated on libuv's thread pool, three at a time, and joined into one gzip
 * member (TarSink). Memory stays at the compressed size (capped: a context over 5 MiB
 * of gzip is refused as soon as a block passes the limit) plus about 20 MiB in flight.
 *
 * The tar bytes, and so `tarDigest` (the part of Wave's cache key that stands for
 * the context), are identical to wave-cli's. The deflate stream comes from Node's
 * zlib in blocks (as pigz writes it), so `gzipDigest` differs from wave-cli's for the
 * same tar; Wave does not use it for caching.
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
    // The stats of a folder's files run together (one thread-pool round trip each, not one after another),
    // started once the names are all checked, so a refusal never leaves one running.
    const stats: (() => Promise<void>)[] = [];
    const folders: [string, string][] = [];
    for (const d of dirents) {
      const name = utf8Name(d.name, relDir);
      const abs = path.join(dir, name);
      const rel = relDir === '' ? name : `${relDir}/${name}`;
      if (d.isDirectory()) {
        folders.push([abs, rel]);
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
        stats.push(() => statOrRefuse(abs, rel).then((st) => void entries.push({ rel, abs, type: 'file', mode: 0o100000 | perms(st), size: st.size })));
      } else if (d.isSymbolicLink()) {
        stats.push(() => resolveLink(root, abs, rel, perms).then((entry) => void (entry ? entries.push(entry) : skipped.push(rel))));
      } else {
        skipped.push(rel);
      }
    }
    // All settle before a refusal is chosen, and it is the first entry's in folder order (as a sequential walk
    // would refuse): not whichever stat lost the race.
    const settled = await Promise.allSettled(stats.map((stat) => stat()));
    const refused = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
    for (const [abs, rel] of folders) await visit(abs, rel);
  };
  await visit(root, '');
  return { entries, skipped: skipped.sort(), ignored };
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

/** Tar bytes are gathered into blocks of this size, each hashed once and deflated on its own. */
const BATCH_BYTES = 1024 * 1024;
/** Files up to this size are read whole, several ahead of the one being written; larger ones in BATCH_BYTES reads. */
const WHOLE_FILE_BYTES = 1024 * 1024;
/** How many files are read ahead (and so how many reads are in flight) while the archive is written. */
const READ_AHEAD = 16;
/** Blocks deflated at once on libuv's thread pool (Node's default pool has 4 threads). */
const DEFLATE_IN_FLIGHT = 3;
/** Deflate's window: each block may refer back this far into the block before it. */
const WINDOW_BYTES = 32 * 1024;

const deflateBlock = promisify(zlib.deflateRaw);

/**
 * The tar stream on its way to gzip, as pigz does it: bytes are copied into 1 MiB blocks; each
 * block goes through the tar hash and CRC once (here, on the event loop: a few ms a block) and is
 * deflated on its own on the thread pool, primed with the last 32 KiB before it as dictionary so
 * matches reach across the boundary, and ended with a sync flush so the pieces join into one
 * deflate stream; a final empty block closes it. Several blocks compress at once while the next
 * files are read, and the event loop never runs the compressor.
 */
class TarSink {
  readonly tarHash = createHash('sha256');
  crc = 0;
  size = 0;
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  private previous: Buffer | undefined;
  private readonly inFlight: Promise<Buffer>[] = [];

  constructor(
    private readonly onDeflated: (piece: Buffer) => void,
    private readonly checkLimit: () => void,
  ) {}

  async write(buf: Buffer): Promise<void> {
    let from = 0;
    while (from < buf.length) {
      const n = Math.min(buf.length - from, BATCH_BYTES - this.used);
      buf.copy(this.batch, this.used, from, from + n);
      this.used += n;
      from += n;
      if (this.used === BATCH_BYTES) await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    this.checkLimit();
    const block = this.batch.subarray(0, this.used);
    this.tarHash.update(block);
    this.crc = zlib.crc32(block, this.crc);
    this.size += block.length;
    const options: zlib.ZlibOptions = { level: zlib.constants.Z_DEFAULT_COMPRESSION, memLevel: 8, windowBits: 15, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    if (this.previous) options.dictionary = this.previous.subarray(Math.max(0, this.previous.length - WINDOW_BYTES));
    const deflated = deflateBlock(block, options);
    deflated.catch(() => undefined); // awaited in order below; a failure before its turn must not go unhandled
    this.inFlight.push(deflated);
    this.previous = block;
    // The thread pool reads the block until it is done: the next one is a new buffer.
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.used = 0;
    while (this.inFlight.length >= DEFLATE_IN_FLIGHT) await this.takeOldest();
  }

  /** Flushes what is left and returns once every block is deflated, in order, ending the stream. */
  async finish(): Promise<void> {
    await this.flush();
    while (this.inFlight.length > 0) await this.takeOldest();
    this.checkLimit();
    this.onDeflated(await deflateBlock(Buffer.alloc(0), { finishFlush: zlib.constants.Z_FINISH }));
  }

  /** Waits for every block still in flight (after a failure), so none outlives the packing. */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0));
  }

  private async takeOldest(): Promise<void> {
    const piece = await this.inFlight.shift()!;
    this.onDeflated(piece);
    this.checkLimit();
  }
}

/** A file read whole, checked against the size its header will carry. */
async function readWhole(e: Entry, signal: AbortSignal | undefined): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(e.abs, { signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw inputError(`Cannot read ${e.rel} in the build context: ${ioReason(err)}`);
  }
  if (bytes.length !== e.size) throw changedWhilePacked(e);
  return bytes;
}

/** A large file in BATCH_BYTES reads, exactly `size` bytes, then a check that it did not grow. */
async function streamFile(e: Entry, sink: TarSink, signal: AbortSignal | undefined): Promise<void> {
  let file: fs.FileHandle;
  try {
    file = await fs.open(e.abs, 'r');
  } catch (err) {
    throw inputError(`Cannot read ${e.rel} in the build context: ${ioReason(err)}`);
  }
  try {
    let at = 0;
    while (at <= e.size) {
      signal?.throwIfAborted();
      // One byte more than is left: a file that grew is noticed without a second read.
      const want = Math.min(BATCH_BYTES, e.size - at + 1);
      const buf = Buffer.allocUnsafe(want);
      let got: number;
      try {
        ({ bytesRead: got } = await file.read(buf, 0, want, at));
      } catch (err) {
        throw inputError(`Cannot read ${e.rel} in the build context: ${ioReason(err)}`);
      }
      if (got === 0 || at + got > e.size) {
        if (at + got !== e.size) throw changedWhilePacked(e);
        if (got > 0) await sink.write(buf.subarray(0, got));
        return;
      }
      await sink.write(buf.subarray(0, got));
      at += got;
    }
  } finally {
    await file.close();
  }
}

function changedWhilePacked(e: Entry): SeqeraError {
  return inputError(`${e.rel} changed while the build context was being packed: try again.`);
}

async function writeArchive(
  entries: Entry[],
  maxGzip: number,
  label: string,
  signal: AbortSignal | undefined,
  kind: 'build context' | 'layer' = 'build context',
): Promise<{ layer: ContainerLayer; tarSize: number }> {
  const gzHash = createHash('sha256').update(GZIP_HEADER);
  const chunks: Buffer[] = [GZIP_HEADER];
  let gzSize = GZIP_HEADER.length;
  let tooLarge = false;

  const sink = new TarSink(
    (piece) => {
      gzSize += piece.length;
      if (gzSize + 8 > maxGzip) tooLarge = true;
      if (tooLarge) return;
      chunks.push(piece);
      gzHash.update(piece);
    },
    () => {
      if (tooLarge) throw refuseTooLarge();
    },
  );
  const refuseTooLarge = (): SeqeraError =>
    inputError(
      `The ${kind} ${label} is larger than ${formatBytes(maxGzip)} compressed, Wave's limit for a ${kind === 'layer' ? 'layer' : 'context'}: ` +
        'add a .dockerignore (patterns such as "data/**") or choose a smaller folder.',
    );

  // Small files are read whole, READ_AHEAD of them in flight ahead of the one being written.
  const reads = new Map<number, Promise<Buffer>>();
  let nextRead = 0;
  const readAhead = (upTo: number): void => {
    for (; nextRead < entries.length && nextRead <= upTo; nextRead++) {
      const e = entries[nextRead]!;
      if (e.type !== 'file' || e.size > WHOLE_FILE_BYTES || e.size > MAX_ENTRY_SIZE) continue;
      const read = readWhole(e, signal);
      read.catch(() => undefined); // awaited when its turn comes; an earlier failure must not leave it unhandled
      reads.set(nextRead, read);
    }
  };

  try {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      signal?.throwIfAborted();
      readAhead(i + READ_AHEAD);
      if (e.size > MAX_ENTRY_SIZE) throw inputError(`${e.rel} is too large for a build context.`);
      const name = e.type === 'directory' ? `${e.rel}/` : e.rel;
      for (const rec of encodeEntryHeader({ name, mode: e.mode, size: e.size, mtime: 0, type: e.type, uname: 'root', gname: 'root' })) {
        await sink.write(rec);
      }
      if (e.type === 'directory') continue;
      const whole = reads.get(i);
      if (whole) {
        reads.delete(i);
        await sink.write(await whole);
      } else {
        await streamFile(e, sink, signal);
      }
      await sink.write(Buffer.alloc(padding(e.size)));
    }
    await sink.write(endOfArchive());
    await sink.finish();
  } catch (err) {
    await sink.abandon();
    throw err;
  }
  if (tooLarge) throw refuseTooLarge();

  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(sink.crc >>> 0, 0);
  trailer.writeUInt32LE(sink.size % 2 ** 32, 4);
  chunks.push(trailer);
  gzHash.update(trailer);
  gzSize += trailer.length;
  const gz = Buffer.concat(chunks, gzSize);
  return {
    tarSize: sink.size,
    layer: {
      location: `data:${gz.toString('base64')}`,
      gzipDigest: `sha256:${gzHash.digest('hex')}`,
      gzipSize: gzSize,
      tarDigest: `sha256:${sink.tarHash.digest('hex')}`,
    },
  };
}
