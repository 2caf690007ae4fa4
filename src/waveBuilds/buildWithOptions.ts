import * as path from 'node:path';
import * as vscode from 'vscode';
import { readWaveSettings } from './waveSettings';
import { CancelledError } from '../net/errors';
import type { Services } from '../services';
import { analyseDockerfile } from '../wave/dockerfile';
import type { BuildOptions } from '../wave/request';
import type { WaveBuildTemplate } from '../wave/types';
import { readTarget, type FileTarget } from './buildTarget';
import { askBuildOptions, type SourceKind } from './optionsFlow';
import { prepareCran, prepareFile, prepareImage, preparePackages, withLayers, type PreparedSource } from './prepareSource';
import { runWaveBuild, showWaveRequest, type BuildOutcome, type ShownRequest } from './runBuild';
import { requireTrust, resolveUri } from './waveBuild';

/**
 * `wave.buildWithOptions`: like "Build with Wave", with the options asked
 * first (and, for a Dockerfile that copies local files, the context folder).
 * Besides a file it builds from an existing image (augment, freeze or
 * mirror), CRAN packages or conda packages. A second argument of options
 * skips the questions (automation, tests): every `BuildOptions` field plus
 * `contextDir`, `condaChannels`, `image`, `cranPackages`, `condaPackages` and
 * `showRequest` (the request is shown, not sent); the explorer's second
 * argument, the selected Uris, is ignored.
 */
export interface OptionsArg extends Partial<BuildOptions> {
  contextDir?: string;
  condaChannels?: string[];
  /** Build no file: an existing image (augment with config/layers, freeze, or mirror). */
  image?: string;
  cranPackages?: string[];
  condaPackages?: string[];
  showRequest?: boolean;
}

function isOptionsArg(v: unknown): v is OptionsArg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);
}

type Source = { kind: 'file'; target: FileTarget } | { kind: 'image'; image: string } | { kind: 'cran'; entries: string[] } | { kind: 'conda'; entries: string[] };

async function askSource(): Promise<Source | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('A conda environment file or a Dockerfile…'), value: 'file' as const },
      { label: vscode.l10n.t('An existing container image…'), description: vscode.l10n.t('augment, freeze or mirror'), value: 'image' as const },
      { label: vscode.l10n.t('CRAN packages…'), description: 'cran/installr:v1', value: 'cran' as const },
    ],
    { title: vscode.l10n.t('Build with Wave (Options…): what to build'), ignoreFocusOut: true },
  );
  if (!choice) throw new CancelledError();
  if (choice.value === 'file') return undefined;
  const typed = await vscode.window.showInputBox({
    title: choice.value === 'image' ? vscode.l10n.t('Container image') : vscode.l10n.t('CRAN packages'),
    prompt: choice.value === 'image' ? vscode.l10n.t('The image, e.g. ubuntu:24.04 or quay.io/org/tool:1.0') : vscode.l10n.t('Package names separated by spaces'),
    placeHolder: choice.value === 'image' ? 'ubuntu:24.04' : 'dplyr ggplot2',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Type at least one name') : undefined),
  });
  if (typed === undefined) throw new CancelledError();
  return choice.value === 'image' ? { kind: 'image', image: typed.trim() } : { kind: 'cran', entries: typed.trim().split(/\s+/) };
}

export async function buildWithOptions(services: Services, arg?: unknown, second?: unknown): Promise<BuildOutcome | ShownRequest> {
  requireTrust();
  const settings = readWaveSettings();
  const given = isOptionsArg(second) ? second : undefined;
  let source: Source | undefined = given?.image
    ? { kind: 'image', image: given.image }
    : given?.cranPackages?.length
      ? { kind: 'cran', entries: given.cranPackages }
      : given?.condaPackages?.length
        ? { kind: 'conda', entries: given.condaPackages }
        : undefined;
  if (!source && !(arg instanceof vscode.Uri) && !given) source = await askSource();
  if (!source) source = { kind: 'file', target: await readTarget(await resolveUri(arg)) };
  const kind: SourceKind = source.kind === 'file' ? source.target.kind : source.kind;
  // A conda template from the settings does not apply to CRAN packages, nor any template to a Dockerfile or an image.
  const defaults: BuildOptions = { ...settings.options, buildTemplate: kind === 'conda' ? settings.options.buildTemplate : undefined };
  let options: BuildOptions;
  let contextDir: string | undefined;
  let channels = settings.channels;
  let showRequest = false;
  if (given) {
    const { contextDir: dir, condaChannels, image: _i, cranPackages: _c, condaPackages: _p, showRequest: show, ...rest } = given;
    options = rest.seqeraContainers ? seqeraContainersOptions(defaults, rest, settings.seqeraContainersTemplate) : { ...defaults, ...rest };
    contextDir = dir;
    if (condaChannels?.length) channels = condaChannels;
    showRequest = show === true;
  } else {
    const asked = await askBuildOptions(services.wave.ui, defaults, kind, services.session.waveCredentials() !== undefined, source.kind === 'image' ? source.image : undefined, settings.seqeraContainersTemplate);
    options = asked.options;
    if (asked.channels?.length) channels = asked.channels;
    showRequest = asked.showRequest;
    if (source.kind === 'file') contextDir = await askContextDir(source.target);
  }
  const s = source;
  const prepare = async (signal: AbortSignal): Promise<PreparedSource> => {
    const prepared =
      s.kind === 'file' ? await prepareFile(s.target, channels, services.waveOutput, services.problems, signal, contextDir)
      : s.kind === 'image' ? prepareImage(s.image)
      : s.kind === 'cran' ? prepareCran(s.entries)
      : preparePackages(s.entries, channels);
    return withLayers(prepared, options.layerDirs, services.waveOutput, signal);
  };
  if (showRequest) return showWaveRequest(services, prepare, options);
  const label = s.kind === 'file' ? s.target.fileName : s.kind === 'image' ? s.image : s.entries.join(' ');
  return runWaveBuild(services, prepare, options, settings.pollMaxMs, vscode.l10n.t('Wave build: {0}', label));
}

/**
 * `seqeraContainers: true` given as an argument: the community build Build Module Containers makes (freeze, no build or
 * cache repository from the settings, the module template unless one is given), with the given fields on top.
 */
function seqeraContainersOptions(defaults: BuildOptions, given: Partial<BuildOptions>, template: WaveBuildTemplate): BuildOptions {
  return { ...defaults, buildRepository: undefined, cacheRepository: undefined, nameStrategy: undefined, buildTemplate: template, ...given, freeze: true, seqeraContainers: true };
}

async function askContextDir(target: FileTarget): Promise<string | undefined> {
  if (target.kind !== 'dockerfile' || target.uri.scheme !== 'file') return undefined;
  if (analyseDockerfile(target.bytes, target.fileName).localSources.length === 0) return undefined;
  const own = path.dirname(target.uri.fsPath);
  const choice = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t("The Dockerfile's folder"), description: vscode.workspace.asRelativePath(own), own: true },
      { label: vscode.l10n.t('Another folder…'), own: false },
    ],
    { title: vscode.l10n.t('Build context'), ignoreFocusOut: true },
  );
  if (!choice) throw new CancelledError();
  if (choice.own) return undefined;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(own), openLabel: vscode.l10n.t('Use as build context') });
  if (!picked?.[0]) throw new CancelledError();
  return picked[0].fsPath;
}
