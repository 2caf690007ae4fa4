import * as vscode from 'vscode';
import { isCancellation, SeqeraError } from '../net/errors';
import type { WaveBuildChild, WaveBuildEntry, WaveBuildState } from './waveBuildHistory';
import type { Services } from '../services';
import { WaveClient } from '../wave/client';
import { buildSubmitRequest, describeRequest, requestJson, type BuildOptions } from '../wave/request';
import type { SubmitContainerTokenResponse, WaveScanRecord } from '../wave/responses';
import type { SubmitContainerTokenRequest } from '../wave/types';
import { watchBuild, type WatchEvent, type WatchResult } from '../wave/watch';
import { scanSummary } from '../wave/scanSummary';
import type { ProgressReporter } from '../ui/progress';
import { elapsedText, stillBuildingDue } from '../wave/elapsed';
import { revealOutputOnBuild } from './waveSettings';
import { severityText } from './severityText';
import type { PreparedSource } from './prepareSource';

/**
 * One Wave build from start to end, under a cancellable progress notification
 * with the real phases (preparing, submitting, building, scanning, done), told
 * in the "Seqera: Wave builds" channel, and recorded in the build history.
 * Cancelling stops the watching, not the build, and says so.
 */
export interface BuildOutcome {
  requestId: string;
  targetImage: string;
  cached: boolean;
  state: WaveBuildState;
  buildId?: string;
  reason?: string;
  detailsUri?: string;
  /** Counts per severity (of all platforms for a multi-platform build). */
  vulnerabilities?: Record<string, number>;
  /** A multi-platform build's platforms. */
  children?: WaveBuildChild[];
  mirror?: boolean;
}

/** "Show Request": what would be sent, and the read-only document showing it. */
export interface ShownRequest {
  request: string;
  document: string;
}

/**
 * The notification's message for each of Wave's statuses. DONE means the build is over, not the whole request: a scan
 * may follow, so "Done" is said only at the very end (after "Scanning…"), by `finish`.
 */
const PHASE: Record<string, string> = {
  PENDING: vscode.l10n.t('Waiting for a builder…'),
  BUILDING: vscode.l10n.t('Building…'),
  SCANNING: vscode.l10n.t('Scanning for vulnerabilities…'),
  DONE: vscode.l10n.t('Build finished; reading the result…'),
};

const LOG_TAIL_LINES = 30;

export function runWaveBuild(
  services: Services,
  prepare: (signal: AbortSignal) => Promise<PreparedSource>,
  options: BuildOptions,
  pollMaxMs: number,
  title = 'Wave build',
): Thenable<BuildOutcome> {
  if (revealOutputOnBuild()) services.waveOutput.show();
  return services.wave.ui.progress(title, async (progress, signal) => {
    progress.report({ message: vscode.l10n.t('Preparing…') });
    const prepared = await prepare(signal);
    return submitAndWatch(services, prepared, options, pollMaxMs, progress, signal);
  });
}

/** The request as it would be sent (wave-cli `--dry-run`), token redacted, opened read-only; nothing goes to Wave. */
export async function showWaveRequest(services: Services, prepare: (signal: AbortSignal) => Promise<PreparedSource>, options: BuildOptions): Promise<ShownRequest> {
  const prepared = await prepare(new AbortController().signal);
  const { request } = await requestFor(services, prepared, options);
  const text = requestJson(request);
  const doc = await vscode.workspace.openTextDocument({ content: text, language: 'json' });
  await vscode.window.showTextDocument(doc, { preview: true });
  services.waveOutput.info(`Show Request ${prepared.label}: ${describeRequest(request)} (not sent)`);
  return { request: text, document: doc.uri.toString() };
}

async function requestFor(services: Services, prepared: PreparedSource, options: BuildOptions): Promise<{ request: SubmitContainerTokenRequest; client: WaveClient; anonymous: boolean }> {
  const { session, workspaces } = services;
  if (session.state === 'initializing') await session.reload();
  const endpoints = session.endpoints;
  if (!endpoints) throw session.endpointError ?? new SeqeraError('input', vscode.l10n.t('No Wave endpoint is configured.'));
  const creds = session.waveCredentials();
  const workspaceId = creds ? workspaces.active?.workspaceId : undefined;
  const request = buildSubmitRequest(prepared.source, options, creds && { ...creds, towerWorkspaceId: workspaceId }, new Date(), prepared.layers);
  return { request, client: new WaveClient(endpoints.waveUrl, services.http), anonymous: !creds };
}

