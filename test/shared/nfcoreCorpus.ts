import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { corpusDir } from '../unit/wave/fixtures';
import { filesUnder } from './files';

/**
 * The nf-core modules of the shared corpus (`../shared/corpus/nf-core-modules`,
 * read in place, never copied into the repo) and the Seqera Containers builds
 * their meta.yml records.
 */
export function modulesRoot(): string | undefined {
  const c = corpusDir();
  const dir = c && path.join(c, 'nf-core-modules');
  return dir && fs.existsSync(dir) ? dir : undefined;
}

/** Every module folder (one holding a main.nf), relative names such as `samtools/sort`, sorted. */
export function moduleNames(root: string): string[] {
  return filesUnder(root, (n) => n === 'main.nf').map((f) => path.relative(root, path.dirname(f)).split(path.sep).join('/'));
}

export interface RecordedEntry {
  engine: 'docker' | 'singularity';
  platform: 'linux/amd64' | 'linux/arm64';
  name: string;
  buildId: string;
  scanId?: string;
  https?: string;
  /** Text of the lock file meta.yml names for this platform, when the corpus has it (Docker only). */
  lock?: string;
}

/** The `containers:` builds of a module's meta.yml (either key spelling nf-core used: `linux/amd64`, `linux_amd64`; `scan_id`, `scanId`). */
export function recordedBuilds(root: string, module: string): RecordedEntry[] | undefined {
  const dir = path.join(root, module);
  const meta = parse(fs.readFileSync(path.join(dir, 'meta.yml'), 'utf8')) as Record<string, unknown>;
  const containers = meta.containers as Record<string, Record<string, Record<string, string>>> | undefined;
  if (!containers) return undefined;
  const out: RecordedEntry[] = [];
  const platformOf = (k: string): RecordedEntry['platform'] => (k.replace('_', '/') as RecordedEntry['platform']);
  const locks = new Map<string, string>();
  for (const [k, v] of Object.entries(containers.conda ?? {})) {
    const file = path.join(dir, '.conda-lock', path.basename(v.lock_file));
    if (fs.existsSync(file)) locks.set(platformOf(k), fs.readFileSync(file, 'utf8'));
  }
  for (const engine of ['docker', 'singularity'] as const) {
    for (const [k, v] of Object.entries(containers[engine] ?? {})) {
      const platform = platformOf(k);
      out.push({
        engine, platform, name: v.name, buildId: v.build_id, scanId: v.scan_id ?? v.scanId, https: v.https,
        lock: engine === 'docker' ? locks.get(platform) : undefined,
      });
    }
  }
  return out;
}

/** `sha256:<hex>` named by a Singularity `https://…/blobs/sha256/<xx>/<hex>/data` URL. */
export function sifDigestOf(https: string | undefined): string | undefined {
  const m = https && /\/sha256\/[0-9a-f]{2}\/([0-9a-f]{64})\/data$/.exec(https);
  return m ? `sha256:${m[1]}` : undefined;
}

/** Copies a corpus module (read-only files) to `dest` as a writable tree, like a clone's checkout. */
export function copyModule(root: string, module: string, dest: string): void {
  fs.cpSync(path.join(root, module), dest, { recursive: true });
  const walk = (p: string): void => {
    const dir = fs.statSync(p).isDirectory();
    fs.chmodSync(p, dir ? 0o755 : 0o644);
    if (dir) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
  };
  walk(dest);
}
