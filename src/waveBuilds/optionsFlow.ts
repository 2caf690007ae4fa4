import * as vscode from 'vscode';
import { CancelledError } from '../net/errors';
import { optionProblems, type BuildOptions } from '../wave/request';
import { WAVE_BUILD_TEMPLATES, WAVE_PLATFORMS, WAVE_SCAN_MODES, type WaveBuildTemplate, type WavePlatform, type WaveScanMode } from '../wave/types';

/**
 * "Build with options…": one quick pick or input box per option, starting
 * from the `seqera.wave.*` defaults: platform, format, freeze (+ build
 * repository), cache repository, build template (conda only) and scan mode.
 * Escape at any step cancels.
 */
interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

async function pick<T>(title: string, items: Pick<T>[], current: T): Promise<T> {
  const sorted = [...items.filter((i) => i.value === current), ...items.filter((i) => i.value !== current)];
  const choice = await vscode.window.showQuickPick(sorted, { title, ignoreFocusOut: true });
  if (!choice) throw new CancelledError();
  return choice.value;
}

async function repository(title: string, prompt: string, value: string | undefined, kind: 'conda' | 'dockerfile', signedIn: boolean, field: 'buildRepository' | 'cacheRepository'): Promise<string | undefined> {
  const typed = await vscode.window.showInputBox({
    title,
    prompt,
    value: value ?? '',
    placeHolder: 'docker.io/user/images',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const repo = v.trim();
      if (repo === '') return undefined;
      const problems = optionProblems(kind, { platform: 'linux/amd64', format: 'docker', freeze: false, [field]: repo }, signedIn);
      return problems.find((p) => p.includes('not a repository'));
    },
  });
  if (typed === undefined) throw new CancelledError();
  return typed.trim() || undefined;
}

export async function askBuildOptions(defaults: BuildOptions, kind: 'conda' | 'dockerfile', signedIn: boolean): Promise<BuildOptions> {
  const steps = kind === 'conda' ? 6 : 5;
  let step = 0;
  const title = (what: string): string => vscode.l10n.t('Build with options ({0}/{1}): {2}', ++step, steps, what);

  const platform = await pick<WavePlatform>(title(vscode.l10n.t('platform')), WAVE_PLATFORMS.map((p) => ({ label: p, value: p })), defaults.platform);
  const format = await pick<'docker' | 'sif'>(
    title(vscode.l10n.t('format')),
    [
      { label: vscode.l10n.t('Docker (OCI) image'), value: 'docker' },
      { label: vscode.l10n.t('Singularity image (sif)'), description: vscode.l10n.t('needs freeze and a build repository'), value: 'sif' },
    ],
    defaults.format,
  );
  const freeze =
    format === 'sif' ||
    (await pick<boolean>(
      title(vscode.l10n.t('freeze')),
      [
        { label: vscode.l10n.t('No freeze'), description: vscode.l10n.t('an ephemeral image served by Wave'), value: false },
        { label: vscode.l10n.t('Freeze'), description: signedIn ? vscode.l10n.t('a durable image pushed to a build repository') : vscode.l10n.t('needs you to be signed in'), value: true },
      ],
      defaults.freeze,
    ));
  if (format === 'sif') step++;
  const buildRepository = freeze
    ? await repository(title(vscode.l10n.t('build repository')), vscode.l10n.t('Where Wave pushes the frozen image (empty: the Wave server default)'), defaults.buildRepository, kind, signedIn, 'buildRepository')
    : undefined;
  if (!freeze) step++;
  const cacheRepository = await repository(title(vscode.l10n.t('cache repository')), vscode.l10n.t('Where Wave caches layers (empty: none)'), defaults.cacheRepository, kind, signedIn, 'cacheRepository');
  let buildTemplate: WaveBuildTemplate | undefined;
  if (kind === 'conda') {
    buildTemplate = await pick<WaveBuildTemplate | undefined>(
      title(vscode.l10n.t('build template')),
      [{ label: vscode.l10n.t('Wave default'), description: 'conda/micromamba:v2', value: undefined }, ...WAVE_BUILD_TEMPLATES.map((t) => ({ label: t, value: t }))],
      defaults.buildTemplate,
    );
  }
  const scanMode = await pick<WaveScanMode | undefined>(
    title(vscode.l10n.t('scan mode')),
    [
      { label: vscode.l10n.t('Wave default'), description: vscode.l10n.t('scan after the build'), value: undefined },
      ...WAVE_SCAN_MODES.map((m) => ({ label: m, value: m })),
    ],
    defaults.scanMode,
  );
  return { platform, format, freeze, buildRepository, cacheRepository, buildTemplate, scanMode };
}
