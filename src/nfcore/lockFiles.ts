import type { Platform } from './metaContainers';

/**
 * Conda lock files of a module: `<module>/.conda-lock/<platform with / as _>-<buildId>.txt`,
 * taken from the Docker build of each platform; meta.yml names them relative to the
 * repository root.
 */
export const LOCK_DIR = '.conda-lock';

export function lockFileName(platform: Platform, buildId: string): string {
  return `${platform.replace('/', '_')}-${buildId}.txt`;
}

/** The `lock_file` value: `modules/nf-core/<tool>/.conda-lock/<name>` for a module at that repository path. */
export function lockFileRef(modulePath: string, platform: Platform, buildId: string): string {
  return `${modulePath.replace(/\/+$/, '')}/${LOCK_DIR}/${lockFileName(platform, buildId)}`;
}

const LOCK_NAME = /^linux_(amd64|arm64)-.+\.txt$/;

/** Lock files in `.conda-lock/` that the new ones replace: platform lock files (`linux_<arch>-….txt`) not kept. Other files are left alone. */
export function staleLockFiles(existing: readonly string[], keep: readonly string[]): string[] {
  const k = new Set(keep);
  return existing.filter((n) => LOCK_NAME.test(n) && !k.has(n)).sort();
}
