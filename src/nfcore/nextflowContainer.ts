import { withoutOras } from './singularityUrl';

/**
 * An image as Nextflow takes it: the `process.container` line of a
 * nextflow.config, or the `container` directive of a process (main.nf), in
 * single quotes as nf-core writes them. A Singularity image of Seqera
 * Containers (`oras://community.wave.seqera.io/…`) is also offered as nf-core
 * names it in main.nf: the HTTPS URL of its SIF file.
 */
export type NextflowForm = 'config' | 'directive';

export const COMMUNITY_REGISTRY = 'community.wave.seqera.io';

export function nextflowContainerLine(image: string, form: NextflowForm): string {
  const quoted = `'${image.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return form === 'config' ? `process.container = ${quoted}` : `container ${quoted}`;
}

/** A Seqera Containers Singularity image, whose SIF file has the community HTTPS URL nf-core uses. */
export function isCommunitySif(image: string): boolean {
  return image.startsWith('oras://') && withoutOras(image).startsWith(`${COMMUNITY_REGISTRY}/`);
}
