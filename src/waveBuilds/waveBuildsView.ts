import * as vscode from 'vscode';
import type { WaveBuildEntry, WaveBuildHistory, WaveBuildNote, WaveBuildState } from './waveBuildHistory';
import { mdCode, mdText as escape } from '../ui/markdown';
import { severityText } from './severityText';
import { formatDateTime } from '../ui/dates';

/**
 * The Wave Builds view: recent builds (newest first) with a status icon, the
 * source, the image and the duration; each opens onto its image, source, log,
 * build page and scan report. Nodes are plain data; the history store owns
 * the entries and its change events drive the refreshes.
 */
export type WaveBuildNode =
  /** Builds made together (an nf-core module's four); `id` is `group:<key>`, never a request id. */
  | { kind: 'group'; id: string; key: string }
  | { kind: 'build'; id: string }
  | { kind: 'detail'; id: string; detail: 'image' | 'source' | 'log' | 'page' | 'scan' }
  /** One platform of a multi-platform build; its details carry the platform too. */
  | { kind: 'child'; id: string; platform: string }
  | { kind: 'childDetail'; id: string; platform: string; detail: 'log' | 'page' | 'scan' };

const ICONS: Record<WaveBuildState, [string, string | undefined]> = {
  submitting: ['loading~spin', undefined],
  pending: ['loading~spin', undefined],
  building: ['sync~spin', undefined],
  scanning: ['shield', 'charts.yellow'],
  succeeded: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  stopped: ['debug-pause', undefined],
};

export function contextValue(entry: WaveBuildEntry, watching: boolean): string {
  const scan = entry.scanId || entry.children?.some((c) => c.scanId);
  const lock = entry.state === 'succeeded' && !!entry.buildId && !entry.mirror && (entry.source.kind === 'conda' || entry.source.kind === 'packages');
  return `waveBuild:${entry.state}${scan ? ':scan' : ''}${lock ? ':conda' : ''}${watching ? ':watching' : ''}`;
}

