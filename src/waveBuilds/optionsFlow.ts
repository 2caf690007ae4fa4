import * as vscode from 'vscode';
import { CancelledError } from '../net/errors';
import type { WaveUi } from './waveUi';
import { stepApplies, stepsFrom, type OptionStep } from '../wave/optionSteps';
import { optionProblems, type BuildOptions, type BuildSource } from '../wave/request';
import {
  CONDA_BUILD_TEMPLATES,
  MULTI_PLATFORM,
  WAVE_COMPRESSIONS,
  WAVE_NAME_STRATEGIES,
  WAVE_PLATFORMS,
  WAVE_SCAN_LEVELS,
  WAVE_SCAN_MODES,
  type WaveBuildTemplate,
  type WaveCompression,
  type WaveNameStrategy,
  type WavePlatform,
  type WaveScanLevel,
  type WaveScanMode,
} from '../wave/types';

/**
 * "Build with Wave (Options…)": one quick pick or input box per option, starting
 * from the `seqera.wave.*` defaults. The main steps (what to do with an image,
 * platform, format, freeze and build repository, cache repository, build
 * template, scan mode) come first, numbered "(n/N)" with N counted from the
 * answers so far; a last multi-select step offers the rest of wave-cli's
 * options (names, compression, scan levels, conda channels, package options,
 * container config, layers, included images, Show Request). Escape cancels.
 */
export type SourceKind = BuildSource['kind'];

export interface AskedOptions {
  options: BuildOptions;
  /** Conda channels for a file that lists none / typed packages. */
  channels?: string[];
  /** Show the request instead of sending it. */
  showRequest: boolean;
}

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

async function pick<T>(ui: WaveUi, title: string, items: Pick<T>[], current: T): Promise<T> {
  const sorted = [...items.filter((i) => i.value === current), ...items.filter((i) => i.value !== current)];
  const choice = await ui.pick(sorted, { title });
  if (!choice) throw new CancelledError();
  return choice.value;
}

async function text(ui: WaveUi, title: string, prompt: string, value: string | undefined, placeHolder: string, validate?: (v: string) => string | undefined): Promise<string | undefined> {
  const typed = await ui.input({ title, prompt, value: value ?? '', placeHolder, validate: (v) => (v.trim() === '' ? undefined : validate?.(v.trim())) });
  if (typed === undefined) throw new CancelledError();
  return typed.trim() || undefined;
}

const words = (v: string | undefined): string[] | undefined => (v ? v.split(/\s+/).filter(Boolean) : undefined);
const list = (v: string | undefined): string[] | undefined => (v ? v.split(/[,\s]+/).filter(Boolean) : undefined);

type More = 'names' | 'compression' | 'levels' | 'channels' | 'package' | 'config' | 'layers' | 'includes' | 'showRequest';

/**
 * `seqeraTemplate`: the build template Seqera Containers start from (`seqera.moduleContainers.buildTemplate`, nf-core's
 * `conda/pixi:v1`), so a conda file gives the same community image as Build Module Containers.
 */
