import type { BuildOptions } from './request';
import { MULTI_PLATFORM } from './types';

/**
 * The main steps of "Build with Wave (Options…)" that apply, given what is
 * built and the answers so far: the flow numbers its questions "(n/N)" with
 * N = steps asked + steps still to come, so N never falls below n.
 */
export const OPTION_STEPS = ['action', 'target', 'platform', 'format', 'freeze', 'repo', 'cache', 'template', 'scan', 'more'] as const;
export type OptionStep = (typeof OPTION_STEPS)[number];

export function stepApplies(step: OptionStep, kind: 'conda' | 'cran' | 'dockerfile' | 'image', o: BuildOptions): boolean {
  switch (step) {
    case 'action': return kind === 'image';
    // conda packages: Wave's own images, or Seqera Containers (durable, public, in community.wave.seqera.io)
    case 'target': return kind === 'conda';
    case 'platform': return !o.mirror;
    case 'format': return !o.mirror && o.platform !== MULTI_PLATFORM;
    case 'freeze': return !o.mirror && o.format !== 'sif' && kind !== 'image' && !o.seqeraContainers;
    case 'repo': return (o.freeze || o.mirror === true) && !o.seqeraContainers;
    case 'cache': return !o.mirror && !o.seqeraContainers;
    case 'template': return kind === 'conda' || kind === 'cran';
    default: return true;
  }
}

/** How many steps from `from` on (itself included) apply now. */
export function stepsFrom(from: OptionStep, kind: 'conda' | 'cran' | 'dockerfile' | 'image', o: BuildOptions): number {
  return OPTION_STEPS.slice(OPTION_STEPS.indexOf(from)).filter((s) => stepApplies(s, kind, o)).length;
}
