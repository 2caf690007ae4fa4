/**
 * Tar headers byte for byte as Apache commons-compress 1.2x writes them in
 * wave-utils' `Packer` (TarArchiveOutputStream with LONGFILE_POSIX), so that a
 * context we pack has the same `tarDigest` as wave-cli's and hits Wave's cache.
 *
 * Why not tar-stream or node-tar: both write ustar numbers as `0000644 \0`-style
 * fields (6 digits, space, NUL), store only permission bits in `mode`, write the
 * checksum as `digits space NUL` and split long names into the ustar prefix;
 * commons-compress writes `0100644 ` (type bits included, 7 digits, space), the
 * checksum as `digits NUL space`, and uses a PAX `path` record for any name of
 * 100 bytes or more. No setting of those libraries gives the same bytes, so the
 * header is written here (it is one 512-byte record) and the test suite checks it
 * against the digests in wave-utils' own PackerTest and against `tar -tvzf`.
 */
export const RECORD_SIZE = 512;
const NAME_LEN = 100;

export interface TarEntryHeader {
  /** Path inside the archive with `/` separators; directories end with `/`. */
  name: string;
  /** Full st_mode as commons-compress stores it: 0o100000|perms for files, 0o40000|perms for directories. */
  mode: number;
  size: number;
  /** Seconds since the epoch (0 for reproducible contexts). */
  mtime: number;
  type: 'file' | 'directory';
  uname: string;
  gname: string;
}

/** The records for one entry's header: a PAX `path` record first when the name needs one. */
export function encodeEntryHeader(entry: TarEntryHeader): Buffer[] {
  const nameBytes = javaUtf8Length(entry.name);
  const out: Buffer[] = [];
  if (nameBytes >= NAME_LEN) {
    const data = paxRecord('path', entry.name);
    const paxName = truncateChars(`./PaxHeaders.X/${stripTo7Bits(entry.name)}`, NAME_LEN - 1);
    out.push(
      encodeHeader({ name: paxName, mode: 0o100644, size: data.length, mtime: entry.mtime, uname: '', gname: '' }, 'x'),
      data,
      Buffer.alloc(padding(data.length)),
    );
  }
  out.push(encodeHeader(entry, entry.type === 'directory' ? '5' : '0'));
  return out;
}

/** Zero bytes that complete `size` bytes of data to a whole record. */
export function padding(size: number): number {
  return (RECORD_SIZE - (size % RECORD_SIZE)) % RECORD_SIZE;
}

/** The end of an archive: two zero records (commons-compress pads no further). */
export function endOfArchive(): Buffer {
  return Buffer.alloc(2 * RECORD_SIZE);
}

/** Largest size the 12-byte octal field holds; commons-compress refuses bigger entries by default. */
export const MAX_ENTRY_SIZE = 0o77777777777;

interface HeaderFields {
  name: string;
  mode: number;
  size: number;
  mtime: number;
  uname: string;
  gname: string;
}

function encodeHeader(h: HeaderFields, typeflag: string): Buffer {
  if (h.size > MAX_ENTRY_SIZE) throw new RangeError(`${h.name} is too large for a tar entry`);
  const b = Buffer.alloc(RECORD_SIZE);
  writeName(b, 0, NAME_LEN, h.name);
  writeOctal(b, 100, 8, h.mode);
  writeOctal(b, 108, 8, 0); // uid
  writeOctal(b, 116, 8, 0); // gid
  writeOctal(b, 124, 12, h.size);
  writeOctal(b, 136, 12, h.mtime);
  b.fill(0x20, 148, 156); // checksum field counts as spaces
  b.write(typeflag, 156, 'ascii');
  // linkname (157..256) stays NUL
  b.write('ustar\0', 257, 'ascii');
  b.write('00', 263, 'ascii');
  writeName(b, 265, 32, h.uname);
  writeName(b, 297, 32, h.gname);
  writeOctal(b, 329, 8, 0); // devmajor
  writeOctal(b, 337, 8, 0); // devminor
  let sum = 0;
  for (const byte of b) sum += byte;
  // commons-compress: 6 octal digits, NUL, space.
  b.write(sum.toString(8).padStart(6, '0'), 148, 'ascii');
  b[154] = 0;
  b[155] = 0x20;
  return b;
}

/** `length - 1` zero-padded octal digits and a space, as commons-compress formats every number field. */
function writeOctal(b: Buffer, offset: number, length: number, value: number): void {
  b.write(Math.trunc(value).toString(8).padStart(length - 1, '0'), offset, 'ascii');
  b[offset + length - 1] = 0x20;
}

/**
 * The name as TarUtils.formatNameBytes writes it, NUL-padded: commons-compress encodes the whole
 * name, and while it is longer than the field drops the last UTF-16 unit and encodes again. Its
 * UTF-8 encoder (NioZipEncoding, with replacement for UTF-8) writes `?` for a lone surrogate, so a
 * cut inside a 4-byte character (a surrogate pair) keeps the high surrogate as one `?` byte.
 */
function writeName(b: Buffer, offset: number, length: number, name: string): void {
  javaUtf8(name.slice(0, fittingUnits(name, length))).copy(b, offset);
}

/** UTF-8 as Java's encoder with replacement writes it: each lone surrogate becomes `?`. */
function javaUtf8(s: string): Buffer {
  return Buffer.from(s.replace(LONE_SURROGATE, '?'), 'utf8');
}

/**
 * The most UTF-16 units of `s` whose `javaUtf8` fits in `max` bytes. Each unit adds bytes (a high
 * surrogate 1, as `?`; the low surrogate that completes it 3 more), so this is the length
 * commons-compress's drop-one-and-retry loop stops at.
 */
function fittingUnits(s: string, max: number): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pairsWithPrevious = isLowSurrogate(c) && i > 0 && isHighSurrogate(s.charCodeAt(i - 1));
    const add = c < 0x80 ? 1 : c < 0x800 ? 2 : pairsWithPrevious ? 3 : c >= 0xd800 && c <= 0xdfff ? 1 : 3;
    if (n + add > max) return i;
    n += add;
  }
  return s.length;
}

/** Bytes of `javaUtf8(s)`. */
function javaUtf8Length(s: string): number {
  return javaUtf8(s).length;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `"<len> key=value\n"` where len counts the whole record in bytes. */
function paxRecord(key: string, value: string): Buffer {
  let len = key.length + value.length + 3 + 2;
  let line = `${len} ${key}=${value}\n`;
  let actual = Buffer.byteLength(line, 'utf8');
  while (len !== actual) {
    len = actual;
    line = `${len} ${key}=${value}\n`;
    actual = Buffer.byteLength(line, 'utf8');
  }
  return Buffer.from(line, 'utf8');
}

/** Each UTF-16 unit masked to 7 bits, with NUL, `/` and `\` replaced by `_` (TarArchiveOutputStream). */
function stripTo7Bits(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i) & 0x7f;
    out += c === 0 || c === 0x2f || c === 0x5c ? '_' : String.fromCharCode(c);
  }
  return out;
}

function truncateChars(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}
