import { SeqeraError } from '../net/errors';

/**
 * The answer of Wave's `POST /v1alpha1/inspect`: `{container: ContainerSpec}`
 * for a single-platform image (or when a platform was asked for), or
 * `{index: IndexSpec}` for a multi-platform image (wave-api
 * `ContainerInspectResponse`, `core/spec/*`).
 *
 * Read leniently: this only feeds a document a person reads, so a field of an
 * unexpected type is left out instead of failing the whole inspection. Only a
 * body with neither `container` nor `index` is an error.
 */
export interface ObjectRef {
  mediaType?: string;
  digest?: string;
  size?: number;
  annotations?: Record<string, string>;
}

export interface ImageConfig {
  user?: string;
  env: string[];
  cmd: string[];
  entrypoint: string[];
  workingDir?: string;
  labels: Record<string, string>;
}

export interface ContainerSpec {
  registry?: string;
  hostName?: string;
  imageName?: string;
  reference?: string;
  digest?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config: ImageConfig;
  manifest: { schemaVersion?: number; mediaType?: string; config?: ObjectRef; layers: ObjectRef[] };
}

export interface IndexManifest extends ObjectRef {
  platform?: { architecture?: string; os?: string; variant?: string };
}

export interface IndexSpec {
  schemaVersion?: number;
  mediaType?: string;
  digest?: string;
  manifests: IndexManifest[];
}

export type InspectResult = { kind: 'container'; container: ContainerSpec } | { kind: 'index'; index: IndexSpec };

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

function s(o: Obj | undefined, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o?.[k];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function n(o: Obj | undefined, key: string): number | undefined {
  const v = o?.[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function strings(o: Obj | undefined, ...keys: string[]): string[] {
  for (const k of keys) {
    const v = o?.[k];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  }
  return [];
}

function stringMap(o: Obj | undefined, ...keys: string[]): Record<string, string> {
  for (const k of keys) {
    const m = asObj(o?.[k]);
    if (m) {
      const out: Record<string, string> = {};
      for (const [key, v] of Object.entries(m)) if (typeof v === 'string') out[key] = v;
      return out;
    }
  }
  return {};
}

/** An ISO date, or epoch seconds (Jackson's numeric form of an Instant). */
function date(o: Obj | undefined, key: string): string | undefined {
  const v = o?.[key];
  if (typeof v === 'string' && v) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000).toISOString();
  return undefined;
}

function objectRef(v: unknown): ObjectRef | undefined {
  const o = asObj(v);
  if (!o) return undefined;
  const annotations = stringMap(o, 'annotations');
  return {
    mediaType: s(o, 'mediaType'),
    digest: s(o, 'digest'),
    size: n(o, 'size'),
    ...(Object.keys(annotations).length ? { annotations } : {}),
  };
}

function containerSpec(o: Obj): ContainerSpec {
  const configSpec = asObj(o.config);
  const cfg = asObj(configSpec?.config);
  const manifest = asObj(o.manifest);
  return {
    registry: s(o, 'registry'),
    hostName: s(o, 'hostName'),
    imageName: s(o, 'imageName'),
    reference: s(o, 'reference'),
    digest: s(o, 'digest'),
    architecture: s(configSpec, 'architecture'),
    os: s(configSpec, 'os'),
    variant: s(configSpec, 'variant'),
    created: date(configSpec, 'created'),
    config: {
      user: s(cfg, 'user', 'User'),
      env: strings(cfg, 'env', 'Env'),
      cmd: strings(cfg, 'cmd', 'Cmd'),
      entrypoint: strings(cfg, 'entrypoint', 'Entrypoint'),
      workingDir: s(cfg, 'workingDir', 'WorkingDir'),
      labels: stringMap(cfg, 'labels', 'Labels'),
    },
    manifest: {
      schemaVersion: n(manifest, 'schemaVersion'),
      mediaType: s(manifest, 'mediaType'),
      config: objectRef(manifest?.config),
      layers: (Array.isArray(manifest?.layers) ? manifest.layers : [])
        .map(objectRef)
        .filter((x): x is ObjectRef => x !== undefined),
    },
  };
}

function indexSpec(o: Obj): IndexSpec {
  const manifests = Array.isArray(o.manifests) ? o.manifests : [];
  return {
    schemaVersion: n(o, 'schemaVersion'),
    mediaType: s(o, 'mediaType'),
    digest: s(o, 'digest'),
    manifests: manifests.flatMap((m): IndexManifest[] => {
      const ref = objectRef(m);
      if (!ref) return [];
      const p = asObj(asObj(m)?.platform);
      return [{ ...ref, ...(p ? { platform: { architecture: s(p, 'architecture'), os: s(p, 'os'), variant: s(p, 'variant') } } : {}) }];
    }),
  };
}

export function parseInspectResponse(body: unknown): InspectResult {
  const o = asObj(body);
  const container = asObj(o?.container);
  if (container) return { kind: 'container', container: containerSpec(container) };
  const index = asObj(o?.index);
  if (index) return { kind: 'index', index: indexSpec(index) };
  throw new SeqeraError('invalidResponse', 'Wave answered the inspection without a container or an index description.', {
    detail: 'POST /v1alpha1/inspect: neither container nor index in the body',
  });
}
