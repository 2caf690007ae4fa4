import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { SeqeraError } from '../../../src/net/errors';
import { MAX_CONTEXT_GZIP_BYTES, packBuildContext, type PackedContext } from '../../../src/wave/contextPacker';
import { encodeEntryHeader, endOfArchive, padding, RECORD_SIZE } from '../../../src/wave/tarHeader';
import { makeRichContext, noise, repoRoot, tempDir, writeTree } from './fixtures';

/**
 * tarDigest of `makeRichContext`, computed by Apache commons-compress itself
 * (TarArchiveOutputStream with LONGFILE_POSIX, the recipe of wave-utils' Packer:
 * sorted names, ids 0, root/root, mtime 0, mode 0100000|perms, Java glob
 * .dockerignore) on the same tree. Our bytes must be the same for Wave's cache
 * to treat our context and wave-cli's as one.
 */
const RICH_CONTEXT_TAR_DIGEST = 'sha256:cf50d1cec12c04be5415dac1fddfee2f2c0cd7256837b9f29d572b684acaed3b';
const RICH_CONTEXT_FILES = [
  '.dockerignore',
  'Dockerfile',
  'bin/run.sh',
  'c.md',
  'data/big.bin',
  'data/empty.txt',
  'data/exact512.bin',
  'data/secret.conf',
  'deep/a-rather-long-directory-name/a-rather-long-directory-name/a-rather-long-directory-name/and-a-file-name-that-makes-it-longer-than-one-hundred-bytes.txt',
  'données/été.txt',
  `données/${'é'.repeat(50)}.txt`,
  'link-to-main',
  'linkdir',
  'logs/keep.log',
  'main.nf',
  `n/${'x'.repeat(94)}.txt`,
  `n/${'y'.repeat(93)}.txt`,
  'node_modules/pkg/index.js',
  'sub/b.log',
];

function sha256(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

function gzipOf(packed: PackedContext): Buffer {
  assert.ok(packed.layer.location.startsWith('data:'));
  assert.ok(!packed.layer.location.startsWith('data:application'), 'wave-cli sends bare data: + base64');
  return Buffer.from(packed.layer.location.slice('data:'.length), 'base64');
}

async function refusal(p: Promise<unknown>): Promise<SeqeraError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SeqeraError, `expected a SeqeraError, got ${String(e)}`);
    assert.equal(e.kind, 'input');
    return e;
  }
  assert.fail('expected the context to be refused');
}

