import { findContainerDirective, rewriteDirective } from './containerDirective';
import { lockFileName, lockFileRef, staleLockFiles } from './lockFiles';
import { type Engine, type ModuleContainers, type Platform, PLATFORMS, readContainers, sameContainers, writeContainers } from './metaContainers';

/**
 * From the builds Wave answered to the changes a module needs: main.nf's
 * directive, meta.yml's `containers:` section and the `.conda-lock/` files.
 * Pure: the caller reads the files, runs the builds and applies the plan.
 */
export interface BuiltImage {
  engine: Engine;
  platform: Platform;
  /** The image (`oras://…` for Singularity). */
  name: string;
  buildId: string;
  scanId?: string;
  /** Singularity: the HTTPS URL of the SIF blob. */
  https?: string;
  cached: boolean;
}

export interface ModuleState {
  mainNf: string;
  metaYml: string;
  /** The module's path from the repository root, e.g. `modules/nf-core/multiqc` (meta.yml's `lock_file` values start with it). */
  modulePath: string;
  /** Files in `<module>/.conda-lock/`: name → text. */
  lockFiles: Record<string, string>;
}

export interface ModulePlan {
  /** New text, or undefined when unchanged. */
  mainNf?: string;
  metaYml?: string;
  containers: ModuleContainers;
  writeLocks: { name: string; text: string }[];
  deleteLocks: string[];
  /** Things the user should know (a missing lock, a build that failed and is left out). */
  notes: string[];
}

export class ModulePlanError extends Error {}

const image = (images: readonly BuiltImage[], engine: Engine, platform: Platform) => images.find((i) => i.engine === engine && i.platform === platform);

/** The amd64 builds every module needs; an error naming what is missing. */
function required(images: readonly BuiltImage[]): { docker: BuiltImage; singularity: BuiltImage & { https: string } } {
  const docker = image(images, 'docker', 'linux/amd64');
  const singularity = image(images, 'singularity', 'linux/amd64');
  if (!docker || !singularity) throw new ModulePlanError(`The linux/amd64 ${!docker ? 'Docker' : 'Singularity'} build is missing; nothing can be written without it.`);
  if (!singularity.https) throw new ModulePlanError('The linux/amd64 Singularity image has no HTTPS URL.');
  return { docker, singularity: { ...singularity, https: singularity.https } };
}

/**
 * Up to date: main.nf already names the linux/amd64 images Wave answered, and
 * meta.yml records those same builds. Then nothing is written (not even for
 * arm64 builds meta.yml does not record: the caller says so).
 */
export function isUpToDate(state: Pick<ModuleState, 'mainNf' | 'metaYml'>, images: readonly BuiltImage[]): boolean {
  const found = findContainerDirective(state.mainNf);
  if (!found.found) return false;
  const { docker, singularity } = required(images);
  if (found.directive.docker !== docker.name || found.directive.singularity !== singularity.https) return false;
  const recorded = readContainers(state.metaYml);
  const d = recorded?.docker['linux/amd64'];
  const s = recorded?.singularity['linux/amd64'];
  return d?.name === docker.name && d.buildId === docker.buildId && s?.name === singularity.name && s.buildId === singularity.buildId && s.https === singularity.https;
}

/**
 * The plan for these images and locks (`locks`: lock text per platform, from
 * that platform's Docker build). A platform without a lock keeps the lock
 * meta.yml names when it belongs to the same build and is on disk; otherwise
 * its conda entry is left out, with a note.
 */
export function planModuleUpdate(state: ModuleState, images: readonly BuiltImage[], locks: Partial<Record<Platform, string>>): ModulePlan {
  const found = findContainerDirective(state.mainNf);
  if (!found.found) throw new ModulePlanError(`main.nf: ${found.reason}`);
  const { docker, singularity } = required(images);
  const current = readContainers(state.metaYml);
  const containers: ModuleContainers = { conda: {}, docker: {}, singularity: {} };
  const notes: string[] = [];
  const keep: string[] = [];
  const writeLocks: { name: string; text: string }[] = [];
  for (const p of PLATFORMS) {
    const d = image(images, 'docker', p);
    const s = image(images, 'singularity', p);
    if (d) containers.docker[p] = { name: d.name, buildId: d.buildId, ...(d.scanId ? { scanId: d.scanId } : {}) };
    if (s) {
      if (!s.https) throw new ModulePlanError(`The ${p} Singularity image has no HTTPS URL.`);
      containers.singularity[p] = { name: s.name, buildId: s.buildId, https: s.https };
    }
    if (!d) continue;
    const name = lockFileName(p, d.buildId);
    const text = locks[p];
    if (text !== undefined) {
      containers.conda[p] = { lockFile: lockFileRef(state.modulePath, p, d.buildId) };
      keep.push(name);
      if (state.lockFiles[name] !== text) writeLocks.push({ name, text });
    } else if (current?.conda[p]?.lockFile.endsWith(`/${name}`) && state.lockFiles[name] !== undefined) {
      containers.conda[p] = current.conda[p];
      keep.push(name);
    } else {
      notes.push(`Wave did not provide the conda lock of the ${p} Docker build ${d.buildId}; meta.yml records no lock file for ${p}.`);
    }
  }
  const directive = found.directive;
  const mainNf = directive.docker === docker.name && directive.singularity === singularity.https
    ? undefined
    : rewriteDirective(state.mainNf, directive, singularity.https, docker.name);
  const metaYml = sameContainers(current, containers) ? undefined : writeContainers(state.metaYml, containers);
  return { mainNf, metaYml, containers, writeLocks, deleteLocks: staleLockFiles(Object.keys(state.lockFiles), keep), notes };
}

export function planIsEmpty(p: ModulePlan): boolean {
  return p.mainNf === undefined && p.metaYml === undefined && p.writeLocks.length === 0 && p.deleteLocks.length === 0;
}
