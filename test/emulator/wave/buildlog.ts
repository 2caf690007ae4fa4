import { createHash } from 'node:crypto';
import { DockerfileParser } from 'dockerfile-ast';
import { type CondaEnv, isMissingPackage, versionFor } from './conda';

/** What a build will do: its log, how long it takes (emulated), and how it ends. */
export interface BuildPlan {
  log: string[];
  durationMs: number;
  failure?: { reason: string; exitStatus: number };
}

const S = 1000;

function hex(seed: string, n: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, n);
}

/**
 * A failing RUN, as the emulator decides it: the command runs `exit N` with
 * N ≠ 0, or a bare `false` command (not after `||`).
 */
export function failingExitCode(command: string): number | undefined {
  const exit = /(?:^|[;&|(]\s*|\bthen\s+|\bdo\s+)exit\s+([1-9]\d*)\b/.exec(command);
  if (exit) return Number(exit[1]);
  if (/(?:^|;|&&|\(|\bthen|\bdo)\s*false\s*(?:$|;|&&|\)|\|\|)/.test(command)) return 1;
  return undefined;
}

function copySources(args: string[]): string[] {
  const plain = args.filter((a) => !a.startsWith('--'));
  if (args.some((a) => a.startsWith('--from'))) return [];
  return plain.slice(0, -1).filter((s) => !/^https?:\/\//.test(s));
}

function sourceExists(src: string, files: string[]): boolean {
  const s = src.replace(/^\.\//, '').replace(/\/$/, '');
  if (s === '.' || s === '' || s === '*') return files.length > 0 || s === '.';
  if (s.includes('*')) {
    const re = new RegExp('^' + s.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '(/|$)');
    return files.some((f) => re.test(f));
  }
  return files.some((f) => f === s || f.startsWith(s + '/'));
}

/** Buildkit-style log of a Dockerfile build; `contextFiles` undefined = no build context sent. */
export function planDockerBuild(dockerfile: string, contextFiles: string[] | undefined, targetImage: string, platform: string): BuildPlan {
  const doc = DockerfileParser.parse(dockerfile);
  const instructions = doc.getInstructions();
  const steps = instructions.filter((i) => !['ARG', 'LABEL', 'MAINTAINER'].includes(i.getKeyword()) || i.getKeyword() === 'FROM');
  const total = steps.length;
  const log: string[] = [`#0 building with "default" instance using kubernetes driver (platform ${platform})`, ''];
  let n = 1;
  const block = (title: string, lines: string[], secs: number): void => {
    log.push(`#${n} ${title}`, ...lines.map((l) => `#${n} ${l}`), `#${n} DONE ${secs.toFixed(1)}s`, '');
    n++;
  };
  block('[internal] load build definition from Dockerfile', [`transferring dockerfile: ${Buffer.byteLength(dockerfile)}B done`], 0);
  const froms = doc.getFROMs().map((f) => f.getImage() ?? 'scratch');
  for (const image of new Set(froms)) {
    if (image.toLowerCase().includes('doesnotexist')) {
      log.push(`#${n} [internal] load metadata for ${qualify(image)}`, `#${n} ERROR: ${qualify(image)}: not found`, '');
      log.push(`ERROR: failed to solve: ${image}: failed to resolve source metadata for ${qualify(image)}: ${qualify(image)}: not found`);
      return { log, durationMs: 8 * S, failure: { reason: `failed to resolve source metadata for ${qualify(image)}: not found`, exitStatus: 1 } };
    }
    block(`[internal] load metadata for ${qualify(image)}`, [], 0.6);
  }
  if (contextFiles) block('[internal] load build context', [`transferring context: ${contextFiles.length} files done`], 0.1);
  let duration = 10 * S;
  let sleepMs = 0;
  let stepNo = 0;
  for (const ins of steps) {
    stepNo++;
    const kw = ins.getKeyword();
    const args = ins.getArgumentsContent() ?? '';
    const title = `[${stepNo}/${total}] ${kw} ${args.replace(/\s+/g, ' ').trim()}`;
    if (kw === 'FROM') {
      const image = ins.getArguments()[0]?.getValue() ?? 'scratch';
      block(`${title.split(' AS ')[0]}`, [`resolve ${qualify(image)}@sha256:${hex(image, 64)} done`], 2.1);
      duration += 5 * S;
    } else if (kw === 'RUN') {
      const code = failingExitCode(args);
      if (code !== undefined) {
        const line = ins.getRange().start.line + 1;
        log.push(`#${n} ${title}`, `#${n} ERROR: process "/bin/sh -c ${args.trim()}" did not complete successfully: exit code: ${code}`, '------', ` > ${title}:`, '------');
        log.push(`Dockerfile:${line}`, '--------------------', `  ${line} | >>> ${ins.getTextContent().split('\n')[0]}`, '--------------------');
        log.push(`ERROR: failed to solve: process "/bin/sh -c ${args.trim()}" did not complete successfully: exit code: ${code}`);
        return { log, durationMs: duration + 5 * S, failure: { reason: `process "/bin/sh -c ${args.trim()}" did not complete successfully: exit code: ${code}`, exitStatus: code } };
      }
      block(title, [`0.${hex(args, 3).replace(/[a-f]/g, '4')} + ${args.trim().split(/\s+/).slice(0, 3).join(' ')}`], 8.4);
      // `sleep N` takes N seconds, so a build can outlast Wave's build timeout.
      duration += 20 * S;
      sleepMs += [...args.matchAll(/\bsleep\s+(\d+)\b/g)].reduce((t, m) => t + Number(m[1]) * S, 0);
    } else if (kw === 'COPY' || kw === 'ADD') {
      const srcs = copySources(ins.getArguments().map((a) => a.getValue()));
      const missing = srcs.find((s) => !sourceExists(s, contextFiles ?? []));
      if (missing !== undefined) {
        const reason = `failed to compute cache key: failed to calculate checksum of ref: "/${missing.replace(/^\.?\//, '')}": not found`;
        log.push(`#${n} ${title}`, `#${n} ERROR: ${reason}`, '', `ERROR: failed to solve: ${reason}`);
        return { log, durationMs: duration + 2 * S, failure: { reason, exitStatus: 1 } };
      }
      block(title, [], 0.2);
      duration += 1 * S;
    } else {
      block(title, [], 0.0);
    }
  }
  block('exporting to image', ['exporting layers 3.1s done', `exporting manifest sha256:${hex(dockerfile, 64)} done`, `naming to ${targetImage} done`, 'pushing layers 4.2s done'], 7.6);
  return { log, durationMs: Math.min(duration + 15 * S, 10 * 60 * S) + sleepMs };
}

function qualify(image: string): string {
  if (image === 'scratch') return image;
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return image;
  return `docker.io/${image.includes('/') ? image : `library/${image}`}${image.includes(':') || image.includes('@') ? '' : ':latest'}`;
}

/** micromamba log of a conda build (each package), failing on a package that does not exist. */
export function planCondaBuild(env: CondaEnv, dockerfile: string, targetImage: string, platform: string): BuildPlan {
  const arch = platform.includes('arm64') ? 'linux-aarch64' : 'linux-64';
  const base = /^FROM\s+(\S+)/m.exec(dockerfile)?.[1] ?? 'mambaorg/micromamba';
  const log = [
    `#0 building with "default" instance using kubernetes driver (platform ${platform})`, '',
    '#1 [internal] load build definition from Dockerfile', `#1 transferring dockerfile: ${Buffer.byteLength(dockerfile)}B done`, '#1 DONE 0.0s', '',
    `#2 [internal] load metadata for ${qualify(base)}`, '#2 DONE 0.7s', '',
    `#3 [1/4] FROM ${qualify(base)}@sha256:${hex(base, 64)}`, '#3 DONE 3.2s', '',
    '#4 [internal] load build context', '#4 transferring context: conda.yml done', '#4 DONE 0.0s', '',
    '#5 [2/4] COPY --chown=$MAMBA_USER:$MAMBA_USER conda.yml /tmp/conda.yml', '#5 DONE 0.1s', '',
    '#6 [3/4] RUN micromamba install -y -n base -f /tmp/conda.yml', '#6 info     libmamba Parsing MatchSpec',
  ];
  const channels = env.channels.length ? env.channels : ['conda-forge'];
  for (const c of channels) log.push(`#6 ${c}/${arch}    Using cache`, `#6 ${c}/noarch      Using cache`);
  const missing = env.packages.filter((p) => !p.pip && isMissingPackage(p));
  if (missing.length) {
    log.push('#6 error    libmamba Could not solve for environment specs', '#6     The following packages are incompatible');
    for (const p of missing) log.push(`#6     └─ ${p.name}${p.version ? ` =${p.version}` : ''} * does not exist (perhaps a typo or a missing channel).`);
    log.push('#6 critical libmamba Could not solve for environment specs', '#6 ERROR: process "/bin/sh -c micromamba install -y -n base -f /tmp/conda.yml" did not complete successfully: exit code: 1');
    log.push('', `ERROR: failed to solve: process "/bin/sh -c micromamba install -y -n base -f /tmp/conda.yml" did not complete successfully: exit code: 1`);
    return { log, durationMs: 45 * S, failure: { reason: `Could not solve for environment specs: nothing provides ${missing.map((p) => p.name).join(', ')}`, exitStatus: 1 }};
  }
  log.push('#6', '#6 Transaction', '#6', '#6   Prefix: /opt/conda', '#6', '#6   Updating specs:', '#6');
  for (const p of env.packages.filter((x) => !x.pip)) log.push(`#6    - ${p.channel ? p.channel + '::' : ''}${p.name}${p.version ? '=' + p.version : ''}`);
  log.push('#6', '#6   Package                 Version  Build          Channel          Size');
  for (const p of env.packages.filter((x) => !x.pip)) {
    const v = p.version ?? versionFor(p.name);
    log.push(`#6   + ${p.name.padEnd(22)} ${v.padEnd(8)} ${('h' + hex(p.name + v, 7) + '_0').padEnd(14)} ${(p.channel ?? channels[0]) + '/' + arch}  ${(hex(p.name, 2).charCodeAt(0) % 9) + 1}MB`);
  }
  const pips = env.packages.filter((x) => x.pip);
  if (pips.length) {
    log.push('#6 Installing pip packages:');
    for (const p of pips) {
      if (isMissingPackage(p)) {
        log.push(`#6 ERROR: Could not find a version that satisfies the requirement ${p.name}`, `#6 ERROR: No matching distribution found for ${p.name}`);
        return { log, durationMs: 60 * S, failure: { reason: `No matching distribution found for ${p.name}`, exitStatus: 1 } };
      }
      log.push(`#6 Successfully installed ${p.name}-${p.version ?? versionFor(p.name)}`);
    }
  }
  log.push('#6 Transaction finished', '#6 DONE 41.2s', '');
  log.push('#7 exporting to image', '#7 exporting layers 12.0s done', `#7 naming to ${targetImage} done`, '#7 pushing layers 9.1s done', '#7 DONE 21.3s');
  return { log, durationMs: Math.min(60 * S + env.packages.length * 10 * S, 10 * 60 * S) };
}

/** The Dockerfile Wave generates for a conda build (template conda/micromamba:v2 unless told otherwise). */
export function condaDockerfile(mambaImage: string, basePackages: string | undefined, commands: string[]): string {
  const lines = [
    `FROM ${mambaImage} AS build`,
    'COPY --chown=$MAMBA_USER:$MAMBA_USER conda.yml /tmp/conda.yml',
    'RUN micromamba install -y -n base -f /tmp/conda.yml \\',
    ...(basePackages ? [`    && micromamba install -y -n base ${basePackages} \\`] : []),
    '    && micromamba env export --name base --explicit > environment.lock \\',
    '    && micromamba clean -a -y',
    'USER root',
    'ENV PATH="$MAMBA_ROOT_PREFIX/bin:$PATH"',
    ...commands,
  ];
  return lines.join('\n') + '\n';
}