export function durationText(entry: WaveBuildEntry): string | undefined {
  const seconds = entry.durationSec ?? (entry.finishedAt ? (entry.finishedAt - entry.startedAt) / 1000 : undefined);
  if (seconds === undefined) return undefined;
  return seconds < 90 ? `${seconds.toFixed(seconds < 10 ? 1 : 0)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export class WaveBuildsProvider implements vscode.TreeDataProvider<WaveBuildNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WaveBuildNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, WaveBuildNode>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly history: WaveBuildHistory) {
    this.subscription = history.onDidChange((entry) => {
      // A grouped build also changes its group's line: redraw the whole list then.
      const node = entry && !entry.group ? this.nodes.get(entry.id) : undefined;
      this.changed.fire(node);
    });
  }

  getChildren(node?: WaveBuildNode): WaveBuildNode[] {
    const buildNode = (id: string): WaveBuildNode => {
      const cached = this.nodes.get(id) ?? { kind: 'build', id };
      this.nodes.set(id, cached);
      return cached;
    };
    if (!node) {
      const out: WaveBuildNode[] = [];
      const groups = new Set<string>();
      for (const e of this.history.list()) {
        if (!e.group) out.push(buildNode(e.id));
        else if (!groups.has(e.group.key)) {
          groups.add(e.group.key);
          const key = `group:${e.group.key}`;
          const g = this.nodes.get(key) ?? { kind: 'group', id: key, key: e.group.key };
          this.nodes.set(key, g);
          out.push(g);
        }
      }
      return out;
    }
    if (node.kind === 'group') return this.history.list().filter((e) => e.group?.key === node.key).reverse().map((e) => buildNode(e.id));
    const entry = this.history.get(node.id);
    if (!entry) return [];
    if (node.kind === 'child') {
      const child = entry.children?.find((c) => c.platform === node.platform);
      if (!child) return [];
      const out: WaveBuildNode[] = [{ kind: 'childDetail', id: entry.id, platform: child.platform, detail: 'log' }, { kind: 'childDetail', id: entry.id, platform: child.platform, detail: 'page' }];
      if (child.scanId) out.push({ kind: 'childDetail', id: entry.id, platform: child.platform, detail: 'scan' });
      return out;
    }
    if (node.kind !== 'build') return [];
    const details: WaveBuildNode[] = [{ kind: 'detail', id: entry.id, detail: 'image' }, { kind: 'detail', id: entry.id, detail: 'source' }];
    if (entry.buildId) details.push({ kind: 'detail', id: entry.id, detail: 'log' }, { kind: 'detail', id: entry.id, detail: 'page' });
    if (entry.scanId) details.push({ kind: 'detail', id: entry.id, detail: 'scan' });
    for (const c of entry.children ?? []) details.push({ kind: 'child', id: entry.id, platform: c.platform });
    return details;
  }

  getTreeItem(node: WaveBuildNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const entries = this.history.list().filter((e) => e.group?.key === node.key);
      return groupItem(node.key, entries, entries.some((e) => this.history.isWatching(e.id)));
    }
    const entry = this.history.get(node.id);
    if (!entry) return new vscode.TreeItem(vscode.l10n.t('(removed)'));
    if (node.kind === 'build') return buildItem(entry, this.history.isWatching(entry.id));
    if (node.kind === 'detail') return detailItem(entry, node.detail, node);
    return childItem(entry, node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function groupItem(key: string, entries: readonly WaveBuildEntry[], watching: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(entries[0]?.group?.label ?? key, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `wave-build-group:${key}`;
  const running = entries.some((e) => ['submitting', 'pending', 'building', 'scanning'].includes(e.state));
  const failed = entries.filter((e) => e.state === 'failed').length;
  item.iconPath = new vscode.ThemeIcon(running ? 'sync~spin' : failed ? 'warning' : 'package');
  item.description = running
    ? vscode.l10n.t('{0} builds, running', entries.length)
    : failed ? vscode.l10n.t('{0} builds, {1} failed', entries.length, failed) : vscode.l10n.t('{0} builds', entries.length);
  // `:watching` while this window follows one of its builds: Stop Watching stops all of them.
  item.contextValue = watching ? 'waveBuildGroup:watching' : 'waveBuildGroup';
  return item;
}

function buildItem(entry: WaveBuildEntry, watching: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(entry.source.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `wave-build:${entry.id}`;
  const [icon, color] = ICONS[entry.state];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  const state = entry.state === 'succeeded' && entry.cached ? vscode.l10n.t('cached') : stateLabel(entry.state);
  const scanned = entry.vulnerabilities ? vulnerabilityText(entry.vulnerabilities) : undefined;
  const platform = entry.source.label.includes(entry.options.platform) ? [] : [platformText(entry)];
  item.description = [...platform, shortImage(entry.targetImage), durationText(entry) ?? state, ...(scanned ? [scanned] : [])].join(' · ');
  item.contextValue = contextValue(entry, watching);
  item.tooltip = waveBuildTooltip(entry, state);
  return item;
}

/** The extension's own reason for a stopped build, in the user's language. */
export function noteText(note: WaveBuildNote): string {
  switch (note.kind) {
    case 'unreadable':
      return vscode.l10n.t('Its status could not be read from Wave after a restart: {0}', note.detail);
    case 'unwatched':
      return vscode.l10n.t('Still {0} at Wave when VS Code started again; this window does not watch it (open its build page, or rebuild).', note.status.toLowerCase());
    case 'stoppedWatching':
      return vscode.l10n.t('Stopped watching in this window; the build goes on at Wave.');
  }
}

/** The hover of a build: its label, state, image (in code, unescaped), options and Wave's reason. Untrusted Markdown. */
export function waveBuildTooltip(entry: WaveBuildEntry, state: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escape(entry.source.label)}** — ${escape(state)}\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('Image: {0}', mdCode(entry.targetImage))}\n\n`);
  const kind = [
    entry.options.platform,
    ...(entry.options.format === 'sif' ? [vscode.l10n.t('Singularity')] : []),
    ...(entry.options.seqeraContainers ? [vscode.l10n.t('Seqera Containers (durable, public)')] : entry.options.freeze ? [vscode.l10n.t('frozen')] : []),
  ].join(', ');
  md.appendMarkdown(`${vscode.l10n.t('Platform: {0}', escape(kind))}\n\n`);
  const took = durationText(entry);
  const started = formatDateTime(entry.startedAt);
  md.appendMarkdown(`${took ? vscode.l10n.t('Started: {0} · took {1}', escape(started), escape(took)) : vscode.l10n.t('Started: {0}', escape(started))}\n\n`);
  if (entry.vulnerabilities) md.appendMarkdown(`${vscode.l10n.t('Vulnerabilities: {0}', escape(vulnerabilityText(entry.vulnerabilities) ?? ''))}\n\n`);
  if (entry.mirror) md.appendMarkdown(`${escape(vscode.l10n.t('Mirror of {0}', entry.source.label))}\n\n`);
  if (entry.reason) md.appendMarkdown(`${vscode.l10n.t('Reason: {0}', escape(entry.reason))}\n\n`);
  if (entry.note) md.appendMarkdown(`${escape(noteText(entry.note))}\n\n`);
  if (entry.anonymous) md.appendMarkdown(escape(vscode.l10n.t('Anonymous build (signed out)')));
  return md;
}