function hasTar(): boolean {
  try {
    execFileSync('tar', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('Wave build context packing (unit)', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  describe('tar headers', () => {
    // wave-utils PackerTest 'should tar bundle' / '... preserve timestamps': the same entries
    // (two folders 0700, four files 0600) must give the digests that test asserts.
    const packerTestTar = (mtime: number): Buffer => {
      const entries: [string, string | undefined, number][] = [
        ['main.nf', "I'm the main file", 0o100600],
        ['this/', undefined, 0o40700],
        ['this/hello.txt', 'Hello', 0o100600],
        ['this/hola.txt', 'Hola', 0o100600],
        ['this/that/', undefined, 0o40700],
        ['this/that/ciao.txt', 'Ciao', 0o100600],
      ];
      const parts: Buffer[] = [];
      for (const [name, content, mode] of entries) {
        const data = Buffer.from(content ?? '');
        const type = content === undefined ? 'directory' : 'file';
        parts.push(...encodeEntryHeader({ name, mode, size: data.length, mtime, type, uname: 'root', gname: 'root' }));
        parts.push(data, Buffer.alloc(padding(data.length)));
      }
      parts.push(endOfArchive());
      return Buffer.concat(parts);
    };

    it("match wave-utils' PackerTest digests with mtime 0", () => {
      assert.equal(sha256(packerTestTar(0)), 'sha256:f556b94e9b6f5f72b86e44833614b465df9f65cb4210e3f4416292dca1618360');
    });

    it("match wave-utils' PackerTest digests with preserved timestamps", () => {
      assert.equal(sha256(packerTestTar(1_000_000_000)), 'sha256:81200f6ad32793567d8070375dc51312a1711fedf6a1c6f5e4a97fa3014f3491');
    });

    it('write commons-compress number fields: 7 octal digits and a space, checksum digits NUL space', () => {
      const [h] = encodeEntryHeader({ name: 'a', mode: 0o100644, size: 5, mtime: 0, type: 'file', uname: 'root', gname: 'root' });
      assert.equal(h.subarray(100, 108).toString('latin1'), '0100644 ');
      assert.equal(h.subarray(124, 136).toString('latin1'), '00000000005 ');
      assert.equal(h[154], 0);
      assert.equal(h[155], 0x20);
      assert.equal(h.subarray(257, 265).toString('latin1'), 'ustar\u000000');
    });

    it('put a name of 100 bytes or more in a PAX path record', () => {
      const name = `n/${'x'.repeat(98)}`;
      const recs = encodeEntryHeader({ name, mode: 0o100644, size: 0, mtime: 0, type: 'file', uname: 'root', gname: 'root' });
      assert.equal(recs.length, 4); // pax header, pax data, pax padding, entry header
      assert.equal(String.fromCharCode(recs[0][156]), 'x');
      assert.equal(recs[0].subarray(0, 99).toString('latin1').replace(/\0+$/, ''), `./PaxHeaders.X/n_${'x'.repeat(98)}`.slice(0, 99));
      assert.equal(recs[1].toString('utf8'), `${name.length + 10} path=${name}\n`);
      const shorter = encodeEntryHeader({ name: name.slice(0, 99), mode: 0o100644, size: 0, mtime: 0, type: 'file', uname: 'root', gname: 'root' });
      assert.equal(shorter.length, 1);
    });

    describe('names cut at 100 bytes, against commons-compress (tarNames.commons-compress.json)', () => {
      interface NameCase {
        why: string;
        name: string;
        tarDigest: string;
        nameField: string;
      }
      // Digests and name fields written by commons-compress itself (scripts/commons-compress/regenerate.mjs).
      const fixture = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'test', 'unit', 'wave', 'tarNames.commons-compress.json'), 'utf8')) as {
        cases: NameCase[];
      };
      const oneFileTar = (name: string): Buffer => {
        const data = Buffer.from('x\n');
        return Buffer.concat([
          ...encodeEntryHeader({ name, mode: 0o100644, size: data.length, mtime: 0, type: 'file', uname: 'root', gname: 'root' }),
          data,
          Buffer.alloc(padding(data.length)),
          endOfArchive(),
        ]);
      };
      it('has the cases that matter: cuts inside a 4-byte character', () => {
        assert.ok(fixture.cases.length >= 5);
        assert.ok(fixture.cases.some((c) => c.nameField.endsWith('3f00')), 'a cut that leaves `?` then NUL');
      });
      for (const c of fixture.cases) {
        it(`${c.why}: same tar as commons-compress`, () => {
          const tar = oneFileTar(c.name);
          const entryHeader = tar.subarray(tar.length - 4 * RECORD_SIZE, tar.length - 3 * RECORD_SIZE);
          assert.equal(entryHeader.subarray(0, 100).toString('hex'), c.nameField);
          assert.equal(sha256(tar), c.tarDigest);
        });
      }
    });
  });

  describe('a folder', () => {
    it("packs the same bytes as commons-compress with wave-cli's recipe", async function () {
      this.timeout(20_000);
      const packed = await packBuildContext(makeRichContext(fresh()));
      assert.equal(packed.layer.tarDigest, RICH_CONTEXT_TAR_DIGEST);
      assert.deepEqual(packed.files, RICH_CONTEXT_FILES);
      const gz = gzipOf(packed);
      assert.equal(packed.layer.gzipSize, gz.length);
      assert.equal(packed.layer.gzipDigest, sha256(gz));
      const tar = zlib.gunzipSync(gz);
      assert.equal(sha256(tar), packed.layer.tarDigest);
      assert.equal(tar.length, packed.tarSize);
    });

    it('packs a context of several 1 MiB blocks into one gzip stream of exactly the tar, large files read in pieces', async function () {
      this.timeout(20_000);
      // Files that cross the packer's 1 MiB blocks every way: 300 small ones, one of exactly 1 MiB (read whole),
      // one of 2.5 MiB + 3 bytes (read in pieces), text that compresses across block boundaries.
      const text = (n: number, seed: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => `line ${(i * seed) % 977} of ${seed}\n`).join(''));
      const files: [string, Buffer][] = [
        ['a-large.bin', Buffer.concat([noise(1024 * 1024, 7), text(60_000, 3)]).subarray(0, 2.5 * 1024 * 1024 + 3)],
        ['b-exact.txt', Buffer.concat([text(80_000, 5)]).subarray(0, 1024 * 1024)],
        ...Array.from({ length: 300 }, (_, i): [string, Buffer] => [`c/${String(i).padStart(3, '0')}.nf`, text(20 + (i % 50) * 7, i + 11)]),
      ];
      assert.equal(files[1]![1].length, 1024 * 1024);
      const dir = fresh();
      writeTree(dir, files);
      const expected = Buffer.concat([
        ...files.flatMap(([name, data]) => [
          ...encodeEntryHeader({ name, mode: 0o100644, size: data.length, mtime: 0, type: 'file', uname: 'root', gname: 'root' }),
          data,
          Buffer.alloc(padding(data.length)),
        ]),
        endOfArchive(),
      ]);
      const packed = await packBuildContext(dir);
      assert.deepEqual(packed.files, files.map(([name]) => name));
      const gz = gzipOf(packed);
      // gunzip checks the trailer's CRC and size too.
      const tar = zlib.gunzipSync(gz);
      assert.equal(tar.length, expected.length);
      assert.ok(tar.equals(expected), 'the gzip stream holds exactly the tar');
      assert.equal(packed.layer.tarDigest, sha256(expected));
      assert.equal(packed.layer.gzipDigest, sha256(gz));
      assert.equal(packed.tarSize, expected.length);
      assert.ok(gz.length < expected.length * 0.6, `compressed to ${gz.length} of ${expected.length} bytes`);
    });

    it('writes the fixed gzip header of commons-compress: no name, mtime 0, OS 255', async () => {
      const gz = gzipOf(await packBuildContext(makeRichContext(fresh())));
      assert.equal(gz.subarray(0, 10).toString('hex'), '1f8b08000000000000ff');
    });

    it('is byte-identical across runs, whatever the mtimes and the order files were created in', async function () {
      this.timeout(20_000);
      const a = makeRichContext(fresh());
      const b = makeRichContext(fresh(), true);
      let t = 1_000_000;
      const touch = (dir: string): void => {
        for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
          const p = path.join(dir, f);
          if (!fs.lstatSync(p).isSymbolicLink()) fs.utimesSync(p, (t += 7919), (t += 104729));
        }
      };
      touch(a);
      touch(b);
      const [pa, pb, pa2] = [await packBuildContext(a), await packBuildContext(b), await packBuildContext(a)];
      assert.equal(pa.layer.location, pb.layer.location);
      assert.deepEqual(pa.layer, pb.layer);
      assert.deepEqual(pa.layer, pa2.layer);
      assert.equal(pa.layer.tarDigest, RICH_CONTEXT_TAR_DIGEST);
    });

    it('changes tarDigest when a byte or a permission changes', async () => {
      const dir = makeRichContext(fresh());
      const before = (await packBuildContext(dir)).layer;
      fs.writeFileSync(path.join(dir, 'main.nf'), "I'm the main filE\n");
      const edited = (await packBuildContext(dir)).layer;
      assert.notEqual(edited.tarDigest, before.tarDigest);
      assert.notEqual(edited.gzipDigest, before.gzipDigest);
      fs.chmodSync(path.join(dir, 'main.nf'), 0o755);
      assert.notEqual((await packBuildContext(dir)).layer.tarDigest, edited.tarDigest);
    });

    it('is a well-formed archive for tar -tvzf: root-owned, mtime 0, every packed file', async function () {
      if (!hasTar()) this.skip();
      const dir = fresh();
      writeTree(dir, [
        ['Dockerfile', 'FROM alpine\nCOPY . /app\n'],
        ['src/app.py', 'print(1)\n', 0o755],
        [`long/${'z'.repeat(120)}.txt`, 'long\n'],
      ]);
      const gzFile = path.join(fresh(), 'ctx.tar.gz');
      fs.writeFileSync(gzFile, gzipOf(await packBuildContext(dir)));
      const listing = execFileSync('tar', ['-tvzf', gzFile], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } })
        .trim()
        .split('\n');
      assert.equal(listing.length, 3);
      for (const line of listing) assert.match(line, /^-rw[-x]r-[-x]r-[-x] root\/root +\d+ 1970-01-01 00:00 /);
      assert.match(listing[0], /^-rw-r--r-- .* Dockerfile$/);
      assert.ok(listing[1].endsWith(`long/${'z'.repeat(120)}.txt`), 'PAX long name read back whole');
      assert.match(listing[2], /^-rwxr-xr-x .* src\/app\.py$/);
      const names = execFileSync('tar', ['-xOzf', gzFile, 'src/app.py'], { encoding: 'utf8' });
      assert.equal(names, 'print(1)\n');
    });

    it('follows .dockerignore the way Wave does and hints at Docker-style folder patterns', async () => {
      const packed = await packBuildContext(makeRichContext(fresh()));
      assert.ok(!packed.files.includes('a.log') && packed.files.includes('sub/b.log'));
      assert.ok(!packed.files.includes('logs/x.log') && packed.files.includes('logs/keep.log'));
      assert.ok(packed.files.includes('node_modules/pkg/index.js'));
      assert.equal(packed.hints.length, 1);
      assert.match(packed.hints[0], /"node_modules" matches no file.*"node_modules\/\*\*"/);
    });

    it('stores 0644 for every file when packing on Windows, as wave-cli does', async () => {
      const dir = fresh();
      writeTree(dir, [['run.sh', 'x', 0o755]]);
      const tar = zlib.gunzipSync(gzipOf(await packBuildContext(dir, { platform: 'win32' })));
      assert.equal(tar.subarray(100, 108).toString('latin1'), '0100644 ');
    });
  });

  describe('refuses, with a clear message and no archive,', () => {
    it('a context over 5 MiB of gzip', async function () {
      this.timeout(20_000);
      const dir = fresh();
      writeTree(dir, [['Dockerfile', 'FROM alpine\nCOPY blob /\n'], ['blob', noise(MAX_CONTEXT_GZIP_BYTES + 64 * 1024)]]);
      const e = await refusal(packBuildContext(dir));
      assert.match(e.message, /larger than 5 MiB compressed/);
      assert.match(e.message, /\.dockerignore/);
    });

    it('a context whose files add up past the uncompressed cap, before reading them', async () => {
      const dir = fresh();
      writeTree(dir, [['a', Buffer.alloc(4096)]]);
      const e = await refusal(packBuildContext(dir, { maxTarBytes: 4096 }));
      assert.match(e.message, /holds .* of files, more than/);
    });

    it('a symbolic link to a file outside the context', async () => {
      const dir = fresh();
      const outside = path.join(fresh(), 'secret.txt');
      fs.writeFileSync(outside, 'top secret');
      writeTree(dir, [['Dockerfile', 'FROM alpine\n']]);
      fs.symlinkSync(outside, path.join(dir, 'escape'));
      const e = await refusal(packBuildContext(dir));
      assert.match(e.message, /symbolic link escape points outside the build context/);
    });

    it('a symbolic link to a folder above the context', async () => {
      const parent = fresh();
      const dir = path.join(parent, 'ctx');
      writeTree(dir, [['Dockerfile', 'FROM alpine\n']]);
      fs.writeFileSync(path.join(parent, 'outside.txt'), 'x');
      fs.symlinkSync('..', path.join(dir, 'up'));
      const e = await refusal(packBuildContext(dir));
      assert.match(e.message, /symbolic link up points outside/);
    });

    it('a symbolic link that points nowhere', async () => {
      const dir = fresh();
      fs.symlinkSync('missing.txt', path.join(dir, 'dangling'));
      const e = await refusal(packBuildContext(dir));
      assert.match(e.message, /dangling in the build context points to nothing/);
    });

    it('a .dockerignore pattern Java would not compile, naming its line', async () => {
      const dir = fresh();
      writeTree(dir, [['.dockerignore', '# ok\nfoo\n{a,{b,c}}\n']]);
      const e = await refusal(packBuildContext(dir));
      assert.match(e.message, /^\.dockerignore:3: invalid pattern "\{a,\{b,c\}\}"/);
    });

    it('a context folder that does not exist', async () => {
      const e = await refusal(packBuildContext(path.join(fresh(), 'nope')));
      assert.match(e.message, /does not exist/);
    });
  });

  it('packs an excluded escaping link without complaint: it is not sent', async () => {
    const dir = fresh();
    writeTree(dir, [['.dockerignore', 'escape\n'], ['Dockerfile', 'FROM alpine\n']]);
    fs.symlinkSync('/etc/hostname', path.join(dir, 'escape'));
    const packed = await packBuildContext(dir);
    assert.deepEqual(packed.files, ['.dockerignore', 'Dockerfile']);
  });

  it('skips FIFOs instead of blocking on them', async function () {
    const dir = fresh();
    writeTree(dir, [['Dockerfile', 'FROM alpine\n']]);
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    } catch {
      this.skip();
    }
    const packed = await packBuildContext(dir);
    assert.deepEqual(packed.files, ['Dockerfile']);
    assert.deepEqual(packed.skipped, ['pipe']);
  });

  it('stops when cancelled', async () => {
    const dir = makeRichContext(fresh());
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(packBuildContext(dir, { signal: controller.signal }), (e: Error) => e.name === 'AbortError');
  });
});