export async function askBuildOptions(ui: WaveUi, defaults: BuildOptions, kind: SourceKind, signedIn: boolean, image?: string, seqeraTemplate?: WaveBuildTemplate): Promise<AskedOptions> {
  let o: BuildOptions = { ...defaults, mirror: false };
  let step = 0;
  const applies = (st: OptionStep): boolean => stepApplies(st, kind, o);
  const title = (id: OptionStep, what: string): string => {
    step++;
    return vscode.l10n.t('Build with options ({0}/{1}): {2}', step, step - 1 + stepsFrom(id, kind, o), what);
  };
  const repoCheck = (field: 'buildRepository' | 'cacheRepository') => (v: string): string | undefined =>
    optionProblems(kind, { platform: 'linux/amd64', format: 'docker', freeze: false, [field]: v }, true).find((p) => p.includes('not a repository'));

  if (kind === 'image') {
    const action = await pick<'augment' | 'freeze' | 'mirror'>(ui, title('action', vscode.l10n.t('what to do with {0}', image ?? 'the image')), [
      { label: vscode.l10n.t('Augment'), description: vscode.l10n.t('serve it through Wave with your config and layers, no build'), value: 'augment' },
      { label: vscode.l10n.t('Freeze'), description: vscode.l10n.t('build it, with your config and layers, into a build repository'), value: 'freeze' },
      { label: vscode.l10n.t('Mirror'), description: vscode.l10n.t('copy it as it is to a build repository on another registry'), value: 'mirror' },
    ], defaults.mirror ? 'mirror' : defaults.freeze ? 'freeze' : 'augment');
    o = { ...o, freeze: action === 'freeze', mirror: action === 'mirror' };
  }
  if (applies('target')) {
    const target = await pick<'wave' | 'seqera'>(ui, title('target', vscode.l10n.t('where the image goes')), [
      { label: vscode.l10n.t('Wave'), description: vscode.l10n.t('an ephemeral image, or frozen into your build repository'), value: 'wave' },
      { label: vscode.l10n.t('Seqera Containers (durable, public)'), description: vscode.l10n.t('community.wave.seqera.io, named as nf-core modules are; no account needed'), value: 'seqera' },
    ], defaults.seqeraContainers ? 'seqera' : 'wave');
    if (target === 'seqera') o = { ...o, seqeraContainers: true, freeze: true, buildRepository: undefined, cacheRepository: undefined, buildTemplate: seqeraTemplate ?? o.buildTemplate };
  }
  if (applies('platform')) {
    const platforms = kind === 'image' || o.seqeraContainers ? WAVE_PLATFORMS.filter((p) => p !== MULTI_PLATFORM) : WAVE_PLATFORMS;
    o.platform = await pick<WavePlatform>(ui, title('platform', vscode.l10n.t('platform')), platforms.map((p) => ({ label: p, description: p === MULTI_PLATFORM ? vscode.l10n.t('one multi-platform image, both built') : undefined, value: p })), platforms.includes(o.platform) ? o.platform : 'linux/amd64');
  }
  if (o.platform === MULTI_PLATFORM) o.format = 'docker';
  if (applies('format')) {
    o.format = await pick<'docker' | 'sif'>(ui, title('format', vscode.l10n.t('format')), [
      { label: vscode.l10n.t('Docker (OCI) image'), value: 'docker' },
      { label: vscode.l10n.t('Singularity image (sif)'), description: o.seqeraContainers ? vscode.l10n.t('an oras:// image with an HTTPS URL, as nf-core uses') : vscode.l10n.t('needs freeze and a build repository'), value: 'sif' },
    ], o.format);
  }
  if (o.format === 'sif') o.freeze = true;
  if (applies('freeze')) {
    o.freeze = await pick<boolean>(ui, title('freeze', vscode.l10n.t('freeze')), [
      { label: vscode.l10n.t('No freeze'), description: vscode.l10n.t('an ephemeral image served by Wave'), value: false },
      { label: vscode.l10n.t('Freeze'), description: signedIn ? vscode.l10n.t('a durable image pushed to a build repository') : vscode.l10n.t('needs you to be signed in'), value: true },
    ], o.freeze);
  }
  o.buildRepository = applies('repo')
    ? await text(ui, title('repo', vscode.l10n.t('build repository')), o.mirror ? vscode.l10n.t('Where Wave copies the image, on another registry') : vscode.l10n.t('Where Wave pushes the frozen image (empty: the Wave server default)'), o.buildRepository, 'quay.io/user/images', repoCheck('buildRepository'))
    : undefined;
  o.cacheRepository = applies('cache') ? await text(ui, title('cache', vscode.l10n.t('cache repository')), vscode.l10n.t('Where Wave caches layers (empty: none)'), o.cacheRepository, 'docker.io/user/cache', repoCheck('cacheRepository')) : undefined;
  if (applies('template')) {
    const templates: WaveBuildTemplate[] = kind === 'cran' ? ['cran/installr:v1'] : [...CONDA_BUILD_TEMPLATES];
    o.buildTemplate = await pick<WaveBuildTemplate | undefined>(ui, title('template', vscode.l10n.t('build template')), [
      { label: vscode.l10n.t('Wave default'), description: kind === 'cran' ? 'cran/installr:v1' : 'conda/micromamba:v2', value: undefined },
      ...templates.map((t) => ({ label: t, value: t })),
    ], o.buildTemplate && templates.includes(o.buildTemplate) ? o.buildTemplate : undefined);
  } else {
    o.buildTemplate = undefined;
  }
  o.scanMode = await pick<WaveScanMode | undefined>(ui, title('scan', vscode.l10n.t('scan mode')), [
    { label: vscode.l10n.t('Wave default'), description: kind === 'image' ? vscode.l10n.t('no scan for an image Wave does not build') : vscode.l10n.t('scan after the build'), value: undefined },
    ...WAVE_SCAN_MODES.map((m) => ({ label: m, value: m })),
  ], o.scanMode);

  const offers: Pick<More>[] = [
    // Seqera Containers keep Wave's community naming (as nf-core's images), so no name strategy is offered there.
    ...(kind === 'conda' && !o.seqeraContainers ? [{ label: vscode.l10n.t('Image names'), description: o.nameStrategy ?? vscode.l10n.t('Wave default'), value: 'names' as const }] : []),
    ...(!o.mirror ? [{ label: vscode.l10n.t('Layer compression'), description: o.compression ?? vscode.l10n.t('Wave default'), value: 'compression' as const }] : []),
    ...(o.scanMode === 'required' ? [{ label: vscode.l10n.t('Allowed scan levels'), description: o.scanLevels?.join(', ') ?? vscode.l10n.t('none allowed'), value: 'levels' as const }] : []),
    ...(kind === 'conda' ? [{ label: vscode.l10n.t('Conda channels'), description: vscode.l10n.t('for files and packages that list none'), value: 'channels' as const }] : []),
    ...(kind === 'conda' || kind === 'cran' ? [{ label: vscode.l10n.t('Base image, base packages, run commands'), value: 'package' as const }] : []),
    ...(!o.mirror ? [
      { label: vscode.l10n.t('Container config'), description: vscode.l10n.t('environment, command, entrypoint, working directory'), value: 'config' as const },
      { label: vscode.l10n.t('Extra layers from folders'), description: vscode.l10n.t('each ≤ 1 MiB compressed, 10 MiB in all'), value: 'layers' as const },
      { label: vscode.l10n.t('Include images'), description: vscode.l10n.t('add the layers of other images'), value: 'includes' as const },
    ] : []),
    { label: vscode.l10n.t('Show Request instead of building'), description: vscode.l10n.t('the JSON that would be sent, token redacted; nothing is sent'), value: 'showRequest' as const },
  ];
  const chosen = await ui.pickMany(offers, { title: title('more', vscode.l10n.t('more options (pick any, or none)')) });
  if (!chosen) throw new CancelledError();
  const more = new Set(chosen.map((c) => c.value));
  let channels: string[] | undefined;
  const sub = vscode.l10n.t('Build with options: more');
  if (more.has('names')) {
    o.nameStrategy = await pick<WaveNameStrategy | undefined>(ui, `${sub}: ${vscode.l10n.t('image names')}`, [
      { label: vscode.l10n.t('Wave default'), value: undefined },
      ...WAVE_NAME_STRATEGIES.map((n) => ({ label: n, value: n })),
    ], o.nameStrategy);
  }
  if (more.has('compression')) {
    o.compression = await pick<WaveCompression | undefined>(ui, `${sub}: ${vscode.l10n.t('layer compression')}`, [{ label: vscode.l10n.t('Wave default'), value: undefined }, ...WAVE_COMPRESSIONS.map((c) => ({ label: c, value: c }))], o.compression);
  }
  if (more.has('levels')) {
    const levels = await ui.pickMany(WAVE_SCAN_LEVELS.map((l) => ({ label: l, picked: o.scanLevels?.includes(l) ?? false, value: l })), { title: vscode.l10n.t('{0}: severities a required scan may find', sub) });
    if (!levels) throw new CancelledError();
    o.scanLevels = levels.map((l) => l.value as WaveScanLevel);
  }
  if (more.has('channels')) channels = list(await text(ui, `${sub}: ${vscode.l10n.t('conda channels')}`, vscode.l10n.t('Channels, separated by commas or spaces'), 'conda-forge,bioconda', 'conda-forge,bioconda'));
  if (more.has('package')) {
    const builderImage = await text(ui, `${sub}: ${vscode.l10n.t('builder image')}`, kind === 'cran' ? vscode.l10n.t('The R image (empty: rocker/r-ver:4.4.1)') : vscode.l10n.t('The micromamba or pixi image that installs the packages (empty: the template default)'), o.packageOptions?.builderImage, kind === 'cran' ? 'rocker/r-ver:4.4.1' : 'mambaorg/micromamba:2-amazon2023');
    const baseImage = kind === 'cran' ? undefined : await text(ui, `${sub}: ${vscode.l10n.t('base image')}`, vscode.l10n.t('The image of the final stage (empty: ubuntu:24.04)'), o.packageOptions?.baseImage, 'ubuntu:24.04');
    const basePackages = await text(ui, `${sub}: ${vscode.l10n.t('base packages')}`, vscode.l10n.t('Packages always installed (empty: the template default)'), o.packageOptions?.basePackages, kind === 'cran' ? 'littler r-cran-docopt' : 'conda-forge::procps-ng');
    const command = await text(ui, `${sub}: ${vscode.l10n.t('run command')}`, vscode.l10n.t('A Dockerfile instruction added at the end, e.g. RUN …'), o.packageOptions?.commands?.[0], 'RUN echo ready');
    o.packageOptions = { builderImage, baseImage, basePackages, commands: command ? [command] : undefined };
  }
  if (more.has('config')) {
    const env = list(await text(ui, `${sub}: ${vscode.l10n.t('environment')}`, vscode.l10n.t('NAME=value pairs, separated by spaces'), o.config?.env?.join(' '), 'MODE=prod THREADS=4', (v) => list(v)?.find((e) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(e)) && vscode.l10n.t('Each must be NAME=value')));
    const cmd = words(await text(ui, `${sub}: ${vscode.l10n.t('command')}`, vscode.l10n.t('The default command, words separated by spaces'), o.config?.cmd?.join(' '), 'python app.py'));
    const entrypoint = words(await text(ui, `${sub}: ${vscode.l10n.t('entrypoint')}`, vscode.l10n.t('The entrypoint, words separated by spaces'), o.config?.entrypoint?.join(' '), '/bin/sh -c'));
    const workingDir = await text(ui, `${sub}: ${vscode.l10n.t('working directory')}`, vscode.l10n.t('An absolute path'), o.config?.workingDir, '/work', (v) => (v.startsWith('/') ? undefined : vscode.l10n.t('Give an absolute path')));
    o.config = { env, cmd, entrypoint, workingDir };
  }
  if (more.has('layers')) {
    const dirs = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: true, openLabel: vscode.l10n.t('Add as layers'), title: vscode.l10n.t('Folders to add as layers (each packed like a build context)') });
    if (!dirs?.length) throw new CancelledError();
    o.layerDirs = dirs.map((d) => d.fsPath);
  }
  if (more.has('includes')) o.includes = list(await text(ui, `${sub}: ${vscode.l10n.t('include images')}`, vscode.l10n.t('Images whose layers are added, separated by spaces (at most 10)'), o.includes?.join(' '), 'alpine:3.20'));
  return { options: o, channels, showRequest: more.has('showRequest') };
}
