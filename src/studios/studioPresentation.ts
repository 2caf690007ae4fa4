import * as l10n from '@vscode/l10n';
import { mdCode, mdText as md } from '../ui/markdown';
import { studioTool } from './studioStatus';
import type { Checkpoint, ProgressStep, Studio, StudioStatus } from '../platform/studioTypes';
import type { StuckNote } from './stuck';
import { formatDateTime } from '../ui/dates';

/**
 * How Studios and checkpoints look in the tree, as plain data (codicon ids,
 * theme colour ids, markdown text) so it is unit-testable without VS Code.
 * The tree provider turns these into ThemeIcon/ThemeColor/MarkdownString.
 */
export interface IconSpec {
  /** Codicon id, may carry the `~spin` modifier. */
  id: string;
  /** Theme colour id, when the icon is coloured. */
  color?: string;
}

const STATUS_ICONS: Record<StudioStatus, IconSpec> = {
  starting: { id: 'loading~spin', color: 'charts.blue' },
  running: { id: 'vm-running', color: 'testing.iconPassed' },
  stopping: { id: 'sync~spin', color: 'charts.orange' },
  stopped: { id: 'vm-outline', color: 'disabledForeground' },
  errored: { id: 'error', color: 'errorForeground' },
  building: { id: 'gear~spin', color: 'charts.purple' },
  buildFailed: { id: 'tools', color: 'charts.red' },
  unknown: { id: 'question' },
};

export function studioIcon(status: StudioStatus): IconSpec {
  return STATUS_ICONS[status];
}

/** Functions, not strings: l10n.t must run after activate handed @vscode/l10n the bundle. */
const STATUS_LABELS: Record<StudioStatus, () => string> = {
  starting: () => l10n.t('Starting'),
  running: () => l10n.t('Running'),
  stopping: () => l10n.t('Stopping'),
  stopped: () => l10n.t('Stopped'),
  errored: () => l10n.t('Errored'),
  building: () => l10n.t('Building'),
  buildFailed: () => l10n.t('Build failed'),
  unknown: () => l10n.t('Unknown status'),
};

export function statusLabel(studio: Pick<Studio, 'statusInfo'>): string {
  const info = studio.statusInfo;
  return info.status === 'unknown' && info.rawStatus ? info.rawStatus : STATUS_LABELS[info.status]();
}

const STOP_REASONS: Record<string, () => string> = {
  CREDITS_RUN_OUT: () => l10n.t('Seqera Compute credits ran out'),
  LIFESPAN_EXPIRED: () => l10n.t('Its lifespan expired'),
  SPOT_RECLAMATION: () => l10n.t('The spot instance was reclaimed'),
  NO_STATS_AVAIL: () => l10n.t('No usage statistics were available'),
};

export function stopReasonText(reason: string): string {
  return STOP_REASONS[reason]?.() ?? reason;
}

/** The step a start is at: the first in progress or errored, else the last succeeded one. */
export function currentStep(progress: readonly ProgressStep[]): ProgressStep | undefined {
  return (
    progress.find((s) => s.status === 'in-progress' || s.status === 'errored') ??
    [...progress].reverse().find((s) => s.status === 'succeeded')
  );
}

/**
 * The steps that belong to the transition in progress. The Platform's steps are those of a start
 * (or build): a stopping or stopped Studio shows none, and a starting Studio whose steps hold an
 * errored one still carries the failed start before it (a failing start ends in `errored`).
 */
export function transitionSteps(studio: Pick<Studio, 'statusInfo' | 'progress'>): readonly ProgressStep[] {
  const status = studio.statusInfo.status;
  if (status === 'starting' || status === 'building') {
    return studio.progress.some((p) => p.status === 'errored') ? [] : studio.progress;
  }
  // The failed start's steps explain an error; they are the last transition's, not stale.
  if (status === 'errored' || status === 'buildFailed') return studio.progress;
  return [];
}

/** The live step of a start or build with its place, e.g. `{ step, n: 2, of: 3 }`; undefined when none is live. */
export function liveStep(studio: Pick<Studio, 'statusInfo' | 'progress'>): { message: string; n: number; of: number; done: number } | undefined {
  const steps = studio.statusInfo.status === 'starting' || studio.statusInfo.status === 'building' ? transitionSteps(studio) : [];
  const step = currentStep(steps);
  if (!step?.message) return undefined;
  const done = steps.filter((p) => p.status === 'succeeded').length;
  return { message: step.message, n: Math.min(done + 1, steps.length), of: steps.length, done };
}

