import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { startEmulator, type Emulator } from '../../emulator';
import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { MAX_CONTEXT_GZIP_BYTES, packBuildContext, type PackOptions, type PackedContext } from '../../../src/wave/contextPacker';
import { analyseDockerfile, missingSources } from '../../../src/wave/dockerfile';
import { buildSubmitRequest, DEFAULT_BUILD_OPTIONS } from '../../../src/wave/request';
import { noise, tempDir, writeTree } from '../wave/fixtures';
import { assertClearError, thrownBy } from './clearError';

/**
 * Hostile build contexts for a Dockerfile build: links out of the folder,
 * loops, special files, names that are not UTF-8 or hold new lines, huge and
 * sparse files, deep trees, unreadable parts. Each goes through the steps of
 * "Build with Wave" (pack the context, check the COPY sources, POST) against
 * the emulator's Wave: a refusal is a specific SeqeraError 'input' and no
 * request; an odd but harmless context packs, and never blocks or crashes.
 */
const DOCKERFILE = 'FROM alpine:3.20\nCOPY . /app/\n';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

interface ContextCase {
  name: string;
  /** Builds the context below `dir` (its parent `outside` is outside the context); returns a cleanup. */
  make(dir: string, outside: string): void | (() => void) | Promise<void | (() => void)>;
  options?: PackOptions;
  /** For a refusal: what the message must say. */
  refused?: RegExp;
  /** For an accepted context: checks on what was packed. */
  packed?: (p: PackedContext) => void;
  /** Skip (reported as pending, never as passed) when the machine can't make this context. */
  unless?: () => string | undefined;
}

