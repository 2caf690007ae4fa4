import { badRequest } from '../http';

/**
 * The container file Wave generates for `packages` (`ContainerHelper.containerFileFromRequest`
 * and its CondaHelper / PixiHelper / CranHelper), per build template:
 * - CONDA with no template or `conda/micromamba:v2`: a two-stage micromamba build;
 * - `conda/micromamba:v1`: the single-stage micromamba build;
 * - `conda/pixi:v1`: `pixi init --import` in a pixi image, copied onto a base image;
 * - CRAN with no template or `cran/installr:v1`: `install2.r` on an R image;
 * anything else: 400 "Unexpected or missing package type '…' or build template '…'".
 * The option values (`condaOpts`, `pixiOpts`, `cranOpts`) default as in wave-api.
 */
export const BUILD_TEMPLATES = ['conda/micromamba:v1', 'conda/micromamba:v2', 'conda/pixi:v1', 'cran/installr:v1'] as const;

export const DEFAULTS = {
  mambaImageV1: 'mambaorg/micromamba:1.5.10-noble',
  mambaImageV2: 'mambaorg/micromamba:2-amazon2023',
  condaBasePackages: 'conda-forge::procps-ng',
  baseImage: 'ubuntu:24.04',
  pixiImage: 'public.cr.seqera.io/wave/pixi:0.61.0-noble',
  rImage: 'rocker/r-ver:4.4.1',
  cranBasePackages: 'littler r-cran-docopt',
};

export interface Opts {
  image?: string;
  baseImage?: string;
  basePackages?: string;
  commands?: string[];
}

export interface Generated {
  containerFile: string;
  /** The template Wave records for the build. */
  template: string;
  /** The image the packages are installed with (shown in the log). */
  builderImage: string;
  tool: 'micromamba' | 'pixi' | 'installr';
}

function withCommands(file: string, commands: string[] | undefined): string {
  return commands?.length ? file + commands.map((c) => `${c}\n`).join('') : file;
}

/** `base` null/undefined → the default; '' → none (as Java's `containsKey` then empty check). */
function basePackages(value: string | undefined, fallback: string): string | undefined {
  const v = value === undefined ? fallback : value;
  return v.trim() === '' ? undefined : v;
}

export function isCondaLock(entries: string[] | undefined): boolean {
  return entries?.length === 1 && /^https?:\/\//.test(entries[0]);
}

