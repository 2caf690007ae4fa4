import type { InspectResult } from '../wave/inspectSpec';

/**
 * The HTTPS URL nf-core writes for a Singularity image of Seqera Containers:
 * the blob of the image's single SIF layer in the community registry's
 * storage. Always the layer digest, never the manifest's config digest.
 */
export const COMMUNITY_BLOB_HOST = 'community-cr-prod.seqera.io';

export function blobUrl(digest: string): string {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(digest)?.[1];
  if (!hex) throw new Error(`"${digest}" is not a sha256 digest`);
  return `https://${COMMUNITY_BLOB_HOST}/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
}

/** The URL from an inspection of the `oras://` image (inspected without `oras://`); an error that says what is wrong otherwise. */
export function sifHttpsUrl(image: string, inspected: InspectResult): string {
  if (inspected.kind !== 'container') throw new Error(`Wave inspected ${image} as a multi-platform index, not a Singularity image`);
  const layers = inspected.container.manifest.layers;
  if (layers.length !== 1) throw new Error(`${image} has ${layers.length} layers; a Singularity image has exactly one, the SIF file`);
  const layer = layers[0];
  if (!layer.mediaType?.endsWith('.sif')) throw new Error(`the layer of ${image} is ${layer.mediaType ?? 'of no media type'}, not a SIF file`);
  if (!layer.digest) throw new Error(`the SIF layer of ${image} has no digest`);
  return blobUrl(layer.digest);
}

/** `oras://x` → `x` (what Wave's inspect takes). */
export function withoutOras(image: string): string {
  return image.replace(/^oras:\/\//, '');
}
