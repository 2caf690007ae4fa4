import * as path from 'node:path';
import { inputError } from '../net/errors';
import { packBuildContext } from './contextPacker';
import { formatBytes } from './textFile';
import type { ContainerLayer } from './types';

/**
 * Extra layers from folders (wave-cli `--layer <dir>`), each packed exactly like
 * a build context (same tar, same digests, `.dockerignore` honoured) and sent
 * as a `data:` location in `containerConfig.layers`. wave-cli's limits: 1 MiB
 * per layer, 10 MiB in all, compressed.
 */
export const MAX_LAYER_GZIP_BYTES = 1024 * 1024;
export const MAX_LAYERS_GZIP_BYTES = 10 * 1024 * 1024;

export interface PackedLayer {
  dir: string;
  layer: ContainerLayer;
  files: string[];
}

export async function packLayers(dirs: readonly string[], signal?: AbortSignal): Promise<PackedLayer[]> {
  const out: PackedLayer[] = [];
  let total = 0;
  for (const dir of dirs) {
    const packed = await packBuildContext(dir, { maxGzipBytes: MAX_LAYER_GZIP_BYTES, signal, kind: 'layer' });
    total += packed.layer.gzipSize;
    if (total > MAX_LAYERS_GZIP_BYTES) {
      throw inputError(
        `The layers up to ${path.basename(dir)} add up to ${formatBytes(total)} compressed, more than Wave's ${formatBytes(MAX_LAYERS_GZIP_BYTES)} for all layers: use fewer or smaller folders.`,
      );
    }
    out.push({ dir, layer: packed.layer, files: packed.files });
  }
  return out;
}