/** The notification text while following a start or stop: the live step with its counter, else the status. */
export function followMessage(studio: Pick<Studio, 'statusInfo' | 'progress'>): { message: string; percent: number } {
  const live = liveStep(studio);
  if (!live) return { message: statusLabel(studio), percent: 0 };
  return { message: `${live.message} (${live.n}/${live.of})`, percent: Math.floor((live.done / live.of) * 100) };
}

/** The running-Studios count in words, singular for one (#17.10). */
export function runningStudiosText(count: number): string {
  return count === 1 ? l10n.t('1 running Studio') : l10n.t('{0} running Studios', count);
}

export interface Viewer {
  /** The signed-in user's id, to mark other users' Studios. */
  userId?: number;
  now: number;
  /** The stuck-transition note of a Studio (#16.7), when it has one now. */
  stuck?: (sessionId: string) => StuckNote | undefined;
}

export function isOwnStudio(studio: Studio, viewer: Viewer): boolean {
  return viewer.userId === undefined || studio.user?.id === undefined || studio.user.id === viewer.userId;
}

/**
 * The row's description, read at the default sidebar width (about 300 px, #17.2): the status word comes
 * first; during a start or build the live step takes its place, with its counter as in the notification
 * (`Mounting checkpoints (2/3)`: the spinning icon says it is starting or building, the accessible label says
 * it in words). Then what sets this Studio apart (private, another owner, who is connected). The tool is in
 * the tooltip's first line.
 */
export function studioDescription(studio: Studio, viewer: Viewer): string {
  const parts: string[] = [];
  const live = liveStep(studio);
  parts.push(live ? `${live.message} (${live.n}/${live.of})` : statusLabel(studio));
  if (studio.isPrivate) parts.push(l10n.t('private'));
  if (!isOwnStudio(studio, viewer) && studio.user?.userName) parts.push(`@${studio.user.userName}`);
  if (studio.activeConnections.length > 0) {
    const who = studio.activeConnections.map((u) => (viewer.userId !== undefined && u.id === viewer.userId ? l10n.t('you') : (u.userName ?? u.email ?? `#${u.id ?? '?'}`)));
    parts.push(l10n.t('connected: {0}', who.join(', ')));
  }
  return parts.join(' · ');
}

/** Memory in MiB as people read it. */
export function formatMemory(mib: number): string {
  if (mib >= 1024 && mib % 1024 === 0) return `${mib / 1024} GiB`;
  if (mib >= 1024) return `${(mib / 1024).toFixed(1)} GiB`;
  return `${mib} MiB`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return l10n.t('{0} min', minutes);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m === 0 ? l10n.t('{0} h', h) : l10n.t('{0} h {1} min', h, m);
  return l10n.t('{0} days', Math.round(h / 24));
}

/** Milliseconds of lifespan left for a running Studio; undefined when it has no limit or is not running. */
export function lifespanLeftMs(studio: Studio, now: number): number | undefined {
  const hours = studio.effectiveLifespanHours ?? studio.configuration?.lifespanHours;
  if (studio.statusInfo.status !== 'running' || !hours || !studio.lastStarted) return undefined;
  const started = Date.parse(studio.lastStarted);
  if (Number.isNaN(started)) return undefined;
  return Math.max(0, started + hours * 3_600_000 - now);
}

/** A Platform timestamp as the extension shows every date (src/ui/dates.ts: the user's locale, local zone). */
export function formatDate(iso: string | undefined): string | undefined {
  return formatDateTime(iso);
}

const STEP_GLYPHS: Record<ProgressStep['status'], string> = {
  pending: '○',
  'in-progress': '◐',
  succeeded: '●',
  errored: '✖',
};

