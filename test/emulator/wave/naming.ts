import { parse } from 'yaml';
import { badRequest } from '../http';

/**
 * Image names as Wave gives them to builds from conda packages (the reference's
 * "Image names (nameStrategy)"): which repository, which tag, and the
 * Seqera Containers rules for the public community repository.
 */
export type NameStrategy = 'none' | 'tagPrefix' | 'imageSuffix';

/** The public repository of Seqera Containers (Wave's `defaultPublicRepository`). */
export const COMMUNITY_REGISTRY = 'community.wave.seqera.io';
/** Where Wave serves the blobs of community images over HTTPS (Singularity `https` URLs). */
export const COMMUNITY_BLOB_HOST = 'community-cr-prod.seqera.io';

const MAX_TOOLS = 5;

export function nameStrategyOf(value: unknown): NameStrategy | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'none' || value === 'tagPrefix' || value === 'imageSuffix') return value;
  throw badRequest(`Unsupported image naming strategy: '${String(value)}'`);
}

/**
 * Tool names (and versions) of a conda environment file: its `name:` if it has
 * one, else each dependency with `pip:` and `channel::` stripped, URLs skipped,
 * split on `=`, `<`, `>` (first token the name, second the version). With
 * `split`, names and distinct versions come apart; without it each tool is
 * `name-version`. Undefined when the file says nothing usable.
 */
export function condaTools(condaFile: string, split: boolean): { names: string[]; versions: (string | undefined)[] } | undefined {
  let doc: unknown;
  try {
    doc = parse(condaFile);
  } catch {
    return undefined;
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  if (d.name !== undefined && d.name !== null && d.name !== '' && d.name !== false) {
    return { names: [String(d.name)], versions: [undefined] };
  }
  if (!Array.isArray(d.dependencies)) return undefined;
  const specs: string[] = [];
  for (const dep of d.dependencies) {
    if (typeof dep === 'string') specs.push(dep);
    else if (typeof dep === 'object' && dep !== null && !Array.isArray(dep)) {
      for (const [k, v] of Object.entries(dep)) {
        if (k !== 'pip' || !Array.isArray(v)) return undefined;
        for (const p of v) specs.push('pip:' + String(p));
      }
    } else return undefined;
  }
  const names = new Set<string>();
  const versions = new Set<string | undefined>();
  for (let spec of specs) {
    if (spec.startsWith('pip:') && spec.length > 4 && spec[4] !== ':') spec = spec.slice(4);
    if (spec.startsWith('https://') || spec.startsWith('http://')) continue;
    const p = spec.indexOf('::');
    if (p !== -1) spec = spec.slice(p + 2);
    const [name, version] = spec.split(/[=><]/).filter((t) => t !== '');
    if (split) versions.add(version);
    const tool = split ? name : version ? `${name}-${version}` : name;
    if (tool) names.add(tool);
  }
  return { names: [...names], versions: [...versions] };
}

/** The first four tools and `pruned` past five. */
function joinTools(tools: string[]): string | undefined {
  if (!tools.length) return undefined;
  return (tools.length <= MAX_TOOLS ? tools : [...tools.slice(0, MAX_TOOLS - 1), 'pruned']).join('_');
}

function normalise(value: string | undefined, maxLength: number, invalid: RegExp): string | undefined {
  if (!value) return undefined;
  let s = value.replace(invalid, '');
  if (s.length > maxLength) {
    let out = '';
    for (const part of s.split('_').filter((p) => p !== '')) {
      if (out) out += '_';
      out += part;
      if (out.length > maxLength) break;
    }
    s = out;
  }
  if (s.length > maxLength) s = s.slice(0, maxLength);
  s = s.replace(/^[\W_]+|[\W_]+$/g, '');
  return s || undefined;
}

export const normaliseTag = (v: string | undefined): string | undefined => normalise(v, 80, /[^a-zA-Z0-9_.-]/g);
export const normaliseName = (v: string | undefined): string | undefined => normalise(v?.toLowerCase(), 255, /[^a-z0-9_./-]/g);

/**
 * The repository a build goes to: the given build repository, else (freeze)
 * the community repository, else the default build repository. The bare
 * community host gets `/library` (strategy unset or `imageSuffix`) or
 * `/library/build` (any other strategy).
 */
export function buildRepositoryFor(buildRepository: string | undefined, freeze: boolean, defaultRepository: string, strategy: NameStrategy | undefined): string {
  const repo = buildRepository ?? (freeze ? COMMUNITY_REGISTRY : defaultRepository);
  if (!repo.startsWith(COMMUNITY_REGISTRY)) return repo;
  const parts = repo.split('/').filter((p) => p !== '');
  if (parts.length > 1) return repo;
  return repo + (strategy === undefined || strategy === 'imageSuffix' ? '/library' : '/library/build');
}

/** The strategy Wave applies: unset means `imageSuffix` in the community repository. */
export function effectiveStrategy(repo: string, strategy: NameStrategy | undefined): NameStrategy | undefined {
  return strategy === undefined && repo.startsWith(COMMUNITY_REGISTRY) ? 'imageSuffix' : strategy;
}

/**
 * `repo:tag` of a build, `oras://` first for Singularity. An unset strategy
 * names like `tagPrefix`.
 */
export function targetImageName(format: 'DOCKER' | 'SINGULARITY', repo: string, id: string, condaFile: string | undefined, strategy: NameStrategy | undefined): string {
  let tag = id;
  if (strategy === undefined || strategy === 'tagPrefix') {
    const tools = condaFile ? condaTools(condaFile, false) : undefined;
    const prefix = tools ? normaliseTag(joinTools(tools.names)) : undefined;
    if (prefix) tag = `${prefix}--${id}`;
  } else if (strategy === 'imageSuffix') {
    const tools = condaFile ? condaTools(condaFile, true) : undefined;
    if (tools) {
      const suffix = normaliseName(joinTools(tools.names));
      if (suffix) repo = `${repo.replace(/\/+$/, '')}/${suffix}`;
      const version = tools.versions.length === 1 ? normaliseTag(tools.versions[0]) : undefined;
      if (version) tag = `${version}--${id}`;
    }
  }
  const image = `${repo}:${tag}`;
  return format === 'SINGULARITY' ? `oras://${image}` : image;
}

/** The HTTPS URL of a community blob, as nf-core writes it for Singularity. */
export function communityBlobUrl(digest: string): string {
  const hex = digest.replace(/^sha256:/, '');
  return `https://${COMMUNITY_BLOB_HOST}/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
}