function tarNames(p: PackedContext): string[] {
  const tar = zlib.gunzipSync(Buffer.from(p.layer.location.slice('data:'.length), 'base64'));
  const names: string[] = [];
  let pax: string | undefined;
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const body = tar.subarray(off + 512, off + 512 + size);
    if (type === 'x') pax = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else {
      names.push(pax ?? header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, ''));
      pax = undefined;
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

const cases: ContextCase[] = [
  {
    name: 'a symbolic link to a file outside the context (/etc/passwd)',
    make: (dir) => fs.symlinkSync('/etc/passwd', path.join(dir, 'passwd')),
    refused: /^The symbolic link passwd points outside the build context \(to \/etc\/passwd\): .*\.dockerignore\./,
  },
  {
    name: 'a symbolic link to a device outside the context (/dev/zero, endless)',
    make: (dir) => fs.symlinkSync('/dev/zero', path.join(dir, 'zero')),
    refused: /^The symbolic link zero points outside the build context \(to \/dev\/zero\)/,
  },
  {
    name: 'a symbolic link to the folder above, nested deep in the context',
    make: (dir) => {
      fs.mkdirSync(path.join(dir, 'a/b/c'), { recursive: true });
      fs.symlinkSync('../../../..', path.join(dir, 'a/b/c/up'));
    },
    refused: /^The symbolic link a\/b\/c\/up points outside the build context/,
  },
  {
    name: 'a loop of symbolic links (regression: was "points to nothing")',
    make: (dir) => {
      fs.symlinkSync('b', path.join(dir, 'a'));
      fs.symlinkSync('a', path.join(dir, 'b'));
    },
    refused: /^The symbolic link a in the build context is part of a loop of links: remove it or add it to \.dockerignore\./,
  },
  {
    name: 'a dangling symbolic link',
    make: (dir) => fs.symlinkSync('nowhere.txt', path.join(dir, 'dangling')),
    refused: /^The symbolic link dangling in the build context points to nothing/,
  },
  {
    name: 'a file name that is not UTF-8 (regression: crashed with a raw ENOENT)',
    make: (dir) => fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]), 'x'),
    refused: /^The name of caf\uFFFD\.txt in the build context is not valid UTF-8: rename it/,
  },
  {
    name: 'a folder name that is not UTF-8, deeper down',
    make: (dir) => {
      const sub = Buffer.concat([Buffer.from(`${dir}/data/r`), Buffer.from([0xe9, 0x73]), Buffer.from('ults')]);
      fs.mkdirSync(sub, { recursive: true });
    },
    refused: /^The name of data\/r\uFFFDsults in the build context is not valid UTF-8/,
  },
  {
    name: 'a context over 5 MiB of gzip',
    make: (dir) => writeTree(dir, [['blob', noise(MAX_CONTEXT_GZIP_BYTES + 64 * 1024)]]),
    refused: /larger than 5 MiB compressed.*\.dockerignore/,
  },
  {
    name: 'a sparse 600 MiB file, refused before a byte is read',
    make: (dir) => {
      const fd = fs.openSync(path.join(dir, 'disk.img'), 'w');
      fs.ftruncateSync(fd, 600 * 1024 * 1024);
      fs.closeSync(fd);
    },
    refused: /^The build context \S+ holds 600(\.0)? MiB of files, more than the 512 MiB we pack: add a \.dockerignore or choose a smaller folder\./,
  },
  {
    name: 'more files than the packer takes',
    make: (dir) => writeTree(dir, Array.from({ length: 60 }, (_, i): [string, string] => [`f/${i}.txt`, String(i)])),
    options: { maxFiles: 50 },
    refused: /^The build context has more than 50 files: choose a smaller folder\./,
  },
  {
    name: 'a .dockerignore that is a folder',
    make: (dir) => fs.mkdirSync(path.join(dir, '.dockerignore')),
    refused: /^The \.dockerignore of the build context is a folder: it must be a file of patterns\./,
  },
  {
    name: 'a binary .dockerignore',
    make: (dir) => fs.writeFileSync(path.join(dir, '.dockerignore'), Buffer.from([0xff, 0xfe, 0x00, 0x2a])),
    refused: /^The \.dockerignore of the build context is not valid UTF-8 text\./,
  },
  {
    name: 'a .dockerignore pattern that cannot compile',
    make: (dir) => fs.writeFileSync(path.join(dir, '.dockerignore'), 'ok\n[z-a]\n'),
    refused: /^\.dockerignore:2: invalid pattern "\[z-a\]": invalid range/,
  },
  {
    name: 'an unreadable folder',
    unless: () => (isRoot ? 'root reads every folder' : undefined),
    make: (dir) => {
      writeTree(dir, [['locked/x', 'x']]);
      fs.chmodSync(path.join(dir, 'locked'), 0);
      return () => fs.chmodSync(path.join(dir, 'locked'), 0o755);
    },
    refused: /^Cannot read locked in the build context: EACCES/,
  },
  {
    name: 'an unreadable file',
    unless: () => (isRoot ? 'root reads every file' : undefined),
    make: (dir) => {
      writeTree(dir, [['secret', 'x']]);
      fs.chmodSync(path.join(dir, 'secret'), 0);
    },
    refused: /^Cannot read secret in the build context: EACCES/,
  },
  {
    name: 'a FIFO: skipped, never opened (would block)',
    make: (dir) => {
      execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    },
    packed: (p) => assert.deepEqual(p.skipped, ['pipe']),
  },
  {
    name: 'a listening Unix socket: skipped',
    make: async (dir) => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(path.join(dir, 'agent.sock'), resolve));
      return () => server.close();
    },
    packed: (p) => assert.deepEqual(p.skipped, ['agent.sock']),
  },
  {
    name: 'a character device (/dev/null made inside the context): skipped',
    unless: () => (isRoot ? undefined : 'mknod needs root'),
    make: (dir) => {
      execFileSync('mknod', [path.join(dir, 'null'), 'c', '1', '3']);
    },
    packed: (p) => assert.deepEqual(p.skipped, ['null']),
  },
  {
    name: 'a file name with a new line: packed under its exact name',
    make: (dir) => writeTree(dir, [['line\nbreak.txt', 'x']]),
    packed: (p) => assert.ok(tarNames(p).includes('line\nbreak.txt'), JSON.stringify(tarNames(p))),
  },
  {
    name: 'a tree 120 folders deep: packed with a PAX long name',
    make: (dir) => writeTree(dir, [[`${'d/'.repeat(120)}leaf.txt`, 'x']]),
    packed: (p) => assert.ok(tarNames(p).includes(`${'d/'.repeat(120)}leaf.txt`)),
  },
  {
    name: 'a link to the context itself: one empty folder entry, no endless walk',
    make: (dir) => fs.symlinkSync('.', path.join(dir, 'self')),
    packed: (p) => assert.ok(p.files.includes('self')),
  },
];