async function submitAndWatch(
  services: Services,
  prepared: PreparedSource,
  options: BuildOptions,
  pollMaxMs: number,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<BuildOutcome> {
  const { waveBuilds: history, waveOutput: out } = services;
  const { request, client, anonymous } = await requestFor(services, prepared, options);
  const creds = !anonymous;

  out.info(`▶ ${prepared.label}: ${describeRequest(request)}`);
  if (!creds) out.warn('Anonymous build: signed-out builds have a lower quota on Wave. Sign in to Seqera Platform to build with your account.');
  progress.report({ message: vscode.l10n.t('Submitting to Wave…') });
  const submitted = await client.submit(request, signal);

  const entry: WaveBuildEntry = {
    id: submitted.requestId,
    waveUrl: client.waveUrl,
    source: prepared.history,
    options,
    targetImage: submitted.targetImage,
    buildId: submitted.buildId,
    scanId: submitted.scanId,
    cached: submitted.cached === true,
    anonymous: !creds,
    state: submitted.buildId ? 'building' : 'pending',
    detailsUri: submitted.buildId ? (submitted.mirror ? client.mirrorPageUrl(submitted.buildId) : client.buildPageUrl(submitted.buildId)) : undefined,
    mirror: submitted.mirror === true ? true : undefined,
    startedAt: Date.now(),
  };
  await history.add(entry);
  services.wave.lastBuild.building(prepared.history.label);
  out.info(`Request ${submitted.requestId}: image ${submitted.targetImage}`);
  if (entry.cached) {
    out.info(`Cached: Wave built this image before (build ${submitted.buildId ?? '?'}); nothing is rebuilt.`);
    progress.report({ message: vscode.l10n.t('Cached build: {0}', submitted.targetImage) });
  } else if (submitted.buildId && submitted.mirror) {
    out.info(`Mirror ${submitted.buildId}: ${client.mirrorPageUrl(submitted.buildId)}`);
  } else if (submitted.buildId) {
    out.info(`Build ${submitted.buildId}: ${client.buildPageUrl(submitted.buildId)}`);
  } else {
    out.info('No build needed: Wave serves the image as it is.');
  }

  let logStarted = false;
  let scanning = false;
  let lastElapsed = 0;
  // Wave serves a build's log when the build ends (a partial one only sometimes): say so, and how long it has run.
  const building = (elapsedMs: number): string =>
    logStarted
      ? vscode.l10n.t('Building… {0}', elapsedText(elapsedMs))
      : vscode.l10n.t('Building… {0} (Wave publishes the log when the build ends)', elapsedText(elapsedMs));
  const onEvent = (e: WatchEvent): void => {
    switch (e.type) {
      case 'status':
        out.info(`Status: ${e.previous ? `${e.previous} → ` : ''}${e.status.status}`);
        if (e.status.status === 'BUILDING' && !logStarted) out.info('Wave publishes the build log when the build ends; until then the status is checked here.');
        if (e.status.status === 'SCANNING') scanning = true;
        if (e.status.status === 'DONE' && !scanning && (e.status.scanId ?? submitted.scanId) && !entry.mirror) {
          // The build is over and Wave scans the image next: that is what the user waits for now.
          scanning = true;
          progress.report({ message: PHASE.SCANNING });
        } else if (!(scanning && e.status.status === 'DONE')) {
          // After "Scanning…" the notification never goes back to an earlier phase.
          progress.report({ message: e.status.status === 'BUILDING' ? building(0) : (PHASE[e.status.status] ?? e.status.status) });
        }
        if (e.status.status === 'BUILDING' || e.status.status === 'SCANNING' || e.status.status === 'PENDING') {
          void history.update(entry.id, { state: e.status.status === 'SCANNING' ? 'scanning' : e.status.status === 'PENDING' ? 'pending' : 'building' });
        }
        break;
      case 'waiting':
        if (e.status !== 'BUILDING') break;
        progress.report({ message: building(e.elapsedMs) });
        if (stillBuildingDue(lastElapsed, e.elapsedMs)) out.info(`Still building after ${elapsedText(e.elapsedMs)}${logStarted ? '' : '; Wave publishes the build log when the build ends'}.`);
        lastElapsed = e.elapsedMs;
        break;
      case 'log':
        if (!logStarted) out.info(e.partial ? 'Build log (so far):' : 'Build log:');
        logStarted = true;
        out.buildLog(e.text);
        break;
      case 'record':
        if (e.record.duration !== undefined) out.info(`Build took ${e.record.duration.toFixed(1)} s${e.record.digest ? `; digest ${e.record.digest}` : ''}`);
        for (const c of e.record.buildChildIds ?? []) out.info(`  ${c.value}: build ${c.id} (${client.buildPageUrl(c.id)})`);
        break;
      case 'mirror':
        out.info(`Mirror ${e.mirror.mirrorId}: ${e.mirror.status}${e.mirror.exitCode !== undefined ? `, exit ${e.mirror.exitCode}` : ''}${e.mirror.targetImage ? ` → ${e.mirror.targetImage}` : ''}`);
        break;
      case 'scanning':
        scanning = true;
        out.info(`Scanning the image for vulnerabilities (scan ${e.scanId})…`);
        progress.report({ message: PHASE.SCANNING });
        void history.update(entry.id, { state: 'scanning', scanId: e.scanId });
        break;
      case 'scan':
        out.info(scanSummary(e.scan));
        break;
      case 'notice':
        out.warn(e.message);
        break;
    }
  };

  let result;
  const stopSignal = history.startWatching(entry.id);
  try {
    result = await watchBuild(client, submitted, { signal: AbortSignal.any([signal, stopSignal]), onEvent, poll: { maxMs: pollMaxMs } });
  } catch (e) {
    history.endWatching(entry.id);
    const stopped = await history.update(entry.id, { state: 'stopped', finishedAt: Date.now() });
    const page = stopped?.detailsUri ?? client.buildPageUrl(submitted.buildId ?? submitted.requestId);
    if (isCancellation(e)) {
      out.warn(`Stopped watching ${submitted.requestId}; the build goes on at Wave: ${page}`);
      services.wave.lastBuild.finished(entry.id, 'stopped', prepared.history.label, submitted.targetImage);
      notify('info', vscode.l10n.t('Stopped watching the Wave build. It goes on at Wave.'), services, { page });
      return { requestId: submitted.requestId, targetImage: submitted.targetImage, cached: entry.cached, state: 'stopped', buildId: submitted.buildId, detailsUri: page };
    }
    out.error(`Watching ${submitted.requestId} failed: ${e instanceof Error ? e.message : String(e)}`);
    services.wave.lastBuild.finished(entry.id, 'failed', prepared.history.label, submitted.targetImage);
    throw e;
  }
  history.endWatching(entry.id);
  if (result.log !== undefined) history.rememberLog(entry.id, result.log);
  progress.report({ message: vscode.l10n.t('Done') });
  return finish(services, submitted, result, entry, client);
}

async function finish(
  services: Services,
  submitted: SubmitContainerTokenResponse,
  result: WatchResult,
  entry: WaveBuildEntry,
  client: WaveClient,
): Promise<BuildOutcome> {
  const out = services.waveOutput;
  const { status, log } = result;
  const succeeded = status.succeeded ?? submitted.succeeded ?? true;
  const mirror = entry.mirror === true;
  const buildId = mirror ? (status.mirrorId ?? submitted.buildId) : (status.buildId ?? submitted.buildId);
  const page = (id: string): string => (mirror ? client.mirrorPageUrl(id) : client.buildPageUrl(id));
  const detailsUri = status.detailsUri ?? (buildId ? page(buildId) : undefined);
  const scanId = status.scanId ?? submitted.scanId;
  const scans = result.scans ?? (result.scan ? [result.scan] : []);
  const children: WaveBuildChild[] | undefined = result.record?.buildChildIds?.map((c) => {
    const scanRef = result.record?.scanChildIds?.find((s) => s.value === c.value);
    const scan = scans.find((s) => s.id === scanRef?.id);
    return { platform: c.value, buildId: c.id, scanId: scanRef?.id, vulnerabilities: scan ? countBySeverity(scan) : undefined };
  });
  const vulnerabilities = status.vulnerabilities ?? (scans.length ? sumCounts(scans.map(countBySeverity)) : undefined);
  await services.waveBuilds.update(entry.id, {
    state: succeeded ? 'succeeded' : 'failed',
    reason: status.reason,
    detailsUri,
    buildId,
    // a multi-platform build's own scan id has no record: its scans are the children's
    scanId: children?.length ? undefined : scanId,
    vulnerabilities,
    children,
    durationSec: status.duration,
    finishedAt: Date.now(),
  });
  const outcome: BuildOutcome = {
    requestId: entry.id, targetImage: submitted.targetImage, cached: entry.cached, state: succeeded ? 'succeeded' : 'failed', buildId, reason: status.reason, detailsUri,
    vulnerabilities, children, mirror: mirror || undefined,
  };
  const image = submitted.targetImage;
  services.wave.lastBuild.finished(entry.id, succeeded ? 'succeeded' : 'failed', entry.source.label, image);
  const summary = vulnerabilities ? ` ${vscode.l10n.t('Scan: {0}.', severityText(vulnerabilities))}` : '';
  if (succeeded) {
    out.info(entry.cached ? `✔ Cached image ready: ${image}` : `✔ ${mirror ? 'Mirrored' : 'Built'} ${image}${status.duration !== undefined ? ` in ${status.duration.toFixed(1)} s` : ''}`);
    const message = (entry.cached ? vscode.l10n.t('Wave reused a cached build: {0}', image) : mirror ? vscode.l10n.t('Wave mirrored {0}', image) : vscode.l10n.t('Wave built {0}', image)) + summary;
    notify('info', entry.anonymous ? `${message} ${vscode.l10n.t('(anonymous build: sign in for a higher quota)')}` : message, services, { image, page: detailsUri, entryId: entry.id });
  } else {
    const reason = status.reason ?? vscode.l10n.t('the build did not succeed');
    out.error(`✖ Wave build failed: ${reason}${detailsUri ? ` (${detailsUri})` : ''}`);
    if (log) {
      const lines = log.replace(/\n$/, '').split('\n');
      out.error(`Last ${Math.min(LOG_TAIL_LINES, lines.length)} lines of the build log:`);
      out.buildLog(lines.slice(-LOG_TAIL_LINES).join('\n'));
    }
    notify('error', vscode.l10n.t('Wave build failed: {0}', reason) + summary, services, { page: detailsUri });
  }
  return outcome;
}

function countBySeverity(scan: WaveScanRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of scan.vulnerabilities) out[v.severity] = (out[v.severity] ?? 0) + 1;
  return out;
}

