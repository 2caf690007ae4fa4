import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import { findContainerDirective } from '../nfcore/containerDirective';
import { metaData, MetaYamlError } from '../nfcore/metaContainers';
import { metaSchemaCandidates, modulePathInRepo, validateAgainstSchema } from '../nfcore/metaSchema';
import { fetchLocks, outcomeProblems, runModuleBuilds, specLabel, type BuildOutcome, type ModuleBuildSpec } from '../nfcore/moduleBuilds';
import { isUpToDate, planIsEmpty, planModuleUpdate, ModulePlanError, type BuiltImage } from '../nfcore/modulePlan';
import type { Services } from '../services';
import { withCancellableProgress } from '../ui/progress';
import { readWaveSettings, revealOutputOnBuild } from '../waveBuilds';
import { WaveClient } from '../wave/client';
import { parseCondaEnvironment } from '../wave/condaEnv';
import { inspectImage } from '../wave/inspect';
import { describeRequest } from '../wave/request';
import type { WatchEvent } from '../wave/watch';
import { moduleEdit, reviewItems } from './moduleEdit';
import { reviewChanges } from './reviewChanges';
import { readModuleContainersSettings } from './moduleSettings';
import { resolveModule, type ModuleTarget } from './moduleTarget';
import { readSchema } from './metaSchemaFile';

/**
 * "Build Module Containers": the four Seqera Containers builds of an nf-core
 * module (Docker and Singularity × linux/amd64 and linux/arm64) submitted at
 * once, followed in one cancellable notification, in the Wave Builds view
 * under the module and in the "Seqera: Wave builds" channel; then main.nf,
 * meta.yml and the conda locks as one reviewed WorkspaceEdit. Up to date:
 * said, and nothing written.
 */
export type ModuleBuildResult =
  | { result: 'upToDate'; images: BuiltImage[]; warnings: string[] }
  /** Every build's Stop Watching (or the group's) was used: nothing written, the builds go on at Wave. */
  | { result: 'stopped'; images: BuiltImage[]; warnings: string[] }
  | { result: 'applied' | 'discarded'; images: BuiltImage[]; warnings: string[]; files: string[] };

export async function buildModuleContainers(services: Services, arg?: unknown): Promise<ModuleBuildResult> {
  if (!vscode.workspace.isTrusted) throw new SeqeraError('input', vscode.l10n.t('Building module containers sends environment.yml to Wave and edits the module: trust the workspace first.'));
  const target = await resolveModule(arg);
  return run(services, target);
}

