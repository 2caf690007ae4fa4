import { isRecord } from '../http';
import { knownImage } from './inspect';

/**
 * `FreezeServiceImpl.createBuildFile`: a freeze request for an existing image
 * (`containerImage`, no `containerFile`) becomes a build of a generated
 * container file `FROM <image>`, with the image's entrypoint kept as
 * `WAVE_ENTRY_CHAIN` and the request's `containerConfig` written as
 * instructions (layers as `ADD`, then WORKDIR, ENV, ENTRYPOINT, CMD); a freeze
 * of a container file with a config gets the same lines appended.
 */
export function freezeContainerFile(containerImage: string | undefined, containerFile: string | undefined, config: Record<string, unknown> | undefined, singularity: boolean): string | undefined {
  let file: string;
  if (containerImage && !containerFile) {
    file = '# wave generated container file\n' + (singularity ? `BootStrap: docker\nFrom: ${containerImage}\n` : `FROM ${containerImage}\n`);
    file += entryChain(containerImage, singularity);
  } else if (!containerImage && containerFile && config) {
    file = containerFile + '\n# wave generated container file\n';
    const from = /^\s*FROM\s+(\S+)/im.exec(containerFile)?.[1];
    if (from) file += entryChain(from, singularity);
  } else {
    return undefined;
  }
  return config ? file + configLines(config, singularity) : file;
}

function entryChain(image: string, singularity: boolean): string {
  const entry = knownImage(image)?.entrypoint;
  if (!entry?.length) return '';
  return singularity ? `%environment\n  export WAVE_ENTRY_CHAIN="${entry.join(' ')}"\n` : `ENV WAVE_ENTRY_CHAIN="${entry.join(' ')}"\n`;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function configLines(config: Record<string, unknown>, singularity: boolean): string {
  const layers = Array.isArray(config.layers) ? config.layers.filter(isRecord) : [];
  const env = strings(config.env);
  const entrypoint = strings(config.entrypoint);
  const cmd = strings(config.cmd);
  const workingDir = typeof config.workingDir === 'string' ? config.workingDir : undefined;
  let out = '';
  if (singularity) {
    if (layers.length) out += '%files\n' + layers.map((l) => `  {{wave_context_dir}}/layer-${layerId(l)}/* /\n`).join('');
    if (env.length) out += `%environment\n  export ${env.join(' ')}\n`;
    if (entrypoint.length) out += `%runscript\n  ${entrypoint.join(' ')}\n`;
    return out;
  }
  for (const l of layers) out += `ADD layer-${layerId(l)}.tar.gz /\n`;
  if (workingDir) out += `WORKDIR ${workingDir}\n`;
  if (env.length) out += `ENV ${env.join(' ')}\n`;
  if (entrypoint.length) out += `ENTRYPOINT [${entrypoint.map((e) => `"${e}"`).join(', ')}]\n`;
  if (cmd.length) out += `CMD [${cmd.map((e) => `"${e}"`).join(', ')}]\n`;
  return out;
}

function layerId(layer: Record<string, unknown>): string {
  return String(layer.gzipDigest ?? '').replace(/^sha256:/, '').slice(0, 12);
}
