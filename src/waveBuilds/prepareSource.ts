import * as path from 'node:path';
import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import type { WaveBuildSource } from './waveBuildHistory';
import type { WaveBuildOutput } from './waveBuildOutput';
import { parseCondaEnvironment } from '../wave/condaEnv';
import { condaPackagesFromEntries } from '../wave/condaPackages';
import { packBuildContext } from '../wave/contextPacker';
import { analyseDockerfile, checkSourcesInContext } from '../wave/dockerfile';
import type { BuildSource } from '../wave/request';
import { packLayers } from '../wave/layers';
import { formatBytes } from '../wave/textFile';
import type { ContainerLayer } from '../wave/types';
import type { FileTarget } from './buildTarget';
import type { FileProblems } from '../ui/problems';

/**
 * Turns what the user chose into what Wave gets, with every check done before
 * any request: a conda file parsed, a Dockerfile sized and scanned for local
 * sources, and only then its context packed (the Dockerfile's folder unless
 * another was chosen).
 */
export interface PreparedSource {
  source: BuildSource;
  history: WaveBuildSource;
  label: string;
  /** Extra layers packed from folders (wave-cli `--layer`). */
  layers?: ContainerLayer[];
}

export async function prepareFile(
  target: FileTarget,
  channels: readonly string[],
  output: WaveBuildOutput,
  problems: FileProblems,
  signal: AbortSignal,
  contextDir?: string,
): Promise<PreparedSource> {
  const label = vscode.workspace.asRelativePath(target.uri);
  const uri = target.uri;
  // Each check's refusal with a place becomes a Problem on the file, checked again as it is edited (#17.7).
  if (target.kind === 'conda') {
    const env = problems.check(uri, () => parseCondaEnvironment(target.bytes, label, channels), (text) => void parseCondaEnvironment(utf8(text), label, channels));
    return {
      source: { kind: 'conda', packages: env.packages },
      history: { kind: 'conda', uri: target.uri.toString(), label },
      label,
    };
  }

  const analysis = problems.check(uri, () => analyseDockerfile(target.bytes, label), (text) => void analyseDockerfile(utf8(text), label));
  if (analysis.localSources.length === 0) {
    output.info(`${label} copies no local files: no build context is sent.`);
    return { source: { kind: 'dockerfile', containerFile: analysis.containerFile }, history: { kind: 'dockerfile', uri: target.uri.toString(), label }, label };
  }
  if (target.uri.scheme !== 'file') {
    throw inputError(vscode.l10n.t('{0} copies local files, and a build context can only be packed from files on disk.', label));
  }
  const dir = contextDir ?? path.dirname(target.uri.fsPath);
  const packed = await packBuildContext(dir, { signal });
  const contents = { dir, files: packed.files, ignored: packed.ignored };
  problems.check(
    uri,
    () => checkSourcesInContext(analysis.localSources, contents, label),
    // Against the files packed for this build: a file added to the context later shows at the next build.
    (text) => checkSourcesInContext(analyseDockerfile(utf8(text), label).localSources, contents, label),
  );
  output.info(
    `Build context ${dir}: ${packed.files.length} files, ${formatBytes(packed.layer.gzipSize)} gzip, ${packed.layer.tarDigest}`,
  );
  for (const hint of packed.hints) output.warn(hint);
  if (packed.skipped.length > 0) output.warn(`Not packed (not regular files): ${packed.skipped.join(', ')}`);
  return {
    source: { kind: 'dockerfile', containerFile: analysis.containerFile, buildContext: packed.layer },
    history: { kind: 'dockerfile', uri: target.uri.toString(), label, contextDir: contextDir },
    label,
  };
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function preparePackages(entries: string[], channels: readonly string[]): PreparedSource {
  const label = entries.length <= 3 ? entries.join(' ') : `${entries.slice(0, 3).join(' ')} +${entries.length - 3}`;
  return {
    source: { kind: 'conda', packages: condaPackagesFromEntries(entries, channels) },
    history: { kind: 'packages', entries, channels: [...channels], label },
    label,
  };
}

/** CRAN packages (`cran/installr:v1`): names as install2.r takes them. */
export function prepareCran(entries: string[]): PreparedSource {
  const label = `CRAN ${entries.length <= 3 ? entries.join(' ') : `${entries.slice(0, 3).join(' ')} +${entries.length - 3}`}`;
  return { source: { kind: 'cran', packages: { type: 'CRAN', entries, channels: [] } }, history: { kind: 'cran', entries, label }, label };
}

/** An existing image, to augment with config and layers, freeze or mirror. */
export function prepareImage(image: string): PreparedSource {
  return { source: { kind: 'image', containerImage: image }, history: { kind: 'image', image, label: image }, label: image };
}

/** Packs the option's layer folders (each ≤ 1 MiB, ≤ 10 MiB in all) onto a prepared source. */
export async function withLayers(prepared: PreparedSource, dirs: readonly string[] | undefined, output: WaveBuildOutput, signal: AbortSignal): Promise<PreparedSource> {
  if (!dirs?.length) return prepared;
  const packed = await packLayers(dirs, signal);
  for (const p of packed) output.info(`Layer ${p.dir}: ${p.files.length} files, ${formatBytes(p.layer.gzipSize)} gzip, ${p.layer.tarDigest}`);
  return { ...prepared, layers: packed.map((p) => p.layer) };
}
