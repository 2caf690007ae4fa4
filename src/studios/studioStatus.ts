import type { Studio, StudioStatus } from '../platform/studioTypes';

/**
 * What each Studio status means for the extension: whether it will change by
 * itself (so it is worth polling), and which actions make sense in it. The
 * menus in package.json and the palette's quick picks both follow these
 * functions (through `studioContextValue`), so they can never disagree.
 */

/** Statuses the server moves out of by itself. */
const TRANSIENT: ReadonlySet<StudioStatus> = new Set(['starting', 'stopping', 'building']);

export function isTransient(status: StudioStatus): boolean {
  return TRANSIENT.has(status);
}

/**
 * A status this extension knows that the server does not move out of by itself. A status it does not know
 * (a newer Platform may add transitional ones) is not settled: a follow keeps polling it until its timeout.
 */
export function isSettled(status: StudioStatus): boolean {
  return status !== 'unknown' && !isTransient(status);
}

/** The verbs that are followed until the Studio gets where the verb leads. */
export type StudioVerb = 'start' | 'stop';

/**
 * Where each verb ends. A start ends running, or stopped/errored/buildFailed when it failed; a stop ends
 * stopped (or errored/buildFailed). Any other status (starting, stopping, building, one this extension does
 * not know, or `running` on the first poll after a stop) keeps the follow polling until its timeout.
 */
const VERB_TARGETS: Record<StudioVerb, ReadonlySet<StudioStatus>> = {
  start: new Set(['running', 'stopped', 'errored', 'buildFailed']),
  stop: new Set(['stopped', 'errored', 'buildFailed']),
};

export function endsVerb(verb: StudioVerb, status: StudioStatus): boolean {
  return VERB_TARGETS[verb].has(status);
}

export type StudioAction = 'start' | 'stop' | 'open' | 'copyUrl' | 'copySsh' | 'extendLifespan' | 'delete' | 'update';

export function canDo(action: StudioAction, studio: Pick<Studio, 'statusInfo' | 'sshDetails'>): boolean {
  const s = studio.statusInfo.status;
  switch (action) {
    case 'start':
    case 'delete':
    case 'update':
      return s === 'stopped' || s === 'errored' || s === 'buildFailed';
    case 'stop':
      return s === 'running' || s === 'starting' || s === 'building';
    case 'open':
    case 'copyUrl':
    case 'extendLifespan':
      return s === 'running';
    case 'copySsh':
      return s === 'running' && studio.sshDetails !== undefined;
  }
}

/**
 * The tree item's contextValue: `studio:<status>`, plus `:ssh` for a running
 * Studio that can be reached over SSH. Match it in package.json with e.g.
 * `viewItem =~ /^studio:running(:|$)/` or `viewItem =~ /^studio:(stopped|errored|buildFailed)$/`.
 */
export function studioContextValue(studio: Pick<Studio, 'statusInfo' | 'sshDetails'>): string {
  const base = `studio:${studio.statusInfo.status}`;
  return canDo('copySsh', studio) ? `${base}:ssh` : base;
}

/** Running first, then Studios on their way (starting, building, stopping), then the rest. */
function statusRank(status: StudioStatus): number {
  if (status === 'running') return 0;
  if (isTransient(status)) return 1;
  return 2;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function compareStudios(a: Studio, b: Studio): number {
  return (
    statusRank(a.statusInfo.status) - statusRank(b.statusInfo.status) ||
    collator.compare(a.name, b.name) ||
    a.sessionId.localeCompare(b.sessionId)
  );
}

/** Case-insensitive match of every word of the filter against name, template, owner, status and compute env. */
export function matchesFilter(studio: Studio, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return true;
  const haystack = [
    studio.name,
    studio.description,
    studio.template?.tool,
    studio.template?.repository,
    studio.user?.userName,
    studio.statusInfo.status,
    studio.computeEnv?.name,
    studio.sessionId,
  ]
    .filter((x): x is string => typeof x === 'string')
    .join('\n')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** True when two snapshots of a Studio would render the same (cheap change detection for the tree). */
export function sameStudio(a: Studio, b: Studio): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The tool shown next to the name: the template's tool, else the image name. */
export function studioTool(studio: Studio): string | undefined {
  if (studio.template?.tool) return studio.template.tool;
  const image = studio.template?.repository ?? studio.baseImage;
  if (!image) return undefined;
  const last = image.split('/').pop() ?? image;
  return last.split(':')[0];
}