async function run(services: Services, target: ModuleTarget): Promise<ModuleBuildResult> {
  const out = services.waveOutput;
  const [mainDoc, metaDoc, envDoc] = await Promise.all([target.mainNf, target.metaYml, target.environment].map((u) => vscode.workspace.openTextDocument(u)));
  const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u);
  const found = findContainerDirective(mainDoc.getText());
  if (!found.found) throw new SeqeraError('input', vscode.l10n.t('{0}: {1}. Nothing was built.', rel(target.mainNf), found.reason));
  const modulePath = modulePathInRepo(target.dir.fsPath, target.schema?.fsPath);
  if (!modulePath) throw new SeqeraError('input', vscode.l10n.t('{0} is not below a modules/ folder, so its lock_file paths cannot be written relative to the repository root.', rel(target.dir)));
  const settings = readWaveSettings();
  const parseEnv = (text: string) => parseCondaEnvironment(new TextEncoder().encode(text), rel(target.environment), settings.channels);
  // A refusal with a place is a Problem on the module's environment.yml, checked again as it is edited (#17.7).
  const packages = services.problems.check(target.environment, () => parseEnv(envDoc.getText()), (text) => void parseEnv(text)).packages;
  const { session, workspaces } = services;
  if (session.state === 'initializing') await session.reload();
  const endpoints = session.endpoints;
  if (!endpoints) throw session.endpointError ?? new SeqeraError('input', vscode.l10n.t('No Wave endpoint is configured.'));
  const creds = session.waveCredentials();
  const credentials = creds && { ...creds, towerWorkspaceId: workspaces.active?.workspaceId };
  const client = new WaveClient(endpoints.waveUrl, services.http);
  const { buildTemplate } = readModuleContainersSettings();

  const warnings: string[] = [];
  if (!target.schema) {
    const where = metaSchemaCandidates(target.dir.fsPath)[0];
    warnings.push(`meta.yml is not checked against nf-core's schema: no modules/meta-schema.json above ${rel(target.dir)}${where ? ` (looked for ${where})` : ''}. In an nf-core/modules clone it is at modules/meta-schema.json.`);
  }
  if (revealOutputOnBuild()) out.show();
  out.info(`▶ Module ${target.name}: 4 Seqera Containers builds (Docker and Singularity, linux/amd64 and linux/arm64), template ${buildTemplate}`);
  if (!creds) out.warn('Anonymous builds: signed out, Wave gives a lower quota. Sign in to Seqera Platform to build with your account.');
  for (const w of warnings) out.warn(w);

  const group = { key: target.dir.toString(), label: vscode.l10n.t('{0} (nf-core module)', target.name) };
  const entryIds = new Map<string, string>();
  const keyOf = (s: ModuleBuildSpec) => `${s.engine} ${s.platform}`;
  const done = new Set<string>();

  const { outcomes, locks, stopped } = await withCancellableProgress(vscode.l10n.t('Build Module Containers: {0}', target.name), async (progress, signal) => {
    const report = () => progress.report({ message: vscode.l10n.t('{0} of 4 builds done', done.size) });
    progress.report({ message: vscode.l10n.t('Submitting 4 builds to Wave…') });
    const onEvent = (spec: ModuleBuildSpec, e: WatchEvent) => logEvent(services, spec, e, entryIds.get(keyOf(spec)));
    const watched = (): void => {
      for (const id of entryIds.values()) services.waveBuilds.endWatching(id);
    };
    const outcomes = await runModuleBuilds(
      { client, inspect: (image, platform, s) => inspectImage(services.http, endpoints.waveUrl, { image, platform, signal: s, auth: creds && { token: creds.towerAccessToken, apiUrl: creds.towerEndpoint, workspaceId: credentials?.towerWorkspaceId } }) },
      {
        packages, template: buildTemplate, credentials, signal, pollMaxMs: settings.pollMaxMs,
        onSubmitted: (spec, request, submitted) => {
          out.info(`[${specLabel(spec)}] ${describeRequest(request)}`);
          out.info(`[${specLabel(spec)}] ${submitted.cached ? 'cached' : 'building'}: ${submitted.targetImage}${submitted.buildId ? ` (${client.buildPageUrl(submitted.buildId)})` : ''}`);
          entryIds.set(keyOf(spec), submitted.requestId);
          void services.waveBuilds.add({
            id: submitted.requestId, waveUrl: client.waveUrl, group,
            source: { kind: 'conda', uri: target.environment.toString(), label: `${target.name} · ${specLabel(spec)}` },
            options: { platform: spec.platform, format: spec.engine === 'singularity' ? 'sif' : 'docker', freeze: true, seqeraContainers: true, buildTemplate },
            targetImage: submitted.targetImage, buildId: submitted.buildId, scanId: submitted.scanId, cached: submitted.cached === true, anonymous: !creds,
            state: submitted.cached ? 'succeeded' : 'building', detailsUri: submitted.buildId ? client.buildPageUrl(submitted.buildId) : undefined, startedAt: Date.now(),
          });
          // Its own Stop Watching (or the group's) in the Wave Builds view ends this build's watch and aborts its requests.
          return services.waveBuilds.startWatching(submitted.requestId);
        },
        onEvent: (spec, e) => {
          onEvent(spec, e);
          if (e.type === 'status' && e.status.status === 'DONE') {
            done.add(keyOf(spec));
            report();
          }
        },
      },
    ).finally(watched);
    for (const o of outcomes) await recordOutcome(services, o, entryIds.get(keyOf(o.spec)), client);
    if (outcomes.every((o) => !o.ok && o.stopped)) return { outcomes, locks: undefined, stopped: true };
    const images = outcomes.flatMap((o) => (o.ok ? [o.image] : []));
    const problems = outcomeProblems(outcomes);
    for (const w of problems.warnings) out.warn(`⚠ ${w}`);
    warnings.push(...problems.warnings);
    if (problems.errors.length) {
      for (const e of problems.errors) out.error(`✖ ${e}`);
      throw new SeqeraError('input', vscode.l10n.t('{0}. Nothing was written to {1}.', problems.errors.join('; '), target.name));
    }
    if (isUpToDate({ mainNf: mainDoc.getText(), metaYml: metaDoc.getText() }, images)) return { outcomes, locks: undefined, stopped: false };
    progress.report({ message: vscode.l10n.t('Waiting for the conda lock files…') });
    return { outcomes, locks: await fetchLocks({ client }, images, signal), stopped: false };
  });

  const images = outcomes.flatMap((o) => (o.ok ? [o.image] : []));
  if (stopped) {
    const msg = vscode.l10n.t('Stopped watching the 4 builds of {0}; they go on at Wave. Nothing was written.', target.name);
    out.warn(msg);
    void vscode.window.showInformationMessage(msg);
    return { result: 'stopped', images, warnings };
  }
  if (locks === undefined) return upToDate(services, target, images, warnings);

  const lockDir = vscode.Uri.joinPath(target.dir, '.conda-lock');
  const lockFiles: Record<string, string> = {};
  try {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(lockDir)) {
      if (type === vscode.FileType.File) lockFiles[name] = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(lockDir, name)));
    }
  } catch {
    // no .conda-lock folder yet
  }
  let plan;
  try {
    plan = planModuleUpdate({ mainNf: mainDoc.getText(), metaYml: metaDoc.getText(), modulePath, lockFiles }, images, locks);
  } catch (e) {
    if (e instanceof ModulePlanError || e instanceof MetaYamlError) throw new SeqeraError('input', `${target.name}: ${e.message}`);
    throw e;
  }
  for (const n of plan.notes) {
    out.warn(n);
    warnings.push(n);
  }
  if (planIsEmpty(plan)) return upToDate(services, target, images, warnings);
  if (target.schema) {
    const check = await validateAgainstSchema(await readSchema(target.schema), metaData(plan.metaYml ?? metaDoc.getText(), rel(target.metaYml)));
    if (!check.ok) {
      out.error(`✖ The new ${rel(target.metaYml)} does not pass ${rel(target.schema)}:`);
      for (const e of check.errors) out.error(`  ${e}`);
      throw new SeqeraError('input', check.errors.length > 1
        ? vscode.l10n.t("The new meta.yml of {0} does not pass nf-core's meta-schema.json ({1} and {2} more). Nothing was written; see the Wave builds output.", target.name, String(check.errors[0]), check.errors.length - 1)
        : vscode.l10n.t("The new meta.yml of {0} does not pass nf-core's meta-schema.json ({1}). Nothing was written; see the Wave builds output.", target.name, String(check.errors[0])));
    }
    out.info(`The new meta.yml passes ${rel(target.schema)}.`);
  }
  const edit = moduleEdit(target, plan, { mainNf: mainDoc, metaYml: metaDoc });
  const review = reviewItems(target, plan, { mainNf: mainDoc.getText(), metaYml: metaDoc.getText(), lockFiles });
  const files = [
    ...(plan.mainNf !== undefined ? ['main.nf'] : []), ...(plan.metaYml !== undefined ? ['meta.yml'] : []),
    ...plan.writeLocks.map((l) => `.conda-lock/${l.name}`), ...plan.deleteLocks.map((n) => `.conda-lock/${n} (deleted)`),
  ];
  out.info(`Proposed changes to ${target.name}: ${files.join(', ')}; review them in the diff.`);
  const { ui, proposed } = services.moduleContainers;
  const ok = await reviewChanges(ui, proposed, vscode.l10n.t('Build Module Containers: {0}', target.name), review,
    vscode.l10n.t('Apply the new containers to {0}? ({1})', target.name, files.join(', ')));
  if (!ok) {
    out.info(`Changes to ${target.name} discarded.`);
    return { result: 'discarded', images, warnings, files };
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new SeqeraError('input', vscode.l10n.t('VS Code did not apply the changes to {0}: a file may have changed meanwhile. Nothing was written.', target.name));
  out.info(`✔ ${target.name} updated: ${files.join(', ')}`);
  await Promise.all([target.mainNf, target.metaYml].map(async (u) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === u.toString() && d.isDirty)?.save()));
  const message = vscode.l10n.t('{0}: containers updated ({1}).', target.name, files.join(', '));
  void vscode.window.showInformationMessage(warnings.length ? `${message} ${warnings.join(' ')}` : message);
  return { result: 'applied', images, warnings, files };
}

