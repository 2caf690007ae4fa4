import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filesUnder } from '../../shared/files';

/**
 * Test inputs for the Wave core: the shared corpus of real files, and build
 * context trees made on the fly.
 */

/**
 * `<repo>/../shared/corpus` (CI clones the repo with shared/ beside it), also
 * from a git worktree (beside the main checkout), or $SEQERA_CORPUS_DIR.
 */
export function corpusDir(): string | undefined {
  const dir = repoRoot();
  const candidates = [process.env.SEQERA_CORPUS_DIR, path.join(dir, '..', 'shared', 'corpus')];
  const dotGit = path.join(dir, '.git');
  if (fs.existsSync(dotGit) && fs.statSync(dotGit).isFile()) {
    // A worktree: ".git" says "gitdir: <main>/.git/worktrees/<name>".
    const gitdir = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (gitdir) candidates.push(path.join(path.resolve(dir, gitdir), '..', '..', '..', '..', 'shared', 'corpus'));
  }
  return candidates.find((c): c is string => !!c && fs.existsSync(c));
}

/** The checkout this test runs from (the folder of its package.json), compiled or not. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function findFiles(dir: string, test: (name: string) => boolean): string[] {
  return filesUnder(dir, test);
}

export function tempDir(prefix = 'seqera-wave-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes `files` (relative path → content) under `root`, in the given order, each with an explicit mode. */
export function writeTree(root: string, files: [string, string | Buffer, number?][]): void {
  for (const [rel, content, mode] of files) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    fs.chmodSync(p, mode ?? 0o644);
  }
}

/** Bytes that don't compress away, so size limits are reached with little disk. */
export function noise(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const LONG_DIR = 'deep/' + 'a-rather-long-directory-name/'.repeat(3);

/**
 * A context that exercises every rule of the packer: permissions, an empty file,
 * a file of exactly one record, a multi-chunk file, names of 99, 100 and more
 * bytes, non-ASCII names (short and long), `.dockerignore` patterns of each kind,
 * and symbolic links to a file and to a folder inside the context.
 */
export function richContextFiles(): [string, string | Buffer, number?][] {
  return [
    ['.dockerignore', '# build junk\n*.log\nlogs/**\n!logs/keep.log\nnode_modules\ntmp?/x.txt\n[ab].md\n{c,d}.txt\n  spaced.txt  \n\n'],
    ['Dockerfile', 'FROM alpine:3.20\nCOPY main.nf bin/ /app/\n'],
    ['main.nf', "I'm the main file\n"],
    ['bin/run.sh', '#!/bin/sh\necho hi\n', 0o755],
    ['data/empty.txt', ''],
    ['data/exact512.bin', Buffer.alloc(512, 0x61)],
    ['data/big.bin', noise(70_000), 0o600],
    ['data/secret.conf', 'k=v\n', 0o640],
    [`${LONG_DIR}and-a-file-name-that-makes-it-longer-than-one-hundred-bytes.txt`, 'long\n'],
    [`n/${'x'.repeat(94)}.txt`, 'exactly 100\n'],
    [`n/${'y'.repeat(93)}.txt`, 'exactly 99\n'],
    ['données/été.txt', 'accents\n'],
    [`données/${'é'.repeat(50)}.txt`, 'long accents\n'],
    ['a.log', 'ignored\n'],
    ['sub/b.log', 'kept: *.log is for the top folder only\n'],
    ['logs/x.log', 'ignored\n'],
    ['logs/keep.log', 're-included\n'],
    ['node_modules/pkg/index.js', 'kept: Wave does not prune folders\n'],
    ['tmp1/x.txt', 'ignored\n'],
    ['a.md', 'ignored\n'],
    ['c.md', 'kept\n'],
    ['c.txt', 'ignored\n'],
    ['spaced.txt', 'ignored\n'],
  ];
}

/** The rich context with its symbolic links; returns the root. */
export function makeRichContext(root: string, reverse = false): string {
  const files = richContextFiles();
  writeTree(root, reverse ? [...files].reverse() : files);
  fs.symlinkSync('main.nf', path.join(root, 'link-to-main'));
  fs.symlinkSync('bin', path.join(root, 'linkdir'));
  for (const d of ['bin', 'data', 'deep', 'n', 'données', 'sub', 'logs', 'node_modules', 'tmp1', 'linkdir/']) {
    if (fs.existsSync(path.join(root, d)) && !fs.lstatSync(path.join(root, d)).isSymbolicLink()) fs.chmodSync(path.join(root, d), 0o755);
  }
  return root;
}