function detailItem(entry: WaveBuildEntry, detail: 'image' | 'source' | 'log' | 'page' | 'scan', node: WaveBuildNode): vscode.TreeItem {
  const make = (label: string, description: string | undefined, icon: string, command?: vscode.Command): vscode.TreeItem => {
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = `wave-build:${entry.id}:${detail}`;
    item.description = description;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.command = command;
    item.contextValue = `waveBuildDetail:${detail}`;
    return item;
  };
  switch (detail) {
    case 'image':
      return make(vscode.l10n.t('Image'), entry.targetImage, 'package', { command: 'wave.copyImageName', title: vscode.l10n.t('Copy Image Name'), arguments: [node] });
    case 'source': {
      const source = entry.source;
      if (source.kind === 'packages' || source.kind === 'cran') return make(vscode.l10n.t('Source'), source.entries.join(' '), 'list-unordered');
      if (source.kind === 'image') return make(vscode.l10n.t('Source'), source.image, 'package');
      return make(vscode.l10n.t('Source'), source.label, 'file', { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.parse(source.uri)] });
    }
    case 'log':
      return make(entry.mirror ? vscode.l10n.t('Mirror log') : vscode.l10n.t('Build log'), undefined, 'output', { command: 'wave.showBuildLog', title: vscode.l10n.t('Show Build Log'), arguments: [node] });
    case 'page':
      return make(entry.mirror ? vscode.l10n.t('Mirror page') : vscode.l10n.t('Build page'), entry.buildId, 'link-external', { command: 'wave.openBuildPage', title: vscode.l10n.t('Open Build Page'), arguments: [node] });
    case 'scan':
      return make(vscode.l10n.t('Scan report'), vulnerabilityText(entry.vulnerabilities), 'shield', {
        command: 'wave.openScanReport',
        title: vscode.l10n.t('Open Scan Report'),
        arguments: [node],
      });
  }
}

function childItem(entry: WaveBuildEntry, node: Extract<WaveBuildNode, { kind: 'child' | 'childDetail' }>): vscode.TreeItem {
  const child = entry.children?.find((c) => c.platform === node.platform);
  if (!child) return new vscode.TreeItem(vscode.l10n.t('(removed)'));
  if (node.kind === 'child') {
    const item = new vscode.TreeItem(child.platform, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `wave-build:${entry.id}:child:${child.platform}`;
    item.description = [child.buildId, ...(child.vulnerabilities ? [vulnerabilityText(child.vulnerabilities) ?? ''] : [])].join(' · ');
    item.iconPath = new vscode.ThemeIcon('layers');
    item.contextValue = `waveBuildChild${child.scanId ? ':scan' : ''}`;
    return item;
  }
  const item = new vscode.TreeItem('', vscode.TreeItemCollapsibleState.None);
  item.id = `wave-build:${entry.id}:child:${child.platform}:${node.detail}`;
  item.contextValue = `waveBuildDetail:${node.detail}`;
  const arg = [node];
  if (node.detail === 'log') {
    item.label = vscode.l10n.t('Build log');
    item.iconPath = new vscode.ThemeIcon('output');
    item.command = { command: 'wave.showBuildLog', title: vscode.l10n.t('Show Build Log'), arguments: arg };
  } else if (node.detail === 'page') {
    item.label = vscode.l10n.t('Build page');
    item.description = child.buildId;
    item.iconPath = new vscode.ThemeIcon('link-external');
    item.command = { command: 'wave.openBuildPage', title: vscode.l10n.t('Open Build Page'), arguments: arg };
  } else {
    item.label = vscode.l10n.t('Scan report');
    item.description = vulnerabilityText(child.vulnerabilities);
    item.iconPath = new vscode.ThemeIcon('shield');
    item.command = { command: 'wave.openScanReport', title: vscode.l10n.t('Open Scan Report'), arguments: arg };
  }
  return item;
}

function vulnerabilityText(v: Record<string, number> | undefined): string | undefined {
  return v ? severityText(v) : undefined;
}

function stateLabel(state: WaveBuildState): string {
  switch (state) {
    case 'submitting':
      return vscode.l10n.t('submitting');
    case 'pending':
      return vscode.l10n.t('waiting');
    case 'building':
      return vscode.l10n.t('building');
    case 'scanning':
      return vscode.l10n.t('scanning');
    case 'succeeded':
      return vscode.l10n.t('succeeded');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'stopped':
      return vscode.l10n.t('not watched');
  }
}

/** "amd64", "arm64" or "amd64+arm64", and "sif" for Singularity: what tells builds of one file apart at a glance. */
export function platformText(entry: Pick<WaveBuildEntry, 'options'>): string {
  const arch = entry.options.platform.split(',').map((p) => p.replace(/^linux\//, '')).join('+');
  return entry.options.format === 'sif' ? `${arch} sif` : arch;
}

function shortImage(image: string): string {
  const parts = image.split('/');
  return parts[parts.length - 1] ?? image;
}