function upToDate(services: Services, target: ModuleTarget, images: BuiltImage[], warnings: string[]): ModuleBuildResult {
  const msg = vscode.l10n.t('{0} is up to date: Wave answered with the images main.nf and meta.yml already name (cached builds). Nothing was changed.', target.name);
  services.waveOutput.info(`✔ ${msg}`);
  void vscode.window.showInformationMessage(warnings.length ? `${msg} ${warnings.join(' ')}` : msg);
  return { result: 'upToDate', images, warnings };
}

function logEvent(services: Services, spec: ModuleBuildSpec, e: WatchEvent, entryId: string | undefined): void {
  const out = services.waveOutput;
  const tag = `[${specLabel(spec)}]`;
  switch (e.type) {
    case 'status':
      out.info(`${tag} Status: ${e.previous ? `${e.previous} → ` : ''}${e.status.status}`);
      if (entryId && (e.status.status === 'BUILDING' || e.status.status === 'SCANNING')) void services.waveBuilds.update(entryId, { state: e.status.status === 'SCANNING' ? 'scanning' : 'building' });
      break;
    case 'log':
      if (!e.partial) {
        out.info(`${tag} Build log:`);
        out.buildLog(e.text);
        if (entryId) services.waveBuilds.rememberLog(entryId, e.text);
      }
      break;
    case 'scan':
      out.info(`${tag} Scan ${e.scan.id}: ${e.scan.status.toLowerCase()}, ${e.scan.vulnerabilities.length} vulnerabilities`);
      break;
    case 'notice':
      out.warn(`${tag} ${e.message}`);
      break;
    default:
      break;
  }
}