export function generateContainerFile(type: 'CONDA' | 'CRAN', template: string | undefined, opts: { conda?: Opts; pixi?: Opts; cran?: Opts }, cranEntries?: string[], condaEntries?: string[]): Generated {
  if (type === 'CONDA' && (!template || template === 'conda/micromamba:v2')) {
    const o = opts.conda ?? {};
    const image = o.image ?? DEFAULTS.mambaImageV2;
    const base = basePackages(o.basePackages, DEFAULTS.condaBasePackages);
    const file = [
      `FROM ${image} AS build`,
      'USER root',
      'COPY --chown=$MAMBA_USER:$MAMBA_USER conda.yml /tmp/conda.yml',
      'RUN micromamba install -y -n base -f /tmp/conda.yml \\',
      ...(base ? [`    && micromamba install -y -n base ${base} \\`] : []),
      '    && micromamba clean -a -y \\',
      '    && micromamba env export --name base --explicit > environment.lock \\',
      '    && echo ">> CONDA_LOCK_START" \\',
      '    && cat environment.lock \\',
      '    && echo "<< CONDA_LOCK_END"',
      '',
      `FROM ${o.baseImage ?? DEFAULTS.baseImage} AS prod`,
      'ARG MAMBA_ROOT_PREFIX="/opt/conda"',
      'ENV MAMBA_ROOT_PREFIX=$MAMBA_ROOT_PREFIX',
      'COPY --from=build "$MAMBA_ROOT_PREFIX" "$MAMBA_ROOT_PREFIX"',
      'USER root',
      'ENV PATH="$MAMBA_ROOT_PREFIX/bin:$PATH"',
      '',
    ].join('\n');
    return { containerFile: withCommands(file, o.commands), template: 'conda/micromamba:v2', builderImage: image, tool: 'micromamba' };
  }
  if (template === 'conda/micromamba:v1') {
    const o = opts.conda ?? {};
    const image = o.image ?? DEFAULTS.mambaImageV1;
    const base = basePackages(o.basePackages, DEFAULTS.condaBasePackages);
    const file = [
      `FROM ${image}`,
      'COPY --chown=$MAMBA_USER:$MAMBA_USER conda.yml /tmp/conda.yml',
      'RUN micromamba install -y -n base -f /tmp/conda.yml \\',
      ...(base ? [`    && micromamba install -y -n base ${base} \\`] : []),
      '    && micromamba env export --name base --explicit > environment.lock \\',
      '    && micromamba clean -a -y',
      'USER root',
      'ENV PATH="$MAMBA_ROOT_PREFIX/bin:$PATH"',
      '',
    ].join('\n');
    return { containerFile: withCommands(file, o.commands), template: 'conda/micromamba:v1', builderImage: image, tool: 'micromamba' };
  }
  if (template === 'conda/pixi:v1') {
    if (type !== 'CONDA') throw badRequest(`Package type '${type}' not supported by 'conda/pixi:v1' build template`);
    if (isCondaLock(condaEntries)) throw badRequest("Conda lock file is not supported by 'conda/pixi:v1' template");
    const o = opts.pixi ?? {};
    const image = o.image ?? DEFAULTS.pixiImage;
    const base = basePackages(o.basePackages, DEFAULTS.condaBasePackages);
    const file = [
      `FROM ${image} AS build`,
      '',
      'COPY conda.yml /opt/wave/conda.yml',
      'WORKDIR /opt/wave',
      '',
      'RUN pixi init --import /opt/wave/conda.yml \\',
      '    && pixi add conda-forge::which \\',
      ...(base ? [`    && pixi add ${base} \\`] : []),
      '    && pixi shell-hook > /shell-hook.sh \\',
      `    && echo 'exec "$@"' >> /shell-hook.sh \\`,
      '    && echo ">> CONDA_LOCK_START" \\',
      '    && cat /opt/wave/pixi.lock \\',
      '    && echo "<< CONDA_LOCK_END"',
      '',
      `FROM ${o.baseImage ?? DEFAULTS.baseImage} AS final`,
      '',
      'COPY --from=build /opt/wave/.pixi/envs/default /opt/wave/.pixi/envs/default',
      'COPY --from=build /shell-hook.sh /shell-hook.sh',
      '',
      'USER root',
      'ENV USER=root',
      '',
      'ENTRYPOINT ["/bin/bash", "/shell-hook.sh"]',
      '',
      'CMD ["/bin/bash"]',
      '',
    ].join('\n');
    return { containerFile: withCommands(file, o.commands), template: 'conda/pixi:v1', builderImage: image, tool: 'pixi' };
  }
  if (type === 'CRAN' && (!template || template === 'cran/installr:v1')) {
    const o = opts.cran ?? {};
    const image = o.image ?? DEFAULTS.rImage;
    const base = basePackages(o.basePackages, DEFAULTS.cranBasePackages);
    const file = [
      `FROM ${image}`,
      'RUN \\',
      ...(base ? [`    apt-get update && apt-get install -y ${base} \\`] : ['    true \\']),
      `    && install2.r ${(cranEntries ?? []).join(' ')} \\`,
      '    && rm -rf /tmp/downloaded_packages/ /tmp/*.rds \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'USER root',
      'ENV R_LIBS_USER="/usr/local/lib/R/site-library"',
      '',
    ].join('\n');
    return { containerFile: withCommands(file, o.commands), template: 'cran/installr:v1', builderImage: image, tool: 'installr' };
  }
  throw badRequest(`Unexpected or missing package type '${type}' or build template '${template ?? '-'}'`);
}
