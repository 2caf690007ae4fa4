import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { packBuildContext } from '../../src/wave/contextPacker';
import { nowMs, summarise, type Summary } from '../lib/stats';

/**
 * Build-context packing: the extension's packer (wave-cli-identical tar.gz with
 * its digests, src/wave/contextPacker.ts) against `tar -c | gzip` on the same
 * generated 5 MiB tree, each run alternately, after one warm-up of each (so both
 * read from the page cache).
 */
export const TREE_BYTES = 5 * 1024 * 1024;

export interface PackResult {
  files: number;
  bytes: number;
  gzipBytes: number;
  packerMs: Summary;
  tarGzipMs: Summary;
  /** packer / tar|gzip, per pair of runs. */
  ratio: Summary;
  /**
   * Longest event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution) while the packer ran, per run,
   * in ms: how long the packer keeps the thread (in the extension host: every other extension) from running.
   */
  eventLoopMaxDelayMs: Summary;
}

/** A deterministic xorshift32 stream. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const WORDS = ['sample', 'reads', 'align', 'index', 'bam', 'fastq', 'process', 'input', 'output', 'path', 'val', 'tuple', 'emit', 'script', 'conda', 'container', 'params', 'channel', 'def', 'return', 'import', 'from', 'for', 'in', 'if', 'else', '=', '(', ')', '{', '}', '0', '1', '42', 'true'];

function textBytes(n: number, next: () => number): Buffer {
  const parts: string[] = [];
  let len = 0;
  while (len < n) {
    const line = Array.from({ length: 3 + Math.floor(next() * 9) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ') + '\n';
    parts.push(line);
    len += line.length;
  }
  return Buffer.from(parts.join('')).subarray(0, n);
}

function randomBytes(n: number, next: () => number): Buffer {
  const buf = Buffer.alloc(n);
  for (let i = 0; i < n; i++) buf[i] = Math.floor(next() * 256);
  return buf;
}

/**
 * 5 MiB in 692 files: many small text files (sources, configs) in nested
 * folders, some medium ones and four of about 510 KiB; about a quarter of the
 * bytes random (already-compressed data such as images or .gz), the rest text.
 */
export function generateTree(dir: string): { files: number; bytes: number } {
  const next = rng(20250602);
  const sizes: number[] = [];
  for (let i = 0; i < 640; i++) sizes.push(512 + Math.floor(next() * 3584)); // 0.5–4 KiB
  for (let i = 0; i < 48; i++) sizes.push(16_384 + Math.floor(next() * 49_152)); // 16–64 KiB
  let total = sizes.reduce((a, b) => a + b, 0);
  const bigCount = 4;
  const left = TREE_BYTES - total;
  for (let i = 0; i < bigCount; i++) {
    const s = i < bigCount - 1 ? Math.floor(left / bigCount) : left - Math.floor(left / bigCount) * (bigCount - 1);
    sizes.push(s);
  }
  total = sizes.reduce((a, b) => a + b, 0);
  if (total !== TREE_BYTES) throw new Error(`generated ${total} bytes, not ${TREE_BYTES}`);
  fs.mkdirSync(dir, { recursive: true });
  sizes.forEach((size, i) => {
    const depth = i % 4;
    const parts = Array.from({ length: depth }, (_, d) => `dir${(i * 7 + d * 3) % (5 + d)}`);
    const big = i >= sizes.length - bigCount;
    const name = big ? `data-${i}.bin` : `file-${String(i).padStart(4, '0')}.${['nf', 'py', 'txt', 'json', 'R'][i % 5]}`;
    const folder = path.join(dir, ...parts);
    fs.mkdirSync(folder, { recursive: true });
    const random = big ? i % 2 === 0 : next() < 0.1;
    fs.writeFileSync(path.join(folder, name), random ? randomBytes(size, next) : textBytes(size, next));
  });
  return { files: sizes.length, bytes: total };
}

function tarGzip(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    const child = spawn('sh', ['-c', 'tar -c -f - -C "$1" . | gzip -c > /dev/null', 'sh', dir], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(nowMs() - t0) : reject(new Error(`tar | gzip exited ${code}`))));
  });
}

async function packer(dir: string): Promise<{ ms: number; gzipBytes: number; files: number; maxDelayMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const t0 = nowMs();
  const packed = await packBuildContext(dir);
  const ms = nowMs() - t0;
  h.disable();
  return { ms, gzipBytes: packed.layer.gzipSize, files: packed.files.length, maxDelayMs: h.max / 1e6 };
}

export async function benchContextPack(repeats: number): Promise<PackResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-bench-context-'));
  try {
    const tree = generateTree(dir);
    await tarGzip(dir);
    const warm = await packer(dir);
    if (warm.files !== tree.files) throw new Error(`packed ${warm.files} files of ${tree.files}`);
    const p: number[] = [];
    const t: number[] = [];
    const d: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const run = await packer(dir);
      p.push(run.ms);
      d.push(run.maxDelayMs);
      t.push(await tarGzip(dir));
    }
    return {
      files: tree.files,
      bytes: tree.bytes,
      gzipBytes: warm.gzipBytes,
      packerMs: summarise(p),
      tarGzipMs: summarise(t),
      ratio: summarise(p.map((x, i) => x / (t[i] as number))),
      eventLoopMaxDelayMs: summarise(d),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
