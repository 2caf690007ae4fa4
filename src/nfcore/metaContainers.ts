import { Document, isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import { yamlErrorOffsets } from '../wave/yamlPosition';

/**
 * The `containers:` section of an nf-core module's meta.yml (wave.md,
 * "How nf-core records them"): read it in any spelling nf-core used, and write
 * it with snake_case keys as the last top-level key while the rest of the file
 * stays byte for byte. The yaml library's Document API finds the section's
 * exact source range; only that range changes.
 */
export const PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;
export type Platform = (typeof PLATFORMS)[number];
export type Engine = 'docker' | 'singularity';

export interface RecordedImage {
  name: string;
  buildId: string;
  /** Docker only. */
  scanId?: string;
  /** Singularity only: the HTTPS URL of the SIF blob. */
  https?: string;
}

export interface ModuleContainers {
  conda: Partial<Record<Platform, { lockFile: string }>>;
  docker: Partial<Record<Platform, RecordedImage>>;
  singularity: Partial<Record<Platform, RecordedImage>>;
}

export class MetaYamlError extends Error {}

function parse(metaYml: string, file: string): Document.Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(metaYml, { keepSourceTokens: false, prettyErrors: false, lineCounter });
  const err = doc.errors[0];
  if (err) {
    // At the bracket or quote left open, not where the parser noticed it (#17.7).
    const { line, col } = lineCounter.linePos(yamlErrorOffsets(metaYml, err)[0]);
    throw new MetaYamlError(`${file}:${line}:${col}: invalid YAML: ${err.message.split('\n')[0]}`);
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw new MetaYamlError(`${file}: the top level is not a mapping`);
  return doc;
}

function containersPair(doc: Document.Parsed): Pair | undefined {
  if (!isMap(doc.contents)) return undefined;
  return doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'containers') as Pair | undefined;
}

const platformOf = (key: string): Platform | undefined => {
  const p = key.replace('_', '/');
  return (PLATFORMS as readonly string[]).includes(p) ? (p as Platform) : undefined;
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The builds a meta.yml records (also `linux_amd64` keys and `scanId`, as some modules have them); undefined without a section. */
export function readContainers(metaYml: string, file = 'meta.yml'): ModuleContainers | undefined {
  const doc = parse(metaYml, file);
  const pair = containersPair(doc);
  if (!pair) return undefined;
  const value: unknown = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
  const out: ModuleContainers = { conda: {}, docker: {}, singularity: {} };
  if (typeof value !== 'object' || value === null) return out;
  const section = value as Record<string, unknown>;
  const entries = (k: string): [Platform, Record<string, unknown>][] => {
    const m = section[k];
    if (typeof m !== 'object' || m === null) return [];
    return Object.entries(m as Record<string, unknown>).flatMap(([key, v]) => {
      const p = platformOf(key);
      return p && typeof v === 'object' && v !== null ? [[p, v as Record<string, unknown>] as [Platform, Record<string, unknown>]] : [];
    });
  };
  for (const [p, v] of entries('conda')) {
    const lockFile = str(v.lock_file);
    if (lockFile) out.conda[p] = { lockFile };
  }
  for (const engine of ['docker', 'singularity'] as const) {
    for (const [p, v] of entries(engine)) {
      const name = str(v.name);
      const buildId = str(v.build_id) ?? str(v.buildId);
      if (!name || !buildId) continue;
      const image: RecordedImage = { name, buildId };
      const scanId = str(v.scan_id) ?? str(v.scanId);
      if (scanId) image.scanId = scanId;
      const https = str(v.https);
      if (https) image.https = https;
      out[engine][p] = image;
    }
  }
  return out;
}

/**
 * The section as plain data with nf-core's snake_case keys, in the order
 * nf-core's tool writes it (docker, singularity, conda, as 75 of the 84 corpus
 * modules have it; amd64 before arm64).
 */
export function containersData(c: ModuleContainers): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const conda: Record<string, unknown> = {};
  for (const p of PLATFORMS) if (c.conda[p]) conda[p] = { lock_file: c.conda[p].lockFile };
  for (const engine of ['docker', 'singularity'] as const) {
    const m: Record<string, unknown> = {};
    for (const p of PLATFORMS) {
      const i = c[engine][p];
      if (!i) continue;
      m[p] = engine === 'docker'
        ? { name: i.name, build_id: i.buildId, ...(i.scanId ? { scan_id: i.scanId } : {}) }
        : { name: i.name, build_id: i.buildId, ...(i.https ? { https: i.https } : {}) };
    }
    if (Object.keys(m).length) out[engine] = m;
  }
  if (Object.keys(conda).length) out.conda = conda;
  return out;
}

/** Whether two recorded sections say the same (key spelling and order aside). */
export function sameContainers(a: ModuleContainers | undefined, b: ModuleContainers | undefined): boolean {
  return JSON.stringify(a ? containersData(a) : null) === JSON.stringify(b ? containersData(b) : null);
}

/**
 * meta.yml with its `containers:` section replaced (or added) as the last
 * top-level key. Everything outside the old section's source range is kept
 * byte for byte, comments and key order included.
 */
export function writeContainers(metaYml: string, c: ModuleContainers, file = 'meta.yml'): string {
  const doc = parse(metaYml, file);
  const pair = containersPair(doc);
  let rest = metaYml;
  if (pair) {
    const key = pair.key as { range?: [number, number, number] };
    const value = pair.value as { range?: [number, number, number] } | null;
    const from = key.range ? metaYml.lastIndexOf('\n', key.range[0] - 1) + 1 : -1;
    let to = value?.range ? value.range[1] : key.range ? key.range[2] : -1;
    if (from < 0 || to < 0) throw new MetaYamlError(`${file}: could not locate the containers section`);
    const nl = metaYml.indexOf('\n', Math.max(from, to - 1));
    to = metaYml[to - 1] === '\n' ? to : nl < 0 ? metaYml.length : nl + 1;
    rest = metaYml.slice(0, from) + metaYml.slice(to);
  }
  const section = new Document({ containers: containersData(c) }).toString({ lineWidth: 0, indent: 2 });
  if (rest !== '' && !rest.endsWith('\n')) rest += '\n';
  return rest + section;
}

/** meta.yml as data (for schema validation). */
export function metaData(metaYml: string, file = 'meta.yml'): unknown {
  return parse(metaYml, file).toJS();
}
