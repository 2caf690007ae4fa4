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
  bytes: number;
  gzipBytes: number;
  buildMs: number;
}

export function buildProductionBundle(root: string): BundleResult {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`production build failed:\n${r.stdout}${r.stderr}`);
  const buildMs = nowMs() - t0;
  const file = path.join(root, 'dist', 'extension.js');
  const buf = fs.readFileSync(file);
  return { file: path.relative(root, file), bytes: buf.length, gzipBytes: zlib.gzipSync(buf, { level: 9 }).length, buildMs: round(buildMs, 0) };
}
