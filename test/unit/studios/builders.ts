import type { Checkpoint, Studio, StudioStatus } from '../../../src/platform/studioTypes';

/** Typed builders for Studio payloads in unit tests. */
export function studio(name: string, status: StudioStatus = 'stopped', extra: Partial<Studio> = {}): Studio {
  return {
    sessionId: `s-${name}`,
    name,
    statusInfo: { status },
    progress: [],
    activeConnections: [],
    ...extra,
  };
}

export function checkpoint(id: number, extra: Partial<Checkpoint> = {}): Checkpoint {
  return { id, name: `cp-${id}`, status: 'finalized', ...extra };
}
