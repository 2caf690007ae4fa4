import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { nowMs, round } from '../lib/stats';

/**
 * Builds the production bundle (what `vsce package` ships: esbuild, minified,
 * no source map) into dist/extension.js and reports its size. The VS Code part
 * of the benchmarks then activates this very file.
 */
export interface BundleResult {
  file: string;
  /** dist/extension.js: what VS Code loads on activation (issue #18's target). */
  bytes: number;
  gzipBytes: number;
  buildMs: number;
  /** The libraries loaded on first use (dist/lazy/, esbuild.js LAZY), each with its size. */
  lazy: { file: string; bytes: number }[];
  /** dist/extension.js and every dist/lazy/ file: what the .vsix ships of code. */
  totalBytes: number;
}

export function buildProductionBundle(root: string): BundleResult {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`production build failed:\n${r.stdout}${r.stderr}`);
  const buildMs = nowMs() - t0;
  const file = path.join(root, 'dist', 'extension.js');
  const buf = fs.readFileSync(file);
  const lazyDir = path.join(root, 'dist', 'lazy');
  const lazy = (fs.existsSync(lazyDir) ? fs.readdirSync(lazyDir) : [])
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => ({ file: `dist/lazy/${f}`, bytes: fs.statSync(path.join(lazyDir, f)).size }));
  return {
    file: path.relative(root, file),
    bytes: buf.length,
    gzipBytes: zlib.gzipSync(buf, { level: 9 }).length,
    buildMs: round(buildMs, 0),
    lazy,
    totalBytes: buf.length + lazy.reduce((n, f) => n + f.bytes, 0),
  };
}
