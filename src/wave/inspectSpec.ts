import { SeqeraError } from '../net/errors';
import { entriesOf, itemsOf, lenient, map, nonEmptyStr, num, object, optional, str, type Check } from '../net/validate';

/**
 * The answer of Wave's `POST /v1alpha1/inspect`: `{container: ContainerSpec}`
 * for a single-platform image (or when a platform was asked for), or
 * `{index: IndexSpec}` for a multi-platform image (wave-api
 * `ContainerInspectResponse`, `core/spec/*`).
 *
 * Read leniently (net/validate.ts `lenient`): this only feeds a document a
 * person reads, so a field of an unexpected type is left out instead of failing
 * the whole inspection. Only a body with neither `container` nor `index` is an
 * error. Image configs come in both spellings (`env` and Docker's `Env`).
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

/** Absent, null or of the wrong type: undefined. */
function loose<T>(check: Check<T>): Check<T | undefined> {
  return lenient(optional(check));
}

const text = loose(nonEmptyStr);
const texts = loose(itemsOf(str));
const textMap = loose(entriesOf(loose(str)));

/** A number, or a string of digits (registries write sizes both ways). */
const count = loose<number>((v, path) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : num(v, path)));

/** An ISO date, or epoch seconds (Jackson's numeric form of an Instant). */
const date = loose<string>((v, path) => (typeof v === 'number' && Number.isFinite(v) ? new Date(v * 1000).toISOString() : nonEmptyStr(v, path)));

const objectRef: Check<ObjectRef> = map(
  object<ObjectRef>({ mediaType: text, digest: text, size: count, annotations: textMap }),
  (ref) => {
    if (ref.annotations && Object.keys(ref.annotations).length === 0) delete ref.annotations;
    return ref;
  },
);

/** The image config in either spelling: the lower-case key when it reads, else Docker's capitalised one. */
const imageConfig: Check<ImageConfig> = map(
  loose(
    object({
      user: text,
      User: text,
      env: texts,
      Env: texts,
      cmd: texts,
      Cmd: texts,
      entrypoint: texts,
      Entrypoint: texts,
      workingDir: text,
      WorkingDir: text,
      labels: textMap,
      Labels: textMap,
    }),
  ),
  (c) => ({
    user: c?.user ?? c?.User,
    env: c?.env ?? c?.Env ?? [],
    cmd: c?.cmd ?? c?.Cmd ?? [],
    entrypoint: c?.entrypoint ?? c?.Entrypoint ?? [],
    workingDir: c?.workingDir ?? c?.WorkingDir,
    labels: c?.labels ?? c?.Labels ?? {},
  }),
);

const configSpec = loose(object({ architecture: text, os: text, variant: text, created: date, config: imageConfig }));

const manifest = loose(
  object<ContainerSpec['manifest']>({
    schemaVersion: count,
    mediaType: text,
    config: loose(objectRef),
    layers: map(loose(itemsOf(objectRef)), (layers) => layers ?? []),
  }),
);

const containerSpec: Check<ContainerSpec> = map(
  object({ registry: text, hostName: text, imageName: text, reference: text, digest: text, config: configSpec, manifest }),
  ({ config, manifest, ...image }) => {
    const { config: imageCfg, ...platform } = config ?? {};
    return {
      ...image,
      ...platform,
      config: imageCfg ?? imageConfig(undefined, 'config'),
      manifest: manifest ?? { layers: [] },
    };
  },
);

const indexManifest: Check<IndexManifest> = map(
  object<ObjectRef & { platform?: IndexManifest['platform'] }>({
    mediaType: text,
    digest: text,
    size: count,
    annotations: textMap,
    platform: loose(object({ architecture: text, os: text, variant: text })),
  }),
  (m) => {
    if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
    return m;
  },
);

const indexSpec = object<IndexSpec>({
  schemaVersion: count,
  mediaType: text,
  digest: text,
  manifests: map(loose(itemsOf(indexManifest)), (manifests) => manifests ?? []),
});

const inspectBody = object({ container: loose(containerSpec), index: loose(indexSpec) });

export function parseInspectResponse(body: unknown): InspectResult {
  const o = lenient(inspectBody)(body, 'the inspection');
  if (o?.container) return { kind: 'container', container: o.container };
  if (o?.index) return { kind: 'index', index: o.index };
  throw new SeqeraError('invalidResponse', 'Wave answered the inspection without a container or an index description.', {
    detail: 'POST /v1alpha1/inspect: neither container nor index in the body',
  });
}