function sumCounts(all: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of all) for (const [k, n] of Object.entries(c)) out[k] = (out[k] ?? 0) + n;
  return out;
}


/** Shows a result message with its actions without holding up the command. */
function notify(kind: 'info' | 'error', message: string, services: Services, links: { image?: string; page?: string; entryId?: string }): void {
  const COPY = vscode.l10n.t('Copy Image Name');
  const NEXTFLOW = vscode.l10n.t('Copy as Nextflow Config');
  const PAGE = vscode.l10n.t('Open Build Page');
  const LOG = vscode.l10n.t('Show Log');
  const ui = services.wave.ui;
  const actions = [...(links.image ? [COPY] : []), ...(links.image && links.entryId ? [NEXTFLOW] : []), ...(links.page ? [PAGE] : []), LOG];
  void Promise.resolve(ui.message(kind, message, ...actions)).then(async (choice) => {
    if (choice === COPY && links.image) await copyWithConfirmation(services, links.image);
    else if (choice === NEXTFLOW && links.entryId) await vscode.commands.executeCommand('wave.copyNextflowConfig', { id: links.entryId });
    else if (choice === PAGE && links.page) await ui.openExternal(links.page);
    else if (choice === LOG) services.waveOutput.show();
  }).catch((e: unknown) => services.log.error(`Wave build message: ${e instanceof Error ? e.message : String(e)}`));
}

/** Copies the image name and says so, as Copy Studio URL does. */
export async function copyWithConfirmation(services: Services, image: string): Promise<void> {
  await services.wave.ui.copy(image);
  void services.wave.ui.message('info', vscode.l10n.t('Copied the image name {0}.', image));
}