export function studioTooltip(studio: Studio, viewer: Viewer): string {
  const lines: string[] = [];
  const status = statusLabel(studio);
  const tool = studioTool(studio);
  lines.push(`**${md(studio.name)}** · ${tool ? `${md(tool)} · ` : ''}${md(status)}${studio.isPrivate ? ` · ${l10n.t('private')}` : ''}`);
  if (studio.description) lines.push('', md(studio.description));
  if (studio.statusInfo.message) lines.push('', `_${md(studio.statusInfo.message)}_`);
  if (studio.statusInfo.stopReason) lines.push('', l10n.t('Stopped because: {0}', md(stopReasonText(studio.statusInfo.stopReason))));

  const facts: string[] = [];
  const owner = studio.user?.userName ?? studio.user?.email;
  if (owner) facts.push(isOwnStudio(studio, viewer) ? l10n.t('Owner: {0}', md(owner)) : l10n.t('Owner: {0} (another user)', md(owner)));
  const image = studio.template?.repository ?? studio.baseImage;
  if (image) facts.push(studio.customImage ? l10n.t('Image: {0} (custom)', mdCode(image)) : l10n.t('Image: {0}', mdCode(image)));
  const ce = studio.computeEnv;
  if (ce?.name || ce?.id) {
    const where = [ce.platform, ce.region].filter(Boolean).join(', ');
    facts.push(where ? l10n.t('Compute environment: {0} ({1})', md(ce.name ?? ce.id ?? ''), md(where)) : l10n.t('Compute environment: {0}', md(ce.name ?? ce.id ?? '')));
  }
  const c = studio.configuration;
  if (c) {
    const res: string[] = [];
    if (c.cpu !== undefined) res.push(l10n.t('{0} CPU', c.cpu));
    if (c.memory !== undefined) res.push(formatMemory(c.memory));
    if (c.gpu) res.push(l10n.t('{0} GPU', c.gpu));
    if (res.length > 0) facts.push(l10n.t('Resources: {0}', res.join(', ')));
  }
  const left = lifespanLeftMs(studio, viewer.now);
  if (left !== undefined) facts.push(l10n.t('Lifespan left: {0}', formatDuration(left)));
  else if (studio.effectiveLifespanHours) facts.push(l10n.t('Lifespan: {0} h', studio.effectiveLifespanHours));
  if (studio.parentCheckpoint) {
    const p = studio.parentCheckpoint;
    const name = p.checkpointName ?? (p.checkpointId !== undefined ? `#${p.checkpointId}` : l10n.t('a checkpoint'));
    facts.push(p.studioName ? l10n.t('Started from checkpoint: {0} of {1}', md(name), md(p.studioName)) : l10n.t('Started from checkpoint: {0}', md(name)));
  }
  if (studio.sshDetails) facts.push(l10n.t('SSH: {0}', mdCode(studio.sshDetails.command)));
  if (studio.activeConnections.length > 0) {
    const who = studio.activeConnections.map((u) => {
      const name = u.userName ?? u.email ?? `#${u.id ?? '?'}`;
      const since = formatDate(u.lastActive);
      return since ? l10n.t('{0} (last active {1})', name, since) : name;
    });
    facts.push(l10n.t('Connected: {0}', md(who.join(', '))));
  }
  if (studio.lastStarted) facts.push(l10n.t('Last started: {0}', md(formatDate(studio.lastStarted) ?? '')));
  if (facts.length > 0) lines.push('', ...facts.map((f) => `- ${f}`));

  const mounts = studio.mountedDataLinks ?? [];
  if (mounts.length > 0) {
    lines.push('', l10n.t('Mounted data:'), ...mounts.map((d) => `- ${md(d.name ?? d.id ?? '?')}${d.resourceRef ? ` (${mdCode(d.resourceRef)})` : ''}`));
  }
  const steps = transitionSteps(studio);
  if (steps.length > 0) {
    lines.push('', l10n.t('Progress:'));
    for (const step of steps) {
      lines.push(`- ${STEP_GLYPHS[step.status]} ${md(step.message)}`);
      for (const w of step.warnings) lines.push(`  - ⚠ ${md(w)}`);
    }
  }
  return lines.join('\n');
}

const CHECKPOINT_ICONS: Record<Checkpoint['status'], IconSpec> = {
  finalized: { id: 'pass', color: 'testing.iconPassed' },
  interim: { id: 'history', color: 'charts.blue' },
  empty: { id: 'circle-outline' },
  invalid: { id: 'warning', color: 'problemsWarningIcon.foreground' },
  unknown: { id: 'question' },
};

export function checkpointIcon(status: Checkpoint['status']): IconSpec {
  return CHECKPOINT_ICONS[status];
}

export function checkpointDescription(cp: Checkpoint): string {
  const parts: string[] = [cp.status];
  if (cp.author?.userName) parts.push(cp.author.userName);
  const saved = formatDate(cp.dateSaved ?? cp.dateCreated);
  if (saved) parts.push(saved);
  return parts.join(' · ');
}

export function checkpointTooltip(cp: Checkpoint): string {
  const lines = [`**${md(cp.name)}** · ${md(cp.status)}`, ''];
  if (cp.author?.userName) lines.push(`- ${l10n.t('Author: {0}', md(cp.author.userName))}`);
  const saved = formatDate(cp.dateSaved);
  if (saved) lines.push(`- ${l10n.t('Saved: {0}', md(saved))}`);
  const created = formatDate(cp.dateCreated);
  if (created) lines.push(`- ${l10n.t('Created: {0}', md(created))}`);
  lines.push(`- ${l10n.t('Id: {0}', md(String(cp.id)))}`);
  return lines.join('\n');
}
