import { createHash } from 'node:crypto';
import { parseCondaYaml, versionFor } from './conda';

/**
 * Wave stores a build's conda lock asynchronously, some time after the build
 * (from the log between `>> CONDA_LOCK_START` and `<< CONDA_LOCK_END`):
 * `/condalock` is 404 for this long after the build is done.
 */
export const CONDA_LOCK_DELAY_MS = 30_000;

export const PIXI_TEMPLATE = 'conda/pixi:v1';
export const DEFAULT_PIXI_IMAGE = 'public.cr.seqera.io/wave/pixi:0.61.0-noble';

const h = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);

/** The Dockerfile Wave's `conda/pixi:v1` template writes (shape only). */
export function pixiDockerfile(pixiImage: string, basePackages: string | undefined, commands: string[], baseImage = 'ubuntu:24.04'): string {
  return [
    `FROM ${pixiImage} AS build`,
    'COPY conda.yml /opt/wave/conda.yml',
    'WORKDIR /opt/wave',
    'RUN pixi init --import /opt/wave/conda.yml \\',
    ...(basePackages ? [`    && pixi add ${basePackages} \\`] : []),
    '    && pixi shell-hook > /shell-hook.sh \\',
    '    && echo ">> CONDA_LOCK_START" && cat pixi.lock && echo "<< CONDA_LOCK_END"',
    `FROM ${baseImage} AS final`,
    'COPY --from=build /opt/wave/.pixi/envs/default /opt/wave/.pixi/envs/default',
    'COPY --from=build /shell-hook.sh /shell-hook.sh',
    ...commands,
  ].join('\n') + '\n';
}

/** The Singularity recipe Wave builds SIF images from (shape only). */
export function singularityRecipe(dockerFile: string): string {
  const from = /^FROM\s+(\S+)/m.exec(dockerFile)?.[1] ?? 'ubuntu:24.04';
  return `BootStrap: docker\nFrom: ${from}\n%files\n    {{wave_context_dir}}/conda.yml /scratch/conda.yml\n%post\n${dockerFile.split('\n').filter((l) => l.startsWith('RUN ')).map((l) => '    ' + l.slice(4)).join('\n')}\n`;
}

/**
 * The lock a conda build records. With pixi it is a `pixi.lock` (`version: 6`)
 * with the leading indentation stripped, as nf-core's `.conda-lock/*.txt`
 * files hold it; otherwise micromamba's `@EXPLICIT` list.
 */
export function condaLockFor(condaFile: string, platform: string, template: string | undefined): string {
  const env = parseCondaYaml(condaFile);
  const subdir = platform.includes('arm64') ? 'linux-aarch64' : 'linux-64';
  const pkgs = env.packages.filter((p) => !p.pip);
  const file = (p: (typeof pkgs)[number]): string => {
    const v = p.version ?? versionFor(p.name);
    return `https://conda.anaconda.org/${p.channel ?? 'conda-forge'}/${subdir}/${p.name}-${v}-h${h(p.name + subdir, 7)}_0.conda`;
  };
  if (template === PIXI_TEMPLATE) {
    const channels = env.channels.length ? env.channels : ['conda-forge'];
    const lines = ['', 'version: 6', 'environments:', 'default:', 'channels:', ...channels.map((c) => `- url: https://conda.anaconda.org/${c}/`), 'packages:', `${subdir}:`];
    for (const p of pkgs) lines.push(`- conda: ${file(p)}`);
    lines.push('packages:');
    for (const p of pkgs) lines.push(`- conda: ${file(p)}`, `sha256: ${h(file(p), 64)}`, `md5: ${h(file(p) + 'md5', 32)}`);
    return lines.join('\n') + '\n';
  }
  const lines = ['# This file may be used to create an environment using:', '# $ conda create --name <env> --file <this file>', `# platform: ${subdir}`, '@EXPLICIT'];
  for (const p of pkgs) lines.push(file(p));
  return lines.join('\n') + '\n';
}