describe('Abuse: build contexts (unit)', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let http: HttpClient;
  const dirs: string[] = [];

  const waveRequests = (): number => emu.requests.filter((r) => r.server === 'wave').length;

  /** "Build with Wave" for a Dockerfile with a context: analyse, pack, check sources, POST. */
  async function submit(dir: string, options: PackOptions = {}): Promise<PackedContext> {
    const analysis = analyseDockerfile(fs.readFileSync(path.join(dir, 'Dockerfile')), 'Dockerfile');
    const packed = await packBuildContext(dir, options);
    const missing = missingSources(analysis.localSources, new Set(packed.files));
    if (missing.length > 0) throw new Error(`missing ${missing.map((m) => m.source).join(', ')}`);
    const body = buildSubmitRequest({ kind: 'dockerfile', containerFile: analysis.containerFile, buildContext: packed.layer }, DEFAULT_BUILD_OPTIONS, undefined);
    await http.json({ method: 'POST', url: `${emu.waveUrl}/v1alpha2/container`, json: body }, (v) => v);
    return packed;
  }

  before(async () => {
    emu = await startEmulator({ seed: 5 });
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
  });
  after(async () => {
    await http.close();
    await emu.stop();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => emu.clearRequests());

  for (const c of cases) {
    it(`${c.refused ? 'refuses' : 'packs'} ${c.name}`, async function () {
      const reason = c.unless?.();
      if (reason) {
        this.skip();
      }
      const outside = tempDir('seqera-abuse-');
      dirs.push(outside);
      const dir = path.join(outside, 'ctx');
      writeTree(dir, [['Dockerfile', DOCKERFILE]]);
      const cleanup = await c.make(dir, outside);
      try {
        const started = Date.now();
        if (c.refused) {
          const e = await thrownBy(() => submit(dir, c.options));
          assertClearError(e, { kind: 'input', message: c.refused }, c.name);
          assert.equal(waveRequests(), 0, 'nothing was sent to Wave');
        } else {
          const packed = await submit(dir, c.options);
          c.packed?.(packed);
          assert.ok(packed.files.includes('Dockerfile'));
          assert.equal(waveRequests(), 1, 'the build was submitted once');
        }
        assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
      } finally {
        if (typeof cleanup === 'function') cleanup();
      }
    });
  }

  it("COPY ../secret never packs the parent folder's file, and is reported missing", async () => {
    const outside = tempDir('seqera-abuse-');
    dirs.push(outside);
    const dir = path.join(outside, 'ctx');
    fs.writeFileSync(path.join(outside, 'secret'), 'parent-folder-secret-1234');
    writeTree(dir, [['Dockerfile', 'FROM alpine\nCOPY ../secret /root/\nCOPY /etc/passwd /x\n'], ['main.nf', 'x']]);
    const e = await thrownBy(() => submit(dir));
    assert.match(String(e), /missing \.\.\/secret, \/etc\/passwd/);
    const packed = await packBuildContext(dir);
    const tar = zlib.gunzipSync(Buffer.from(packed.layer.location.slice('data:'.length), 'base64'));
    assert.ok(!tar.includes('parent-folder-secret-1234'), 'the parent folder is never read');
    assert.ok(!tar.includes('root:x:0:0'), '/etc/passwd is never read');
    assert.deepEqual(packed.files, ['Dockerfile', 'main.nf']);
    assert.equal(waveRequests(), 0);
  });
});