async function recordOutcome(services: Services, o: BuildOutcome, entryId: string | undefined, client: WaveClient): Promise<void> {
  const out = services.waveOutput;
  const tag = `[${specLabel(o.spec)}]`;
  if (o.ok) out.info(`${tag} ✔ ${o.image.name}${o.image.cached ? ' (cached)' : ''}${o.image.https ? ` → ${o.image.https}` : ''}`);
  if (!entryId) return;
  if (!o.ok && o.stopped) {
    out.warn(`${tag} Stopped watching ${entryId}; the build goes on at Wave.`);
    await services.waveBuilds.update(entryId, { state: 'stopped', note: { kind: 'stoppedWatching' }, finishedAt: Date.now() });
    return;
  }
  const status = o.ok ? o.watch.status : undefined;
  await services.waveBuilds.update(entryId, {
    state: o.ok ? 'succeeded' : 'failed', reason: o.ok ? undefined : o.reason, buildId: o.ok ? o.image.buildId : o.buildId,
    detailsUri: o.ok ? client.buildPageUrl(o.image.buildId) : o.detailsUri, vulnerabilities: status?.vulnerabilities, durationSec: status?.duration, finishedAt: Date.now(),
    ...(o.ok && o.image.https ? { sifUrl: o.image.https } : {}),
  });
}
